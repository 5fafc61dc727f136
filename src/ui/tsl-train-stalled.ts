// <tsl-train-stalled>: shown when the training worker has been silent much longer than its slowest
// step so far. It says how long, and offers the choice: keep waiting, or stop (the worker is
// restarted and the run's last checkpoint is offered to resume).
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatMs } from '../metrics/format.ts';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';

@customElement('tsl-train-stalled')
export class TslTrainStalled extends LitElement {
  static override styles = css`
    :host { display: block; }
    .box { border: 2px solid #b00020; border-radius: 8px; padding: 10px 12px; background: #fff4f4; }
    p { margin: 4px 0; font-size: 0.85rem; }
    strong { color: #7a0014; }
    .row { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 6px; }
    button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button.danger { border-color: #b00020; color: #b00020; }
    button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store, (s) => s.training.stalled);
  }

  override render() {
    const stalled = this.store.state.training.stalled;
    if (!stalled) return nothing;
    return html`<div class="box" role="alert" data-stalled>
      <p><strong>No word from the training worker for ${formatMs(stalled.silentMs)}.</strong> Its slowest step so far (a batch, or an epoch's validation) took ${formatMs(stalled.slowestGapMs)}; this watch warns after ${formatMs(stalled.thresholdMs)} of silence. It may be hung, or just very slow.</p>
      <div class="row">
        <button data-action="keep-waiting" @click=${() => this.lab.training.keepWaiting()}>Keep waiting</button>
        <button class="danger" data-action="restart-worker" @click=${() => void this.lab.training.abandonHungWorker()}>Stop and restart the worker</button>
      </div>
      <p>Stopping loses the epoch in progress; the finished epochs are kept in the run's checkpoint and can be resumed.</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-stalled': TslTrainStalled;
  }
}
