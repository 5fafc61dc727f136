// <tsl-offline-badge>: says in the header when the network is gone, and whether the app is cached
// (it then keeps training and serving from its own files) or not (a reload would fail).
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { StoreController } from '../state/store.ts';
import { offlineStore, startOfflineSupport, type OfflineState } from './offline-status.ts';

@customElement('tsl-offline-badge')
export class TslOfflineBadge extends LitElement {
  static override styles = css`
    :host { display: contents; }
    span { font-size: 0.85rem; padding: 4px 10px; border-radius: 6px; border: 1px solid #445; background: #fff8e1; white-space: nowrap; }
    span.uncached { background: #fff4f4; border-color: #b00020; color: #7a0014; }
  `;

  private store = new StoreController<OfflineState>(this, offlineStore);

  override connectedCallback(): void {
    super.connectedCallback();
    startOfflineSupport();
  }

  override render() {
    const { online, cached } = this.store.state;
    if (online) return nothing;
    return cached
      ? html`<span role="status" data-offline title="No network: the app runs from the copy this browser cached">offline · cached</span>`
      : html`<span role="status" data-offline class="uncached" title="No network and no cached copy: a reload would fail">offline · not cached</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-offline-badge': TslOfflineBadge;
  }
}
