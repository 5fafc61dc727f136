// <tsl-app>: the shell. Provides the Lab to every view, shows the environment line and the tabs,
// keeps the set-up in the URL, and has lecture mode: a presenter layout with large type, high
// contrast and the controls tucked away, driven by keyboard shortcuts listed on a `?` overlay.
// Landmarks: the header (banner) holds the title and the view tabs (navigation); the active view is
// the page's one <main>, so a view's own results column is a plain container, not a second <main>.
import { provide } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import { StoreController } from '../state/store.ts';
import { switchText, type DatasetSwitch } from '../state/dataset-lab.ts';
import { applyUrl, syncUrl } from '../state/url-sync.ts';
import { describeCapabilities } from '../metrics/describe-capabilities.ts';
import { labContext } from './lab-context.ts';
import { handleShortcut, SHORTCUTS } from './shortcuts.ts';
import './tsl-shortcuts-overlay.ts';
import './tsl-train-view.ts';
import './tsl-prune-view.ts';
import './tsl-serve-view.ts';
import './tsl-data-view.ts';
import './tsl-inside-view.ts';
import './tsl-ledger-view.ts';
import './tsl-drift-view.ts';
import './tsl-models-view.ts';
import './tsl-presets.ts';
import './tsl-class-view.ts';
import './tsl-offline-badge.ts';

type View = LabState['view'];
export const VIEWS: { id: View; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'train', label: 'Train' },
  { id: 'inside', label: 'Inside' },
  { id: 'serve', label: 'Serve' },
  { id: 'prune', label: 'Prune' },
  { id: 'drift', label: 'Drift' },
  { id: 'ledger', label: 'Ledger' },
  { id: 'models', label: 'Models' },
  { id: 'class', label: 'Class' },
];

/**
 * Lecture mode scales the page's rem (every view sizes its text in rem) so the smallest body text,
 * 0.78rem, is above 24 px, and hides the settings column through view-styles.ts's custom properties.
 */
const LECTURE_ROOT_FONT_PX = 31;

