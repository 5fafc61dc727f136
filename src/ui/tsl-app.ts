// <tsl-app>: the shell. Provides the Lab to every view, shows the environment line, and
// switches between the Train, Serve and Prune views.
import { provide } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import { StoreController } from '../state/store.ts';
import { describeCapabilities } from '../metrics/describe-capabilities.ts';
import { labContext } from './lab-context.ts';
import './tsl-train-view.ts';
import './tsl-prune-view.ts'; // prune (issue 4)
import './tsl-serve-view.ts'; // serve (issue 3)

type View = LabState['view'];
const VIEWS: { id: View; label: string }[] = [
  { id: 'train', label: 'Train' },
  { id: 'serve', label: 'Serve' },
  { id: 'prune', label: 'Prune' },
];

@customElement('tsl-app')
export class TslApp extends LitElement {
  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #1a1a2e; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; padding: 10px 20px; border-bottom: 1px solid var(--tsl-border, #ccd); background: #fafbfd; }
    h1 { font-size: 1.3rem; margin: 0; }
    nav { display: flex; gap: 4px; }
    nav button { font: inherit; padding: 6px 16px; border: 1px solid transparent; border-radius: 6px 6px 0 0; background: none; cursor: pointer; }
    nav button[aria-selected='true'] { border-color: var(--tsl-border, #ccd); border-bottom-color: #fff; background: #fff; font-weight: 700; }
    nav button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .env { font-size: 0.8rem; color: #444; flex-basis: 100%; }
    .content { padding: 16px 20px; }
    .placeholder { color: #444; }
  `;

  @provide({ context: labContext })
  @property({ attribute: false })
  lab!: Lab;

  private store!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store);
  }

  override render() {
    const s = this.store.state;
    return html`
      <header>
        <h1>Train &amp; Serve Lab</h1>
        <nav role="tablist" aria-label="Views">
          ${VIEWS.map((v) => html`<button role="tab" id=${`tab-${v.id}`} aria-selected=${s.view === v.id ? 'true' : 'false'} aria-controls="view"
            @click=${() => this.lab.store.set({ view: v.id })}>${v.label}</button>`)}
        </nav>
        <div class="env" data-env>${this.renderEnvironment()}</div>
      </header>
      <div class="content" id="view" role="tabpanel" aria-labelledby=${`tab-${s.view}`}>${this.renderView(s.view)}</div>`;
  }

  private renderEnvironment() {
    const backends = this.store.state.backends;
    const isolation = globalThis.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated (no wasm threads)';
    if (!backends) return html`Checking backends… · ${isolation}`;
    return html`${Object.entries(backends).map(([name, caps]) => html`<span>${describeCapabilities(name, caps)}</span> · `)}${isolation}
      · ${navigator.hardwareConcurrency} logical cores`;
  }

  private renderView(view: View) {
    switch (view) {
      case 'train':
        return html`<tsl-train-view></tsl-train-view>`;
      case 'prune': // issue 4
        return html`<tsl-prune-view></tsl-prune-view>`;
      case 'serve': // issue 3
        return html`<tsl-serve-view></tsl-serve-view>`;
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
