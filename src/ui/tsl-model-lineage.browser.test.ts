// The lineage drawing: a family (a trained root, two pruned levels, a model made from one of them)
// renders as one tree of four node buttons joined by drawn connectors, each node with its figures;
// picking a node by click or keyboard sends its id; a model whose parent was deleted roots its own tree.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Measurement, ModelEntry } from '../registry/records.ts';
import type { ModelSelectEvent } from './model-events.ts';
import { modelFixture } from './test-models.ts';
import type { TslModelLineage } from './tsl-model-lineage.ts';
import './tsl-model-lineage.ts';

function entry(id: string, version: number, parentId: string | null, extra: Partial<ModelEntry> = {}): ModelEntry {
  return modelFixture(id, { familyId: 'root', version, name: `model 1.${version} · ${id}`, parentId, createdAt: `2025-01-01T00:00:0${version}.000Z`, ...extra });
}

function measurement(modelId: string, backend: string, modelP50Ms: number, k: number): Measurement {
  return { id: `meas-${modelId}-${k}`, modelId, backend, kind: 'serve', date: '2025-01-02T00:00:00.000Z', count: 300, p50Ms: modelP50Ms + 0.5, modelP50Ms, testAcc: 0.9 };
}

// Listed out of order on purpose: the tree follows parentId and version, not the array.
const FAMILY = [
  entry('finetuned', 4, 'pruned50', { weightBytes: 20_000 }),
  entry('pruned30', 3, 'root', { testAcc: 0.9, testCount: 1200 }),
  entry('root', 1, null),
  entry('pruned50', 2, 'root', { testAcc: 0.88 }),
];
const MEASUREMENTS = [measurement('root', 'wasm', 1.31, 0), measurement('root', 'wasm', 1.09, 1), measurement('root', 'wasm', 1.74, 2), measurement('pruned50', 'webgl', 0.8, 0), measurement('finetuned', 'wasm', 1.0, 0), measurement('finetuned', 'wasm', 2.0, 1)];

async function lineage(models: ModelEntry[], selectedId: string | null): Promise<{ el: TslModelLineage; picked: string[] }> {
  const el = document.createElement('tsl-model-lineage');
  el.models = models;
  el.measurements = MEASUREMENTS;
  el.selectedId = selectedId;
  const picked: string[] = [];
  const wrapper = document.createElement('div');
  wrapper.style.width = '900px';
  wrapper.addEventListener('tsl-model-select', (e: ModelSelectEvent) => picked.push(e.detail.id));
  wrapper.append(el);
  document.body.append(wrapper);
  await el.updateComplete;
  return { el, picked };
}

const node = (el: TslModelLineage, id: string) => el.renderRoot.querySelector<HTMLButtonElement>(`button[data-node="${id}"]`)!;
/** The node buttons directly under `id`'s node, in drawn order. */
const childrenOf = (el: TslModelLineage, id: string) => [...node(el, id).parentElement!.querySelectorAll(':scope > ul > li > button')].map((b) => b.getAttribute('data-node'));

afterEach(() => {
  document.body.replaceChildren();
});

