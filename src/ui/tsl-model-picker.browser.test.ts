// The shared model picker: a labelled select that names each model with its test accuracy, sends
// tsl-model-select with the picked id from mouse or keyboard, and never lets a model without
// weights be picked where weights are needed.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { ModelEntry } from '../registry/records.ts';
import type { ModelSelectEvent } from './model-events.ts';
import { modelFixture } from './test-models.ts';
import { TRAINING_LINE, type TslModelPicker } from './tsl-model-picker.ts';
import './tsl-model-picker.ts';

function entry(id: string, family: number, version: number, extra: Partial<ModelEntry> = {}): ModelEntry {
  return modelFixture(id, { family, version, valAcc: 0.9, ...extra });
}

const MODELS = [
  entry('a', 1, 1),
  entry('b', 2, 1, { source: 'report', hasWeights: false, testAcc: 0.85, testCount: 600 }),
  entry('c', 3, 1, { testAcc: 0.5, testCount: 64 }),
];

async function picker(props: Partial<Pick<TslModelPicker, 'models' | 'selectedId' | 'requireWeights' | 'training'>>): Promise<{ el: TslModelPicker; picked: string[] }> {
  const el = document.createElement('tsl-model-picker');
  Object.assign(el, props);
  const picked: string[] = [];
  // Listened on a wrapper: the event must bubble out of the element and its shadow root.
  const wrapper = document.createElement('div');
  wrapper.addEventListener('tsl-model-select', (e: ModelSelectEvent) => picked.push(e.detail.id));
  wrapper.append(el);
  document.body.append(wrapper);
  await el.updateComplete;
  return { el, picked };
}

const select = (el: TslModelPicker) => el.renderRoot.querySelector('select')!;
const options = (el: TslModelPicker) => [...select(el).options];

afterEach(() => {
  document.body.replaceChildren();
});

describe('tsl-model-picker', () => {
  it('is a select labelled "Model" that names each model with its test accuracy and test-image count', async () => {
    const { el } = await picker({ models: MODELS, selectedId: 'a' });
    const s = select(el);
    expect([...s.labels].map((l) => l.textContent?.trim())).toEqual(['Model']);
    expect(options(el).map((o) => o.textContent)).toEqual([
      'model 1.1 · fixture · test 91.2% of 1,200',
      'model 2.1 · fixture · test 85.0% of 600',
      'model 3.1 · fixture · test 50.0% of 64',
    ]);
    expect(s.value).toBe('a');
  });

  it('emits tsl-model-select with the picked id, from a pointer choice and from the keyboard', async () => {
    const { el, picked } = await picker({ models: MODELS, selectedId: 'a' });
    await userEvent.selectOptions(select(el), 'c');
    expect(picked).toEqual(['c']);
    // The parent takes the choice; then Up arrow on the focused select picks the model above.
    el.selectedId = 'c';
    await el.updateComplete;
    select(el).focus();
    await userEvent.keyboard('{ArrowUp}');
    expect(picked).toEqual(['c', 'b']);
  });

  it('lists models without weights as disabled, with the reason, where weights are needed, and skips them from the keyboard', async () => {
    const { el, picked } = await picker({ models: MODELS, selectedId: 'a', requireWeights: true });
    const b = options(el).find((o) => o.value === 'b')!;
    expect(b.disabled).toBe(true);
    expect(b.textContent).toContain('no weights: read from a report');
    expect(options(el).filter((o) => o.disabled).map((o) => o.value)).toEqual(['b']);
    select(el).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(picked).toEqual(['c']);
    expect(select(el).value).toBe('c');
  });

  it('does not show a selected model that cannot be used here as chosen', async () => {
    const { el } = await picker({ models: MODELS, selectedId: 'b', requireWeights: true });
    const chosen = select(el).selectedOptions[0]!;
    expect(chosen.disabled).toBe(true);
    expect(chosen.value).toBe('');
    expect(chosen.textContent).toContain('cannot be used here');
  });

  it('says that a model is being trained, as a line that cannot be picked', async () => {
    const { el } = await picker({ models: MODELS, selectedId: 'a', training: true });
    const line = options(el).at(-1)!;
    expect(line.textContent).toBe(TRAINING_LINE);
    expect(line.disabled).toBe(true);
  });

  it('writes the picked model out in full under the select in a narrow box, where the select cuts it off, and not in a wide one', async () => {
    const long = entry('d', 4, 2, { name: 'model 4.2 · wasm, 40 epochs × 1,600 images, seed 7, photos preset, augmented' });
    const { el } = await picker({ models: [...MODELS, long], selectedId: 'd' });
    const whole = () => el.renderRoot.querySelector<HTMLElement>('[data-picker-whole]')!;
    const chosen = select(el).selectedOptions[0]!.textContent;
    expect(whole().textContent).toBe(chosen);
    el.parentElement!.style.width = '16rem';
    expect(whole().getClientRects().length).toBeGreaterThan(0);
    expect(whole().getBoundingClientRect().right).toBeLessThanOrEqual(el.getBoundingClientRect().right + 0.5);
    el.parentElement!.style.width = '60rem';
    expect(whole().getClientRects()).toHaveLength(0);
    // A selected model that cannot be used here: the line says why, as the select does.
    el.parentElement!.style.width = '16rem';
    el.requireWeights = true;
    el.selectedId = 'b';
    await el.updateComplete;
    expect(whole().textContent).toBe(select(el).selectedOptions[0]!.textContent);
    expect(whole().textContent).toContain('cannot be used here');
    // Nothing selected: the select says "Choose a model" itself, and no line.
    el.selectedId = null;
    await el.updateComplete;
    expect(el.renderRoot.querySelector('[data-picker-whole]')).toBeNull();
  });

  it('says so when there is no model, also during a run', async () => {
    const { el } = await picker({ models: [], selectedId: null });
    expect(el.renderRoot.querySelector('select')).toBeNull();
    expect(el.renderRoot.querySelector('[data-picker-empty]')?.textContent).toContain('No model yet');
    el.training = true;
    await el.updateComplete;
    expect(el.renderRoot.querySelector('[data-picker-empty]')?.textContent).toContain(TRAINING_LINE);
  });
});
