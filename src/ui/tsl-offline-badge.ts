// <tsl-offline-badge>: says in the header when the network is gone, and whether the app is cached
// (it then keeps training and serving from its own files) or not (a reload would fail); and when a
// new version of the app waits, that it applies once the run in progress ends.
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../state/store.ts';
import { offlineStore, type OfflineState } from './offline-status.ts';

@customElement('tsl-offline-badge')
export class TslOfflineBadge extends LitElement {
  static override styles = css`
    :host { display: contents; }
    span { font-size: 0.85rem; padding: 4px 10px; border-radius: 6px; border: 1px solid #445; background: #fff8e1; white-space: nowrap; }
    span.uncached { background: #fff4f4; border-color: #b00020; color: #7a0014; }
    span.update { background: #eef6ff; border-color: #0072b2; color: #003d66; }
  `;

  private store = new StoreController<OfflineState>(this, offlineStore);

  override render() {
    const { online, cached, update } = this.store.state;
    return html`${online ? nothing : cached
      ? html`<span role="status" data-offline title="No network: the app runs from the copy this browser cached">offline · cached</span>`
      : html`<span role="status" data-offline class="uncached" title="No network and no cached copy: a reload would fail">offline · not cached</span>`}
    ${update === null ? nothing : update.heldBy === null
      ? html`<span role="status" data-update class="update" title="A new version of the app is taking over: the page reloads once">updating…</span>`
      : html`<span role="status" data-update="held" class="update"
          title=${`A new version of the app is downloaded. The page reloads into it once ${update.heldBy} ends, so nothing running is lost.`}>update ready: applies when ${update.heldBy} ends</span>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-offline-badge': TslOfflineBadge;
  }
}
