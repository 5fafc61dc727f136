// <tsl-train-settings>: the training settings form, with the training-time augmentation toggles.
// Emits `settings-input` with raw values; the Lab validates them and the messages come back through `errors`.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BackendCapabilities } from '../metrics/report.ts';
import { FLIP_LABEL, KEEP_BEST_LABEL, SETTING_LIMITS, type NumericSettingKey, type SettingErrors, type TrainSettings } from '../train/settings.ts';
import { ALL_BACKENDS } from '../tf/backend-names.ts';

type NumericKey = NumericSettingKey;
const FIELDS: NumericKey[] = ['epochs', 'batchSize', 'learningRate', 'width', 'depth', 'trainSize', 'seed', 'patience', 'dropout'];

/** Each switchable augmentation and the amount switching it on gives. */
const AUGMENTS: { key: 'augCrop' | 'augBrightness' | 'augContrast' | 'augSaturation'; name: string; on: number }[] = [
  { key: 'augCrop', name: 'Random crop', on: 0.2 },
  { key: 'augBrightness', name: 'Brightness jitter', on: 0.2 },
  { key: 'augContrast', name: 'Contrast jitter', on: 0.2 },
  { key: 'augSaturation', name: 'Saturation jitter', on: 0.3 },
];

export type SettingsInputEvent = CustomEvent<Partial<Record<keyof TrainSettings, string>>>;

@customElement('tsl-train-settings')
export class TslTrainSettings extends LitElement {
  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0; }
    legend { font-weight: 600; }
    label { display: grid; grid-template-columns: 1fr 7.5rem; gap: 6px; align-items: center; margin: 4px 0; font-size: 0.9rem; }
    input, select { font: inherit; padding: 2px 4px; width: 100%; box-sizing: border-box; }
    input[aria-invalid='true'] { border: 2px solid #b00020; }
    .error { color: #b00020; font-size: 0.8rem; margin: 0 0 4px; }
    fieldset.aug { margin-top: 8px; }
    .aug label { grid-template-columns: 1.4rem 1fr 5rem; }
    .aug label.flip, label.switch { grid-template-columns: 1.4rem 1fr; }
    input[type='checkbox'] { width: auto; }
    .note { font-size: 0.8rem; color: #333; margin: 4px 0 0; }
    input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  @property({ attribute: false }) settings!: TrainSettings;
  @property({ attribute: false }) errors: SettingErrors = {};
  /** Backends with their capabilities (unavailable ones are disabled). */
  @property({ attribute: false }) backends: Record<string, BackendCapabilities> | null = null;
  /** Disable while a run is in progress. */
  @property({ type: Boolean }) disabled = false;

  private emit(key: keyof TrainSettings, value: string): void {
    this.dispatchEvent(new CustomEvent('settings-input', { detail: { [key]: value }, bubbles: true, composed: true }));
  }

  override render() {
    const backendNames = ALL_BACKENDS;
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Settings</legend>
      <label>Backend
        <select name="backend" .value=${this.settings.backend} @change=${(e: Event) => this.emit('backend', (e.target as HTMLSelectElement).value)}>
          ${backendNames.map((b) => {
            const caps = this.backends?.[b];
            const off = caps ? !caps.available : false;
            return html`<option value=${b} ?disabled=${off} ?selected=${b === this.settings.backend}>${b}${off ? ' (unavailable)' : ''}</option>`;
          })}
        </select>
      </label>
      ${this.errors.backend ? html`<p class="error" role="alert">${this.errors.backend}</p>` : ''}
      ${FIELDS.map((key) => this.field(key))}
      <label class="switch"><input type="checkbox" name="keepBest" .checked=${this.settings.keepBest ?? false}
        @change=${(e: Event) => this.emit('keepBest', String((e.target as HTMLInputElement).checked))} />${KEEP_BEST_LABEL}</label>
      ${this.errors.keepBest ? html`<p class="error" role="alert">${this.errors.keepBest}</p>` : ''}
    </fieldset>
    ${this.renderAugmentation()}`;
  }

  /** The augmentation toggles: each lever switched on with a usual amount, which can then be edited. */
  private renderAugmentation() {
    const s = this.settings;
    return html`<fieldset class="aug" ?disabled=${this.disabled} data-augmentation>
      <legend>Training-time augmentation</legend>
      <label class="flip"><input type="checkbox" name="augFlip" .checked=${s.augFlip ?? false}
        @change=${(e: Event) => this.emit('augFlip', String((e.target as HTMLInputElement).checked))} />${FLIP_LABEL}</label>
      ${this.errors.augFlip ? html`<p class="error" role="alert">${this.errors.augFlip}</p>` : ''}
      ${AUGMENTS.map(({ key, name, on }) => {
        const value = s[key] ?? 0;
        const limit = SETTING_LIMITS[key];
        const error = this.errors[key];
        return html`<label><input type="checkbox" name=${`${key}-on`} aria-label=${`${name} on`} .checked=${value > 0}
            @change=${(e: Event) => this.emit(key, (e.target as HTMLInputElement).checked ? String(on) : '0')} />${name}
          <input name=${key} type="text" inputmode="decimal" .value=${String(value)} aria-label=${limit.label}
            aria-invalid=${error ? 'true' : 'false'} title=${`${limit.label}: ${limit.min} to ${limit.max}`}
            @change=${(e: Event) => this.emit(key, (e.target as HTMLInputElement).value)} /></label>
          ${error ? html`<p class="error" role="alert">${error}</p>` : ''}`;
      })}
      <p class="note">Applied to each training batch in the worker, seeded by the run's seed. Its wall time is measured per epoch (shown under the augmented samples); serving cost is zero: a served model never augments.</p>
    </fieldset>`;
  }

  private field(key: NumericKey) {
    const limit = SETTING_LIMITS[key];
    const error = this.errors[key];
    return html`<label>${limit.label}
        <input name=${key} type="text" inputmode="decimal" .value=${String(this.settings[key] ?? 0)}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${key}-error` : ''}
          title=${`${limit.min} to ${limit.max}`}
          @change=${(e: Event) => this.emit(key, (e.target as HTMLInputElement).value)} />
      </label>
      ${error ? html`<p class="error" id=${`${key}-error`} role="alert">${error}</p>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-settings': TslTrainSettings;
  }
  interface GlobalEventHandlersEventMap {
    'settings-input': SettingsInputEvent;
  }
}
