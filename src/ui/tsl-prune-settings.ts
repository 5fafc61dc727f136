// <tsl-prune-settings>: the pruning sweep's settings form. Emits `prune-settings-input` with raw
// values; PruneLab validates them and the messages come back through `errors`.
import { css, html, LitElement, nothing } from 'lit';
import { formatPercent } from '../metrics/format.ts';
import { DEFAULT_REL_HALF_WIDTH } from '../metrics/precision-stop.ts';
import { customElement, property } from 'lit/decorators.js';
import { DEFAULT_LEVELS } from '../prune/plan.ts';
import { levelKey, PRUNE_LIMITS, type PruneSettingErrors, type PruneSettings } from '../state/prune-state.ts';

export type PruneSettingsInputEvent = CustomEvent<Partial<Record<keyof PruneSettings, unknown>>>;

@customElement('tsl-prune-settings')
export class TslPruneSettings extends LitElement {
  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0; }
    legend { font-weight: 600; }
    .levels { display: grid; grid-template-columns: 1fr 1fr; gap: 2px 10px; font-size: 0.88rem; margin-bottom: 6px; }
    .levels .title { display: block; font-size: 0.8rem; margin: 2px 0; color: #444; font-weight: 600; }
    .levels label { display: flex; gap: 6px; align-items: center; }
    label.row { display: grid; grid-template-columns: 1fr 8.5rem; gap: 6px; align-items: center; margin: 4px 0; font-size: 0.9rem; }
    input[type='text'], select { font: inherit; padding: 2px 4px; width: 100%; box-sizing: border-box; }
    input[aria-invalid='true'] { border: 2px solid #b00020; }
    .error { color: #b00020; font-size: 0.8rem; margin: 0 0 4px; }
    input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  @property({ attribute: false }) settings!: PruneSettings;
  @property({ attribute: false }) errors: PruneSettingErrors = {};
  /** Disable while a sweep runs. */
  @property({ type: Boolean }) disabled = false;

  private emit(key: keyof PruneSettings, value: unknown): void {
    this.dispatchEvent(new CustomEvent('prune-settings-input', { detail: { [key]: value }, bubbles: true, composed: true }));
  }

  private levelsChanged(): void {
    const boxes = this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="level"]');
    this.emit('levels', Array.from(boxes).filter((b) => b.checked).map((b) => b.value));
  }

  override render() {
    const s = this.settings;
    const chosen = new Set(s.levels.map(levelKey));
    const box = (method: 'unstructured' | 'structured') => DEFAULT_LEVELS.filter((l) => l.method === method).map((l) => html`<label>
        <input type="checkbox" name="level" value=${levelKey(l)} .checked=${chosen.has(levelKey(l))} @change=${() => this.levelsChanged()} />
        ${Math.round(l.sparsity * 100)}%</label>`);
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Sweep settings</legend>
      <div class="levels" role="group" aria-label="Pruning levels">
        <!-- Group labels, not headings: the settings column comes before the view's first h2. -->
        <div role="group" aria-labelledby="levels-unstructured"><span class="title" id="levels-unstructured">Unstructured (weights)</span>${box('unstructured')}</div>
        <div role="group" aria-labelledby="levels-structured"><span class="title" id="levels-structured">Structured (filters)</span>${box('structured')}</div>
      </div>
      ${this.error('levels')}
      ${this.number('epochs', 'Fine-tune epochs')}
      <label class="row">Schedule
        <select name="schedule" @change=${(e: Event) => this.emit('schedule', (e.target as HTMLSelectElement).value)}>
          <option value="gradual" ?selected=${s.schedule === 'gradual'}>gradual cubic</option>
          <option value="one-shot" ?selected=${s.schedule === 'one-shot'}>one-shot</option>
        </select>
      </label>
      <label class="row">Threshold scope
        <select name="scope" @change=${(e: Event) => this.emit('scope', (e.target as HTMLSelectElement).value)}>
          <option value="global" ?selected=${s.scope === 'global'}>global</option>
          <option value="per-layer" ?selected=${s.scope === 'per-layer'}>per layer</option>
        </select>
      </label>
      ${this.number('queries', `Latency queries per model, at most (stops sooner once every p50 is within ±${formatPercent(DEFAULT_REL_HALF_WIDTH, 0)})`)}
    </fieldset>`;
  }

  private number(key: 'epochs' | 'queries', label: string) {
    const error = this.errors[key];
    const { min, max } = PRUNE_LIMITS[key];
    return html`<label class="row">${label}
        <input name=${key} type="text" inputmode="numeric" .value=${String(this.settings[key])} title=${`${min} to ${max}`}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${key}-error` : ''}
          @change=${(e: Event) => this.emit(key, (e.target as HTMLInputElement).value)} />
      </label>
      ${this.error(key)}`;
  }

  private error(key: keyof PruneSettings) {
    const e = this.errors[key];
    return e ? html`<p class="error" id=${`${key}-error`} role="alert">${e}</p>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-settings': TslPruneSettings;
  }
  interface GlobalEventHandlersEventMap {
    'prune-settings-input': PruneSettingsInputEvent;
  }
}
