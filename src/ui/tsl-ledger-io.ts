// <tsl-ledger-io>: export the run report of this tab's models (JSON: runs, models with their
// lineage, measurements), its tables (CSV) and a one-page HTML summary with the charts as images;
// import a report file to compare its models with the live ones.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { epochsCsv, ledgerCsv, pruneCsv, serveCsv } from '../metrics/export-tables.ts';
import type { SummaryImage } from '../metrics/summary-html.ts';
import { summaryHtml } from '../metrics/summary-html.ts';
import type { Lab } from '../state/lab.ts';
import type { LedgerState } from '../state/ledger-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import { StoreController } from '../state/store.ts';
import { downloadBlob } from '../state/download.ts';
import { labContext } from './lab-context.ts';

/** Hands a text file to the browser's download. */
function download(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

@customElement('tsl-ledger-io')
export class TslLedgerIo extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 8px; font-size: 0.9rem; }
    h2 { font-size: 0.95rem; margin: 4px 0 0; }
    .buttons { display: flex; flex-wrap: wrap; gap: 6px; }
    button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .error { color: #b00020; font-weight: 600; margin: 0; }
    .ok { color: #1b5e20; margin: 0; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    input[type='file'] { font: inherit; font-size: 0.85rem; max-width: 100%; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  /** The charts on screen as images, for the HTML summary. */
  @property({ attribute: false }) images: () => SummaryImage[] = () => [];
  private ledger!: StoreController<LedgerState>;
  private registry!: StoreController<RegistryState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ledger ??= new StoreController(this, this.lab.ledger.store);
    this.registry ??= new StoreController(this, this.lab.registry.store, (s) => [s.models, s.measurements]);
  }

  private stamp(): string {
    return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  }

  private export(kind: 'json' | 'epochs' | 'serve' | 'prune' | 'ledger' | 'html'): void {
    const report = this.lab.ledger.report();
    const runs = this.lab.ledger.ownRuns(report);
    const base = `train-serve-${this.stamp()}`;
    const perDay = this.lab.ledger.store.state.settings.queriesPerDay;
    const csv = 'text/csv;charset=utf-8';
    switch (kind) {
      case 'json':
        return download(`${base}-report.json`, 'application/json', JSON.stringify(report, null, 2));
      case 'epochs':
        return download(`${base}-epochs.csv`, csv, epochsCsv(runs));
      case 'serve':
        return download(`${base}-serve.csv`, csv, serveCsv(runs));
      case 'prune':
        return download(`${base}-prune.csv`, csv, pruneCsv(runs));
      case 'ledger':
        return download(`${base}-ledger.csv`, csv, ledgerCsv(this.lab.ledger.rows(), perDay));
      case 'html':
        return download(`${base}-summary.html`, 'text/html;charset=utf-8', summaryHtml(report, this.lab.ledger.rows(), perDay, this.images()));
    }
  }

  private async onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await this.lab.ledger.importFile(file);
    input.value = '';
  }

  override render() {
    const own = this.lab.ledger.ownModels();
    const none = own.length === 0;
    const ownIds = new Set(own.map((m) => m.id));
    const measured = (kind: 'serve' | 'sweep') => this.registry.state.measurements.some((m) => m.kind === kind && ownIds.has(m.modelId));
    const pruned = own.some((m) => m.origin.kind === 'pruned');
    const msg = this.ledger.state.importMessage;
    return html`
      <h2>Export this session</h2>
      <div class="buttons">
        <button data-action="export-json" ?disabled=${none} @click=${() => this.export('json')}>Report (JSON)</button>
        <button data-action="export-html" ?disabled=${none} @click=${() => this.export('html')}>Summary (HTML)</button>
      </div>
      <div class="buttons" role="group" aria-label="Tables as CSV">
        <button data-action="export-epochs" ?disabled=${none} @click=${() => this.export('epochs')}>Epochs CSV</button>
        <button data-action="export-serve" ?disabled=${none || !measured('serve')} @click=${() => this.export('serve')}>Serve CSV</button>
        <button data-action="export-prune" ?disabled=${none || !(pruned || measured('sweep'))} @click=${() => this.export('prune')}>Prune CSV</button>
        <button data-action="export-ledger" ?disabled=${none} @click=${() => this.export('ledger')}>Ledger CSV</button>
      </div>
      ${none ? html`<p class="note">Nothing to export yet: finish a training run first.</p>` : nothing}
      <h2><label for="import">Compare with a report file</label></h2>
      <p class="note">Its models join the ledger marked "imported", with their measurements; a file already read adds nothing.</p>
      <input id="import" type="file" accept=".json,application/json" data-action="import" @change=${(e: Event) => this.onFile(e)} />
      ${msg ? html`<p class=${msg.kind === 'error' ? 'error' : 'ok'} role=${msg.kind === 'error' ? 'alert' : 'status'} data-import-message>${msg.text}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-io': TslLedgerIo;
  }
}
