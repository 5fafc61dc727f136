// <tsl-model-lineage>: every model family drawn as a tree, the trained root at the top and each
// model hung under the one it was made from (pruned levels, their fine-tuned children, later
// retrained or distilled models), each node a button with its figures (test accuracy with its 95%
// interval and count, marked when it cannot be told from chance). Emits `tsl-model-select`.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatBytes } from '../metrics/format.ts';
import type { Measurement, ModelEntry } from '../registry/records.ts';
import { latencyText, modelSelectEvent } from './model-events.ts';

interface LineageNode {
  model: ModelEntry;
  children: LineageNode[];
  /** Its parent was deleted, so it is drawn as a root of its own. */
  orphan: boolean;
}

const byFamilyAndVersion = (a: ModelEntry, b: ModelEntry) => a.family - b.family || a.version - b.version || a.createdAt.localeCompare(b.createdAt);

/** The registry's models as trees by parentId; a model whose parent is gone roots a tree of its own. */
export function lineageForest(models: readonly ModelEntry[]): LineageNode[] {
  const ids = new Set(models.map((m) => m.id));
  const kids = new Map<string, ModelEntry[]>();
  for (const m of models) if (m.parentId !== null && ids.has(m.parentId)) kids.set(m.parentId, [...(kids.get(m.parentId) ?? []), m]);
  // `seen` guards against a parent loop in damaged stored data, which would otherwise never end.
  const seen = new Set<string>();
  const grow = (m: ModelEntry, orphan: boolean): LineageNode => {
    seen.add(m.id);
    const children = (kids.get(m.id) ?? []).filter((c) => !seen.has(c.id)).sort(byFamilyAndVersion);
    return { model: m, orphan, children: children.map((c) => grow(c, false)) };
  };
  const roots = models.filter((m) => m.parentId === null || !ids.has(m.parentId)).sort(byFamilyAndVersion);
  const forest = roots.map((m) => grow(m, m.parentId !== null));
  // Models caught in a loop are reached from no root: each left over starts a tree of its own.
  for (const m of [...models].sort(byFamilyAndVersion)) if (!seen.has(m.id)) forest.push(grow(m, true));
  return forest;
}

@customElement('tsl-model-lineage')
export class TslModelLineage extends LitElement {
  static override styles = css`
    :host { display: block; --line: var(--tsl-lineage-line, #556); }
    .forest { display: flex; flex-direction: column; gap: 1rem; }
    ul { list-style: none; margin: 0; padding: 0; }
    ul.children { margin-left: 1.1rem; }
    li.child { position: relative; padding: 0.45rem 0 0 1.5rem; }
    /* The connectors: an elbow from the parent's trunk to this node, and the trunk going on to later siblings. */
    .elbow { position: absolute; left: 0; top: 0; width: 1.5rem; height: 1.45rem; border-left: 2px solid var(--line); border-bottom: 2px solid var(--line); border-bottom-left-radius: 0.35rem; }
    .trunk { position: absolute; left: 0; top: 0; bottom: 0; border-left: 2px solid var(--line); }
    li.child:last-child > .trunk { display: none; }
    button.node { display: inline-flex; flex-direction: column; align-items: flex-start; gap: 0.1rem; max-width: 100%; text-align: left; font: inherit; font-size: 0.9rem;
      padding: 0.35rem 0.65rem; border: 1px solid #889; border-radius: 0.4rem; background: #fff; color: inherit; cursor: pointer; }
    button.node:hover { background: #f4f7fa; }
    button.node[aria-current='true'] { border: 2px solid var(--tsl-accent, #0072b2); background: #eef6fc; padding: calc(0.35rem - 1px) calc(0.65rem - 1px); }
    button.node:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .name { font-weight: 600; }
    .figs { font-size: 0.8rem; color: #333; }
    .tag { font-size: 0.72rem; font-weight: 600; border-radius: 0.3rem; padding: 0 0.35rem; margin-left: 0.4rem; border: 1px solid currentColor; }
    .tag.selected { color: var(--tsl-accent, #0072b2); }
    .tag.orphan { color: #8a4b00; }
    .tag.chance { color: #8a3b00; }
    p { margin: 0; }
  `;

  /** Every model in the registry. */
  @property({ attribute: false }) models: ModelEntry[] = [];
  /** Every latency measurement in the registry (each node shows its model's median). */
  @property({ attribute: false }) measurements: Measurement[] = [];
  /** Id of the selected model, highlighted. */
  @property({ attribute: false }) selectedId: string | null = null;
  /** Serving backend whose model-only p50 each node shows. */
  @property() backend = 'wasm';

  override render() {
    if (this.models.length === 0) return html`<p data-lineage-empty>No models yet: a finished training run starts a family here.</p>`;
    return html`<div class="forest" @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      ${lineageForest(this.models).map((root) => html`<ul class="tree" data-family=${root.model.familyId} aria-label=${`Family of ${root.model.name}`}>${this.renderNode(root, true)}</ul>`)}
    </div>`;
  }

  private renderNode(node: LineageNode, root: boolean): unknown {
    const m = node.model;
    const selected = m.id === this.selectedId;
    return html`<li class=${root ? 'root' : 'child'}>
      ${root ? nothing : html`<span class="trunk" aria-hidden="true"></span><span class="elbow" data-connector aria-hidden="true"></span>`}
      <button class="node" data-node=${m.id} aria-current=${selected ? 'true' : 'false'} @click=${() => this.dispatchEvent(modelSelectEvent(m.id))}>
        <span><span class="name">${m.name}</span>${selected ? html`<span class="tag selected">selected</span>` : nothing}${node.orphan ? html`<span class="tag orphan" data-orphan>parent deleted</span>` : nothing}${this.chance(m)}</span>
        <span class="figs">test ${this.accuracy(m)} · weights ${formatBytes(m.weightBytes)} · ${latencyText(this.measurements, m.id, this.backend)}</span>
      </button>
      ${node.children.length ? html`<ul class="children">${node.children.map((c) => this.renderNode(c, false))}</ul>` : nothing}
    </li>`;
  }

  private accuracy(m: ModelEntry): string {
    if (m.testAcc === null) return 'accuracy not measured';
    const p = accuracyParts(m.testAcc, m.testCount);
    return p.caveatShort ? `${p.text} (${p.caveatShort})` : p.text;
  }

  private chance(m: ModelEntry) {
    const label = m.testAcc === null ? null : chanceLabel(m.testAcc, m.testCount, m.numClasses);
    return label ? html`<span class="tag chance" data-chance-mark>${label}</span>` : nothing;
  }

  /** Up and Down move between nodes in reading order, as in a tree (Tab still visits each one). */
  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const nodes = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.node')];
    const at = nodes.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = nodes[Math.min(nodes.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    e.preventDefault();
    next?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-model-lineage': TslModelLineage;
  }
}
