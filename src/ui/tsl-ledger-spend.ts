// <tsl-ledger-spend>: the Ledger's "where to spend" section. Every option (dense, augmented, a
// size, a distilled student, a pruned model, test-time augmentation at k views) priced on the same
// two axes from the registry and the Ledger's rows; for the traffic set, the cheapest option that
// reaches the accuracy asked for and the traffic at which the answer changes, with the hand
// computation beside it; test-time augmentation measured here; "repeat with 3 seeds".
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ttaCsv } from '../metrics/export-tables.ts';
import { accuracyParts, formatCount, formatExactCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { TtaRecord } from '../metrics/report.ts';
import { TTA_BLOCK_SIZE, TTA_CROP_MARGIN, TTA_VIEW_COUNTS } from '../serve/tta-views.ts';
import type { SpendAnswer } from '../spend/decide.ts';
import type { SpendGroup } from '../spend/options.ts';
import { costAt } from '../spend/crossover.ts';
import type { Lab } from '../state/lab.ts';
import type { LedgerState } from '../state/ledger-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import type { SpendSettings, SpendState } from '../state/spend-state.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import { downloadBlob } from '../state/download.ts';
import { labContext } from './lab-context.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';
import './tsl-ledger-spend-charts.ts';
import './tsl-ledger-spend-tta.ts';

/** "model 1.2 · TTA ×4", "model 3.1 · augmented, 4×2": short enough for a legend. */
export function shortName(g: SpendGroup): string {
  const o = g.options[0]!;
  return `${o.modelName.split(' · ')[0]!} · ${o.label}`;
}

const STACK_BELOW_REM = 56;

const range = (lo: number, hi: number, fmt: (x: number) => string) => (lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`);

@customElement('tsl-ledger-spend')
export class TslLedgerSpend extends LitElement {
  // Seven columns need about 50 rem at this type size; below 56 rem (a projector in lecture mode) each option stacks.
  static override styles = [howLegendStyles, stackedTableStyles(STACK_BELOW_REM), css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    h2 { margin: 0; }
    h3 { font-size: 0.95rem; margin: 4px 0 0; }
    .fields { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; }
    label { display: flex; flex-direction: column; gap: 3px; font-size: 0.85rem; font-weight: 600; }
    input, select, button { font: inherit; font-weight: 400; padding: 4px 6px; border: 1px solid #778; border-radius: 5px; }
    input { width: 7rem; }
    button { cursor: pointer; background: #fff; }
    :is(input, select, button):focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 1px; }
    .note, .error { margin: 0; font-size: 0.85rem; }
    .error { color: #a00; }
    .answer { border-left: 4px solid var(--tsl-accent, #0072b2); background: #f3f7fb; padding: 8px 12px; margin: 0; line-height: 1.45; }
    .answer span { display: block; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 11rem; max-width: 16rem; }
    td .sub { white-space: nowrap; }
    /* A range may break after "range": several seeds' rows would otherwise push the last column out. */
    td .sub.range, td .sub.why { white-space: normal; }
    td .sub.range .v { white-space: nowrap; }
    td:first-child .sub { white-space: normal; }
    tr.best td, tr.best th { background: #eaf5ea; }
    tr.out { color: #666; }
    .sub { display: block; font-size: 0.75rem; color: #555; white-space: normal; }
    td:last-child { white-space: normal; }
    td:last-child button { font-size: 0.8rem; max-width: 7rem; }
    tr.best { background: #eaf5ea; }
    @container (max-width: ${unsafeCSS(`${STACK_BELOW_REM}rem`)}) {
      td .sub { white-space: normal; }
      td.whole { font-weight: 600; }
      td.whole .sub { font-weight: 400; }
    }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private spendStore!: StoreController<SpendState>;
  private taskStore!: StoreController<TaskState>;
  private ledgerStore!: StoreController<LedgerState>;
  private registryStore!: StoreController<RegistryState>;
  /** A Levers job holds the training worker, so a repeat (which trains) waits for it. */
  private leversTask!: StoreController<TaskState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.spendStore ??= new StoreController(this, this.lab.spend.store);
    this.taskStore ??= new StoreController(this, this.lab.spend.task.store);
    this.ledgerStore ??= new StoreController(this, this.lab.ledger.store, (s) => [s.settings]);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (s) => [s.models, s.measurements, s.selectedId]);
    this.leversTask ??= new StoreController(this, this.lab.levers.task.store);
  }

  private set(raw: Partial<Record<keyof SpendSettings, unknown>>) {
    this.lab.spend.updateSettings(raw);
  }

  override render() {
    const s = this.spendStore.state;
    const groups = this.lab.spend.groups();
    const answer = this.lab.spend.answer(groups);
    const names = new Map(groups.map((g) => [g.key, shortName(g)]));
    return html`
      <h2>Where to spend: at training time or at query time</h2>
      <p class="note">Every option below is a model in the registry, or test-time augmentation of one: all the training behind it (measured wall time, summed along its lineage, so a distilled student carries its teacher and a pruned model its parent; analytic FLOPs) against the cost of one query (the Ledger's median model-only p50 on the chosen backend, or the test-time augmentation rounds'; analytic FLOPs × views). The lines are cost(q) = training + q × cost per query.</p>
      ${this.renderFields(s)}
      ${this.renderTta(s)}
      <p class="answer" data-spend-answer>${this.sentences(answer, groups, names).map((t) => html`<span>${t}</span>`)}</p>
      <tsl-ledger-spend-charts .groups=${groups} .answer=${answer} unit=${s.settings.unit} .names=${names}></tsl-ledger-spend-charts>
      ${this.renderTable(groups, answer, names)}`;
  }

  private renderFields(s: SpendState) {
    const e = s.errors;
    const perDay = this.ledgerStore.state.settings.queriesPerDay;
    return html`<div class="fields">
        <label>Accuracy asked for (%)
          <input name="targetPct" inputmode="decimal" .value=${String(s.settings.targetPct)} @change=${(ev: Event) => this.set({ targetPct: (ev.target as HTMLInputElement).value })} />
        </label>
        <label>Counts as reaching it
          <select name="rule" @change=${(ev: Event) => this.set({ rule: (ev.target as HTMLSelectElement).value })}>
            <option value="measured" ?selected=${s.settings.rule === 'measured'}>its measured accuracy</option>
            <option value="interval" ?selected=${s.settings.rule === 'interval'}>its 95% interval's lower end</option>
          </select>
        </label>
        <label>Days of traffic
          <input name="days" inputmode="numeric" .value=${String(s.settings.days)} @change=${(ev: Event) => this.set({ days: (ev.target as HTMLInputElement).value })} />
        </label>
        <label>Cost in
          <select name="spendUnit" @change=${(ev: Event) => this.set({ unit: (ev.target as HTMLSelectElement).value })}>
            <option value="time" ?selected=${s.settings.unit === 'time'}>time (measured)</option>
            <option value="flops" ?selected=${s.settings.unit === 'flops'}>FLOPs (analytic)</option>
          </select>
        </label>
        <label>Serving backend
          <select name="spendBackend" @change=${(ev: Event) => this.set({ backend: (ev.target as HTMLSelectElement).value })}>
            ${['wasm', 'webgl', 'cpu', 'webgpu'].map((b) => html`<option value=${b} ?selected=${s.settings.backend === b}>${b}</option>`)}
          </select>
        </label>
      </div>
      ${Object.values(e).map((m) => html`<p class="error" role="alert">${m}</p>`)}
      <p class="note">Traffic: the Ledger's ${formatExactCount(perDay)} queries per day (set above) for ${formatExactCount(s.settings.days)} days = ${formatExactCount(perDay * s.settings.days)} queries.</p>`;
  }

  private renderTta(s: SpendState) {
    const task = this.taskStore.state;
    const selected = this.lab.registry.selected;
    const backend = s.settings.backend;
    const latest = new Map<number, TtaRecord>();
    for (const r of s.tta) if (r.modelId === selected?.id && r.backend === backend) latest.set(r.views, r);
    const records = [...latest.values()].sort((a, b) => a.views - b.views);
    const running = task.status === 'running';
    const p = s.progress;
    return html`<h3>Test-time augmentation of the selected model</h3>
      <p class="note">Each query is answered with the mean of k views: the original, its mirror, a centre crop and its mirror, the four corner crops (each side ${formatPercent(1 - TTA_CROP_MARGIN, 1)} of the image, resized back), built and predicted as one batch in the serving worker. One worker per k (${TTA_VIEW_COUNTS.join(', ')}), each warmed, then blocks of ${TTA_BLOCK_SIZE} queries in turn on the same unseen test images, every test image once. No training: the model's own.</p>
      <div class="fields">
        <button data-action="measure-tta" ?disabled=${running || !selected?.hasWeights} @click=${() => void this.lab.spend.measureTta()}>Measure ${TTA_VIEW_COUNTS.slice(0, -1).join(', ')} and ${TTA_VIEW_COUNTS.at(-1)} views of ${selected ? selected.name.split(' · ')[0] : 'the selected model'} on ${backend}</button>
        ${running ? html`<button data-action="stop-spend" @click=${() => this.lab.spend.stop()}>Stop</button>` : nothing}
        <button data-action="export-tta" ?disabled=${s.tta.length === 0} title="Every model's test-time augmentation records: k, the views, accuracy with its 95% interval and n, model-only p50 with its 95% interval and n" @click=${() => this.exportTta()}>Test-time augmentation CSV</button>
        ${running ? html`<span class="note" role="status">${task.task}${p ? `: ${p.phase} ${p.done} of ${p.total}${p.detail ? ` (${p.detail})` : ''}` : '…'}</span>` : nothing}
      </div>
      ${task.error ? html`<p class="error" role="alert">${task.error}</p>` : nothing}
      ${records.length > 0 ? html`<tsl-ledger-spend-tta .records=${records}></tsl-ledger-spend-tta>` : selected ? html`<p class="note">Not measured for this model on ${backend} yet.</p>` : nothing}`;
  }

  private exportTta(): void {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadBlob(`train-serve-${stamp}-tta.csv`, new Blob([ttaCsv(this.lab.spend.records().tta)], { type: 'text/csv;charset=utf-8' }));
  }

  private sentences(a: SpendAnswer, groups: readonly SpendGroup[], names: ReadonlyMap<string, string>): string[] {
    const s = this.spendStore.state.settings;
    const perDay = this.ledgerStore.state.settings.queriesPerDay;
    const time = s.unit === 'time';
    const fmt = time ? formatMs : formatFlops;
    const per = (x: number) => (time ? formatMs(x) : formatFlops(x));
    const out: string[] = [];
    const traffic = `${formatExactCount(perDay)} queries a day for ${formatExactCount(s.days)} days (${formatExactCount(a.queries)} queries)`;
    if (groups.length === 0) return ['No option yet: train a model (and serve it) to price it here.'];
    if (!a.cheapest) {
      out.push(`At ${traffic}, no option reaches ${formatPercent(s.targetPct / 100)}${s.rule === 'interval' ? ' with its interval' : ''} with both costs measured (${a.excluded.length} left out; the table says why).`);
    } else {
      const c = a.lines.find((l) => l.key === a.cheapest!.key)!;
      out.push(`At ${traffic}, the cheapest option reaching ${formatPercent(s.targetPct / 100)} is ${names.get(c.key)}: ${fmt(c.upFront)} of training + ${formatExactCount(a.queries)} × ${per(c.perQuery)} = ${fmt(a.cheapestCost)}.`);
    }
    for (const ch of a.changes) {
      const q = Math.ceil(ch.queries);
      out.push(`The answer changes at ${formatExactCount(q)} queries (${formatCount(ch.queriesPerDay)} a day over ${formatExactCount(s.days)} days): below it ${names.get(ch.from)} is cheaper, above it ${names.get(ch.to)}. By hand: (${fmt(ch.toLine.upFront)} − ${fmt(ch.fromLine.upFront)}) ÷ (${per(ch.fromLine.perQuery)} − ${per(ch.toLine.perQuery)}) = ${formatCount(ch.queries)} queries.`);
    }
    if (a.cheapest && a.changes.length === 0 && a.lines.length > 1) out.push('The answer is the same at every traffic: the option with the least training is also the cheapest per query.');
    const single = groups.filter((g) => g.options.length === 1).length;
    if (single > 0) out.push(`${single} of ${groups.length} options rest on one seed: a single sample, whose accuracy and time would move with another seed. "Repeat with 3 seeds" trains more and shows medians and ranges.`);
    return out;
  }

  /** The spend table's figure columns: `why` an option is out, `busy` when a repeat must wait. */
  private columns(a: SpendAnswer, why: ReadonlyMap<string, string>, busy: boolean): TableColumn<SpendGroup>[] {
    const rangeOf = (lo: number, hi: number, format: (x: number) => string) => html`<span class="sub range">range <span class="v">${range(lo, hi, format)}</span></span>`;
    return [
      { name: 'seeds', cell: (g) => (g.options.length > 1 ? html`${g.options.length}<span class="sub">medians of ${g.options.length} seeds</span>` : html`1<span class="sub">a single sample</span>`) },
      {
        name: 'test accuracy', how: 'Measured on the unseen test images (TTA: the averaged answers), 95% Wilson interval; several seeds: median and range',
        cell: (g) => {
          if (g.options.length > 1) return html`${formatPercent(g.testAcc)}${rangeOf(g.range.testAcc[0], g.range.testAcc[1], (x) => formatPercent(x))}`;
          const acc = accuracyParts(g.testAcc, g.options[0]!.testCount);
          return html`${acc.value}<span class="sub">${acc.interval}, ${acc.count}</span>`;
        },
      },
      {
        name: 'all training', how: 'Measured wall time of every training along the lineage (analytic FLOPs under it)',
        cell: (g) => {
          const o = g.options[0]!;
          return html`<span title=${o.trainParts.map((p) => `${p.what}: ${formatMs(p.ms)}`).join('; ')}>${formatMs(g.trainMs)}${g.options.length > 1 ? rangeOf(g.range.trainMs[0], g.range.trainMs[1], formatMs) : nothing}<span class="sub">${formatFlops(g.trainFlops)}${o.trainParts.length > 1 ? `, ${o.trainParts.length} parts` : ''}</span></span>`;
        },
      },
      {
        name: 'per query', how: 'Measured model-only p50 on the serving backend (analytic FLOPs per query under it)',
        cell: (g) => {
          const o = g.options[0]!;
          return html`<span title=${o.perQueryHow}>${Number.isFinite(g.perQueryMs) ? formatMs(g.perQueryMs) : html`—<span class="sub">not served on ${o.serveBackend}</span>`}${g.options.length > 1 && Number.isFinite(g.range.perQueryMs[0]) ? rangeOf(g.range.perQueryMs[0], g.range.perQueryMs[1], formatMs) : nothing}<span class="sub">${formatFlops(g.perQueryFlops)}</span></span>`;
        },
      },
      {
        name: `cost after ${formatExactCount(a.queries)} queries`, how: 'training + queries × cost per query, for the options that reach the accuracy asked for',
        cell: (g) => {
          const line = a.lines.find((l) => l.key === g.key);
          const cost = line ? costAt(line, a.queries) : Number.NaN;
          return html`${line ? (this.spendStore.state.settings.unit === 'time' ? formatMs(cost) : formatFlops(cost)) : '—'}<span class="sub why">${why.get(g.key) ?? (a.cheapest?.key === g.key ? 'reaches it: cheapest' : 'reaches it')}</span>`;
        },
      },
      {
        // A pruned option gets more seeds from a pruning sweep of each seed, not from here; three give medians and ranges.
        name: 'more seeds',
        cell: (g) => (g.kind !== 'pruned' && g.options.length < 3 ? html`<button data-action="repeat-seeds" ?disabled=${busy} @click=${() => void this.lab.spend.repeatWithSeeds(g.key)}>Repeat with 3 seeds</button>` : nothing),
      },
    ];
  }

  private renderTable(groups: readonly SpendGroup[], a: SpendAnswer, names: ReadonlyMap<string, string>) {
    if (groups.length === 0) return nothing;
    const why = new Map(a.excluded.map((e) => [e.key, e.why]));
    const repeating = this.taskStore.state.status === 'running';
    const held = !repeating && this.leversTask.state.status === 'running';
    const columns = this.columns(a, why, repeating || held || this.lab.busy);
    return html`<div class="fit"><table class="stack" data-table="spend">
      <thead><tr><th scope="col">option</th>${headings(columns)}</tr></thead>
      <tbody>${groups.map((g) => html`<tr data-key=${g.key} data-kind=${g.kind} class=${a.cheapest?.key === g.key ? 'best' : why.has(g.key) ? 'out' : ''}>
          <td class="whole">${names.get(g.key)}<span class="sub">${g.what}</span></td>${cells(columns, g)}
        </tr>`)}</tbody>
    </table></div>${howLegend(columns)}
    ${this.spendStore.state.message ? html`<p class="note" role="status" data-repeat-message>${this.spendStore.state.message}</p>` : nothing}
    ${held ? html`<p class="note" role="status" data-repeat-held>Repeat waits: a Levers job (${this.leversTask.state.task ?? 'distillation or size sweep'}, in the Train view) is using the training worker.</p>` : nothing}
    <p class="note">Hover a training figure for its parts along the lineage, a per-query figure for where it was measured. Repeat trains this option's settings with the next seeds in the Train view's worker (the form keeps its own settings); a student's next seed is a teacher trained with it, then distilled with the Levers settings; pruned models get their seeds from a pruning sweep of each seed.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-spend': TslLedgerSpend;
  }
}
