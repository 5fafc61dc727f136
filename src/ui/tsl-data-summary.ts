// <tsl-data-summary>: every file or class left out of the person's dataset, with why and what
// was done (skipped, refused, kept with a note), as a table.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SkipNote } from '../data/folder-rules.ts';

@customElement('tsl-data-summary')
export class TslDataSummary extends LitElement {
  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    th, td { border: 1px solid var(--tsl-border, #ccd); padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    td.what { white-space: nowrap; font-weight: 600; }
    td.subject { word-break: break-all; font-family: ui-monospace, monospace; font-size: 0.8rem; }
    .empty { color: #555; font-style: italic; margin: 0; }
  `;

  /** Notes in the order they happened. */
  @property({ attribute: false }) notes: SkipNote[] = [];

  override render() {
    if (this.notes.length === 0) return html`<p class="empty">Nothing has been left out.</p>`;
    const counts = new Map<string, number>();
    for (const n of this.notes) counts.set(n.action, (counts.get(n.action) ?? 0) + 1);
    return html`<table>
      <caption>${[...counts].map(([action, n]) => `${n} ${action}`).join(' · ')}</caption>
      <thead><tr><th scope="col">file or class</th><th scope="col">done</th><th scope="col">why</th></tr></thead>
      <tbody>${this.notes.map((n) => html`<tr data-skip=${n.subject}><td class="subject">${n.subject}</td><td class="what">${n.action}</td><td>${n.reason}</td></tr>`)}</tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-data-summary': TslDataSummary;
  }
}
