// <tsl-confusion-matrix>: counts of actual vs predicted class, shaded by share of the row.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('tsl-confusion-matrix')
export class TslConfusionMatrix extends LitElement {
  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 10px; border: 1px solid var(--tsl-border, #ccd); text-align: right; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
  `;

  /** confusion[actual][predicted] counts. */
  @property({ attribute: false }) matrix: number[][] = [];
  @property({ attribute: false }) classNames: string[] = [];

  override render() {
    if (this.matrix.length === 0) return html`<p>No validation pass yet.</p>`;
    return html`<table>
      <caption>Validation set: rows are the actual class, columns the predicted class</caption>
      <thead><tr><th scope="col">actual \\ predicted</th>${this.classNames.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>
        ${this.matrix.map((row, a) => {
          const total = row.reduce((s, n) => s + n, 0) || 1;
          return html`<tr><th scope="row">${this.classNames[a]}</th>${row.map((n, p) => {
            const share = n / total;
            const bg = a === p ? `rgba(0,158,115,${0.15 + 0.6 * share})` : `rgba(213,94,0,${0.1 + 0.8 * share})`;
            return html`<td style=${`background:${bg}`}>${n}</td>`;
          })}</tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-confusion-matrix': TslConfusionMatrix;
  }
}
