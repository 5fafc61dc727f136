// <tsl-train-chance>: the Train view's warning box, shown while the latest validation accuracy
// cannot be told apart from chance (its 95% Wilson interval contains 1 / classes), with what
// usually helps. Renders nothing once the model is measurably better (or worse) than guessing.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatAccuracyWithInterval, formatChance } from '../metrics/format.ts';
import { distinguishableFromChance } from '../metrics/intervals.ts';

/** Learning rates a third and three times the current one, as a person would type them. */
function neighbours(lr: number): [string, string] {
  const fmt = (x: number) => String(Number(x.toPrecision(2)));
  return [fmt(lr / 3), fmt(lr * 3)];
}

@customElement('tsl-train-chance')
export class TslTrainChance extends LitElement {
  static override styles = css`
    :host { display: block; }
    .box { border: 2px solid #b35900; border-left-width: 6px; background: #fff6ec; border-radius: 6px; padding: 8px 12px; font-size: 0.92rem; line-height: 1.45; }
    p { margin: 0 0 4px; }
    p:last-child { margin-bottom: 0; }
    ul { margin: 2px 0 4px; padding-left: 1.3em; }
    strong { color: #7a3b00; }
  `;

  /** Validation accuracy of the latest finished epoch, 0..1 (NaN: no epoch yet, nothing shown). */
  @property({ type: Number }) valAcc = Number.NaN;
  /** Images in the validation split. */
  @property({ type: Number }) valCount = Number.NaN;
  @property({ type: Number }) classes = Number.NaN;
  /** Epoch the figure belongs to. */
  @property({ type: Number }) epoch = 0;
  /** The run has ended: the model stays as it is. */
  @property({ type: Boolean }) ended = false;
  /** Learning rate of the run, to suggest neighbours of it. */
  @property({ type: Number }) learningRate = Number.NaN;

  /** True while the box is shown. */
  get atChance(): boolean {
    return Number.isFinite(this.valAcc) && this.valCount > 0 && this.classes >= 2 && !distinguishableFromChance(this.valAcc, this.valCount, this.classes);
  }

  override render() {
    if (!this.atChance) return nothing;
    const chance = formatChance(this.classes);
    const [lower, higher] = Number.isFinite(this.learningRate) ? neighbours(this.learningRate) : ['', ''];
    return html`<div class="box" data-chance aria-live="polite">
      <p><strong>${this.ended ? 'This model has not learned' : 'Not learning yet'}:</strong> validation accuracy after epoch ${this.epoch} is
        ${formatAccuracyWithInterval(this.valAcc, this.valCount)}, and its 95% interval contains chance (${chance}, what guessing gets with
        ${this.classes} classes). So far it cannot be told apart from guessing.</p>
      <p>What usually helps:</p>
      <ul>
        <li>more epochs (a model often sits at chance for a while before it takes off);</li>
        <li>more training images (the training-set size setting);</li>
        <li>a different learning rate${lower ? html` (now ${this.learningRate}: try ${lower} or ${higher})` : nothing}.</li>
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-chance': TslTrainChance;
  }
}
