// <tsl-data-settings>: how a person's images become a dataset: the smallest class accepted, the
// validation and test shares, and the split seed. Emits `data-settings-input` with raw values.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DATA_LIMITS, type DataSettingErrors, type DataSettings } from '../state/data-state.ts';

const FIELDS: (keyof DataSettings)[] = ['minPerClass', 'valPercent', 'testPercent', 'seed'];

@customElement('tsl-data-settings')
export class TslDataSettings extends LitElement {
  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0; }
    legend { font-weight: 600; }
    label { display: grid; grid-template-columns: 1fr 6rem; gap: 6px; align-items: center; margin: 4px 0; font-size: 0.9rem; }
    input { font: inherit; padding: 2px 4px; width: 100%; box-sizing: border-box; }
    input[aria-invalid='true'] { border: 2px solid #b00020; }
    input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .error { color: #b00020; font-size: 0.8rem; margin: 0 0 4px; }
    .note { font-size: 0.78rem; color: #444; margin: 4px 0 0; }
  `;

  @property({ attribute: false }) settings!: DataSettings;
  @property({ attribute: false }) errors: DataSettingErrors = {};
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Split</legend>
      ${FIELDS.map((key) => {
        const limit = DATA_LIMITS[key];
        const error = this.errors[key];
        return html`<label>${limit.label}
            <input name=${key} type="text" inputmode="numeric" .value=${String(this.settings[key])} title=${`${limit.min} to ${limit.max}`}
              aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${key}-error` : ''}
              @change=${(e: Event) => this.dispatchEvent(new CustomEvent('data-settings-input', { detail: { [key]: (e.target as HTMLInputElement).value }, bubbles: true, composed: true }))}>
          </label>
          ${error ? html`<p class="error" id=${`${key}-error`} role="alert">${error}</p>` : ''}`;
      })}
      <p class="note">Each class is split on its own (stratified) with the seed; exact duplicate files (same SHA-256) always land in the same split. The rest trains.</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-data-settings': TslDataSettings;
  }
  interface GlobalEventHandlersEventMap {
    'data-settings-input': CustomEvent<Partial<Record<keyof DataSettings, string>>>;
  }
}