@customElement('tsl-app')
export class TslApp extends LitElement {
  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #1a1a2e; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; padding: 10px 20px; border-bottom: 1px solid var(--tsl-border, #ccd); background: #fafbfd; }
    h1 { font-size: 1.3rem; margin: 0; }
    [role='tablist'] { display: flex; gap: 4px; flex-wrap: wrap; }
    nav button { font: inherit; padding: 6px 16px; border: 1px solid transparent; border-radius: 6px 6px 0 0; background: none; cursor: pointer; color: inherit; }
    nav button[aria-selected='true'] { border-color: var(--tsl-border, #ccd); border-bottom-color: #fff; background: #fff; font-weight: 700; }
    button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .tools { margin-left: auto; display: flex; gap: 6px; }
    .tools button { font: inherit; font-size: 0.85rem; padding: 4px 10px; border: 1px solid #445; border-radius: 6px; background: #fff; cursor: pointer; color: inherit; }
    .env { font-size: 0.8rem; color: #444; flex-basis: 100%; }
    .content { padding: 16px 20px; }
    .placeholder { color: #444; }
    .notice { margin: 8px 20px 0; padding: 8px 12px; border-left: 4px solid #b00020; background: #fff4f4; color: #7a0014; font-size: 0.9rem; }
    .notice button { font: inherit; margin-left: 8px; }
    .notice ul { margin: 4px 0; }
    .switch { margin: 8px 20px 0; padding: 8px 12px; border-left: 4px solid var(--tsl-accent, #0072b2); background: #eef5fb; font-size: 0.9rem; }
    .switch button { font: inherit; margin-left: 8px; }
    /* Lecture mode: large type, black on white, a thin header, results across the whole width. */
    :host([lecture]) { color: #000; --tsl-border: #555; --tsl-aside-display: none; --tsl-view-columns: 1fr; --tsl-chart-font-size: 24; --tsl-chart-color: #000; --tsl-caption-font: 700 1rem system-ui; --tsl-chart-height: 60vh; --tsl-chart-min-width: 28rem; }
    :host([lecture][controls]) { --tsl-aside-display: flex; --tsl-view-columns: minmax(300px, 34%) 1fr; }
    :host([lecture]) header { background: #fff; border-bottom: 2px solid #000; padding: 4px 12px; gap: 4px 12px; }
    :host([lecture]) .env { display: none; }
    /* Out of sight but still the page's heading for screen readers. */
    :host([lecture]) h1 { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    :host([lecture]) nav button { padding: 2px 10px; }
    :host([lecture]) nav button[aria-selected='true'] { border-color: #000; border-bottom-color: #fff; }
    :host([lecture]) .content { padding: 8px 14px; }
    .hint { font-size: 0.8rem; color: #222; }
  `;

  @provide({ context: labContext })
  @property({ attribute: false })
  lab!: Lab;

  private store!: StoreController<LabState>;
  private datasetSwitch!: StoreController<{ change: DatasetSwitch | null }>;
  @state() private overlay = false;
  /** The prepared set-ups dialog is open. */
  @state() private presetsOpen = false;
  /** Lecture mode: the settings column shown again ("c"). */
  @state() private controls = false;
  /** Problems with the link the page was opened with, or with a shortcut's action. */
  @state() private notices: string[] = [];
  private stopSync: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // The shell shows the view, lecture mode and the backends: batch progress does not wake it.
    this.store ??= new StoreController(this, this.lab.store, (s) => [s.view, s.lecture, s.backends]);
    // What a dataset switch changed is said on the Train view, where the settings and the cleared run are.
    this.datasetSwitch ??= new StoreController(this, this.lab.datasets.lastSwitch);
    if (!this.stopSync) {
      this.notices = applyUrl(this.lab, location.search);
      this.stopSync = syncUrl(this.lab);
    }
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    this.stopSync?.();
    this.stopSync = null;
    document.documentElement.style.removeProperty('font-size');
  }

  private onKey = (e: KeyboardEvent): void => {
    // The dialogs handle their own keys; the shortcuts dialog counts as closed as soon as it is off screen.
    const shortcuts = this.renderRoot.querySelector('tsl-shortcuts-overlay');
    if ((shortcuts ? shortcuts.showing : this.overlay) || this.presetsOpen) return;
    handleShortcut(e, {
      lab: this.lab,
      views: VIEWS.map((v) => v.id),
      openOverlay: () => (this.overlay = true),
      toggleControls: () => (this.controls = !this.controls),
      notify: (message) => (this.notices = [message]),
    });
  };

  private shownView: View | null = null;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const lecture = this.store.state.lecture;
    // A new view starts at its top (in lecture mode the previous view's scroll would hide the chart).
    if (this.shownView !== null && this.shownView !== this.store.state.view) window.scrollTo(0, 0);
    this.shownView = this.store.state.view;
    this.toggleAttribute('lecture', lecture);
    this.toggleAttribute('controls', lecture && this.controls);
    if (lecture) document.documentElement.style.fontSize = `${LECTURE_ROOT_FONT_PX}px`;
    else document.documentElement.style.removeProperty('font-size');
  }

  override render() {
    const s = this.store.state;
    return html`
      <header>
        <h1>Train &amp; Serve Lab</h1>
        <nav aria-label="Views">
          <div role="tablist" aria-label="Views">
            ${VIEWS.map((v) => html`<button role="tab" id=${`tab-${v.id}`} aria-selected=${s.view === v.id ? 'true' : 'false'} aria-controls="view"
              @click=${() => this.lab.store.set({ view: v.id })}>${v.label}</button>`)}
          </div>
        </nav>
        <div class="tools">
          <tsl-offline-badge></tsl-offline-badge>
          ${s.lecture ? html`<button data-action="controls-toggle" aria-pressed=${this.controls ? 'true' : 'false'} @click=${() => (this.controls = !this.controls)}>Controls</button>` : nothing}
          <button data-action="lecture-toggle" aria-pressed=${s.lecture ? 'true' : 'false'} title="Lecture mode: large type, controls tucked away (l)"
            @click=${() => this.lab.store.set({ lecture: !s.lecture })}>${s.lecture ? 'Exit lecture mode' : 'Lecture mode'}</button>
          <button data-action="presets" title="Prepared set-ups: save this set-up as a link and a QR code" @click=${() => (this.presetsOpen = true)}>Presets</button>
          <button data-action="shortcuts" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" @click=${() => (this.overlay = true)}>?</button>
        </div>
        <div class="env" data-env>${this.renderEnvironment()}</div>
      </header>
      ${this.notices.length > 0
        ? html`<div class="notice" role="alert" data-notice>
            ${this.notices.length === 1 ? this.notices[0] : html`<ul>${this.notices.map((n) => html`<li>${n}</li>`)}</ul>`}
            <button data-action="dismiss-notice" @click=${() => (this.notices = [])}>Dismiss</button>
          </div>`
        : nothing}
      ${this.renderDatasetSwitch(s.view)}
      <main>
        <div class="content" id="view" role="tabpanel" aria-labelledby=${`tab-${s.view}`}>${keyed(s.lecture, this.renderView(s.view))}</div>
      </main>
      <tsl-shortcuts-overlay .open=${this.overlay} .shortcuts=${SHORTCUTS} @shortcuts-close=${() => (this.overlay = false)}></tsl-shortcuts-overlay>
      <tsl-presets .open=${this.presetsOpen} @presets-close=${() => (this.presetsOpen = false)}></tsl-presets>`;
  }

  private renderDatasetSwitch(view: View) {
    const change = this.datasetSwitch.state.change;
    if (view !== 'train' || !change) return nothing;
    return html`<div class="switch" role="status" data-dataset-switch>
      <strong>Dataset switched from "${change.from}" to "${change.to}" (in the Data view).</strong> ${switchText(change)}
      <button data-action="dismiss-switch" @click=${() => this.lab.datasets.dismissSwitch()}>OK</button>
    </div>`;
  }

  private renderEnvironment() {
    const backends = this.store.state.backends;
    const isolation = globalThis.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated (no wasm threads)';
    if (!backends) return html`Checking backends… · ${isolation}`;
    return html`${Object.entries(backends).map(([name, caps]) => html`<span>${describeCapabilities(name, caps)}</span> · `)}${isolation}
      · ${navigator.hardwareConcurrency} logical cores · <span class="hint">press ? for keyboard shortcuts</span>`;
  }

  // Keyed on lecture mode (above), so a toggle rebuilds the view and its charts pick up the new font size.
  private renderView(view: View) {
    switch (view) {
      case 'train':
        return html`<tsl-train-view></tsl-train-view>`;
      case 'prune':
        return html`<tsl-prune-view></tsl-prune-view>`;
      case 'serve':
        return html`<tsl-serve-view></tsl-serve-view>`;
      case 'data':
        return html`<tsl-data-view></tsl-data-view>`;
      case 'inside':
        return html`<tsl-inside-view></tsl-inside-view>`;
      case 'drift':
        return html`<tsl-drift-view></tsl-drift-view>`;
      case 'ledger':
        return html`<tsl-ledger-view></tsl-ledger-view>`;
      case 'models':
        return html`<tsl-models-view></tsl-models-view>`;
      case 'class':
        return html`<tsl-class-view></tsl-class-view>`;
      default:
        return html`<p class="placeholder">${nothing}This view is not built yet.</p>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-app': TslApp;
  }
}