describe('tsl-model-lineage', () => {
  it('draws a family of a root, two pruned levels and a child of one as one tree of 4 nodes with 3 connectors', async () => {
    const { el } = await lineage(FAMILY, 'pruned50');
    expect(el.renderRoot.querySelectorAll('ul.tree')).toHaveLength(1);
    expect(el.renderRoot.querySelectorAll('button[data-node]')).toHaveLength(4);
    expect(childrenOf(el, 'root')).toEqual(['pruned50', 'pruned30']);
    expect(childrenOf(el, 'pruned50')).toEqual(['finetuned']);
    expect(childrenOf(el, 'pruned30')).toEqual([]);
    const connectors = [...el.renderRoot.querySelectorAll<HTMLElement>('[data-connector]')];
    expect(connectors).toHaveLength(3);
    expect(node(el, 'root').parentElement!.querySelector(':scope > [data-connector]')).toBeNull();
    // Each connector is drawn (a visible border), ends at its node's left edge, at the height of the
    // node, and starts under its parent node.
    for (const id of ['pruned50', 'pruned30', 'finetuned']) {
      const button = node(el, id);
      const elbow = button.parentElement!.querySelector<HTMLElement>(':scope > [data-connector]')!;
      expect(getComputedStyle(elbow).borderLeftWidth).toBe('2px');
      expect(getComputedStyle(elbow).borderBottomStyle).toBe('solid');
      const e = elbow.getBoundingClientRect();
      const b = button.getBoundingClientRect();
      const parent = node(el, id === 'finetuned' ? 'pruned50' : 'root').getBoundingClientRect();
      expect(Math.abs(e.right - b.left), id).toBeLessThan(12);
      expect(e.bottom, id).toBeGreaterThan(b.top);
      expect(e.bottom, id).toBeLessThan(b.bottom);
      expect(e.left, id).toBeGreaterThan(parent.left);
      expect(e.left, id).toBeLessThan(parent.right);
    }
  });

  it('shows each node with its test accuracy, 95% interval and image count, weight size and model-only p50 on wasm', async () => {
    const { el } = await lineage(FAMILY, 'pruned50');
    const root = node(el, 'root').textContent!.replace(/\s+/g, ' ');
    expect(root).toContain('model 1.1 · root');
    expect(root).toContain('test 91.2% [89.5–92.7%], n = 1,200');
    expect(node(el, 'root').querySelector('[data-chance-mark]')).toBeNull();
    expect(root).toContain('weights 49.4 kB');
    expect(root).toContain('model-only p50 1.31 ms on wasm, median of 3 measurements');
    expect(node(el, 'pruned50').textContent).toContain('not served on wasm yet (1 measurement on other backends)');
    expect(node(el, 'pruned30').textContent).toContain('not served yet');
    expect(node(el, 'finetuned').textContent).toContain('weights 20.0 kB');
    // An even count: the middle two averaged, as the Ledger does.
    expect(node(el, 'finetuned').textContent).toContain('model-only p50 1.50 ms on wasm, median of 2 measurements');
  });

  it('marks a model whose test accuracy cannot be told apart from chance', async () => {
    const { el } = await lineage([...FAMILY.filter((m) => m.id !== 'pruned30'), entry('pruned30', 3, 'root', { testAcc: 0.52, testCount: 300 })], null);
    expect(node(el, 'pruned30').querySelector('[data-chance-mark]')?.textContent).toBe('indistinguishable from chance (50%)');
  });

  it('highlights the selected node only', async () => {
    const { el } = await lineage(FAMILY, 'pruned50');
    const current = [...el.renderRoot.querySelectorAll('button[aria-current="true"]')].map((b) => b.getAttribute('data-node'));
    expect(current).toEqual(['pruned50']);
    expect(node(el, 'pruned50').textContent).toContain('selected');
    expect(getComputedStyle(node(el, 'pruned50')).backgroundColor).not.toBe(getComputedStyle(node(el, 'root')).backgroundColor);
  });

  it('sends the id of a node picked by click, by Enter, and after moving with the arrow keys', async () => {
    const { el, picked } = await lineage(FAMILY, 'root');
    await userEvent.click(node(el, 'finetuned'));
    expect(picked).toEqual(['finetuned']);
    node(el, 'root').focus();
    await userEvent.keyboard('{Enter}');
    expect(picked).toEqual(['finetuned', 'root']);
    await userEvent.keyboard('{ArrowDown}');
    expect(el.shadowRoot!.activeElement).toBe(node(el, 'pruned50'));
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(el.shadowRoot!.activeElement).toBe(node(el, 'finetuned'));
    await userEvent.keyboard(' ');
    expect(picked).toEqual(['finetuned', 'root', 'finetuned']);
  });

  it('draws a model whose parent was deleted as a root marked "parent deleted", its children still under it', async () => {
    const models = FAMILY.filter((m) => m.id !== 'pruned50');
    const { el } = await lineage(models, null);
    const roots = [...el.renderRoot.querySelectorAll('ul.tree > li > button')].map((b) => b.getAttribute('data-node'));
    expect(roots).toEqual(['root', 'finetuned']);
    expect(node(el, 'finetuned').querySelector('[data-orphan]')?.textContent).toBe('parent deleted');
    expect(node(el, 'root').querySelector('[data-orphan]')).toBeNull();
    expect(childrenOf(el, 'root')).toEqual(['pruned30']);
    expect(el.renderRoot.querySelectorAll('[data-connector]')).toHaveLength(1);
  });

  it('says so when there is no model', async () => {
    const { el } = await lineage([], null);
    expect(el.renderRoot.querySelector('[data-lineage-empty]')?.textContent).toContain('No models yet');
  });
});
