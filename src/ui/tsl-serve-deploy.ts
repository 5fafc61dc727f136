// <tsl-serve-deploy>: the serving settings form (backend, shader warm-up, query counts). It only
// emits raw values; the ServeLab validates them and the messages come back as `errors`.
import { css, html, LitElement, nothing } from 'lit';
import { warmupRuleText } from '../serve/warmup-rule.ts';
import { customElement, property } from 'lit/decorators.js';
import type { BackendCapabilities } from '../metrics/report.ts';
import type { ServeSettingErrors, ServeSettings } from '../state/serve-state.ts';
import { DEFAULT_SERVE_SETTINGS } from '../state/serve-state.ts';
import { ALL_BACKENDS } from '../tf/backend-names.ts';

const BACKENDS = ALL_BACKENDS;

@customElement('tsl-serve-deploy')
export class TslServeDeploy extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    label { display: flex; flex-direction: column; gap: 3px; font-size: 0.88rem; font-weight: 600; }
    label.check { flex-direction: row; align-items: center; gap: 8px; }
    select, input[type='number'] { font: inherit; font-weight: 400; padding: 4px 6px; border: 1px solid #667; border-radius: 4px; }
    input[aria-invalid='true'] { border-color: #b00020; border-width: 2px; }
    .hint { font-size: 0.78rem; font-weight: 400; color: #444; }
    .error { color: #b00020; font-size: 0.8rem; font-weight: 600; }
    :focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  /** Current (valid) settings. */
  @property({ attribute: false }) settings!: ServeSettings;
  /** Messages for fields whose last input was refused. */
  @property({ attribute: false }) errors: ServeSettingErrors = {};
  /** Probed backends; unavailable ones are disabled with their reason. */
  @property({ attribute: false }) backends: Record<string, BackendCapabilities> | null = null;
  /** Training backend, shown as a hint (serving may use another). */
  @property() trainedOn = '';
  @property({ type: Boolean }) disabled = false;

  /** Emits `serve-settings-input` with { [field]: raw value }. */
  private emit(field: keyof ServeSettings, value: unknown): void {
    this.dispatchEvent(new CustomEvent('serve-settings-input', { detail: { [field]: value }, bubbles: true, composed: true }));
  }

  override render() {
    const s = this.settings;
    const e = this.errors;
    const field = (name: 'queries' | 'compareQueries' | 'deadlineMs', label: string, hint: string) => html`<label>${label}
      <input type="number" name=${name} min="1" step="1" .value=${String(s[name])} ?disabled=${this.disabled} aria-invalid=${e[name] ? 'true' : 'false'}
        aria-describedby=${`${name}-msg`} @change=${(ev: Event) => this.emit(name, (ev.target as HTMLInputElement).value)}>
      <span class="hint" id=${`${name}-msg`}>${hint}</span>
      ${e[name] ? html`<span class="error" role="alert">${e[name]}</span>` : nothing}</label>`;
    return html`
      <label>Serving backend
        <select name="backend" ?disabled=${this.disabled} @change=${(ev: Event) => this.emit('backend', (ev.target as HTMLSelectElement).value)}>
          ${BACKENDS.map((b) => {
            const caps = this.backends?.[b];
            const off = caps ? !caps.available : b === 'webgpu';
            return html`<option value=${b} ?selected=${s.backend === b} ?disabled=${off}>${b}${off ? ' (unavailable)' : ''}</option>`;
          })}
        </select>
        <span class="hint">${this.trainedOn ? `Trained on ${this.trainedOn}; the server may use any backend.` : 'The server runs in its own Web Worker.'}</span>
      </label>
      <label class="check"><input type="checkbox" name="warmShaders" .checked=${s.warmShaders} ?disabled=${this.disabled}
        @change=${(ev: Event) => this.emit('warmShaders', (ev.target as HTMLInputElement).checked)}>Warm shaders at deploy</label>
      ${field('queries', 'Measured queries (closed loop)', `After the discarded warm-up queries (${warmupRuleText()}). Default ${DEFAULT_SERVE_SETTINGS.queries}.`)}
      ${field('compareQueries', 'Queries per backend (side by side)', 'Interleaved rounds: each backend answers one query in turn, so the slowest backend sets how long this takes.')}
      ${field('deadlineMs', 'Query deadline (ms)', 'A query unanswered this long counts as a hung worker: it fails with a message and the worker restarts with the same model. Far above any normal query here.')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-deploy': TslServeDeploy;
  }
  interface GlobalEventHandlersEventMap {
    'serve-settings-input': CustomEvent<Partial<Record<keyof ServeSettings, unknown>>>;
  }
}
