// The Train view's figures read correctly at a glance: the chance box appears while the latest
// validation accuracy cannot be told apart from guessing (50% of 500 images) and not once it can
// (85%); a tiny split at 100% says it means little; the accuracy chart runs 0–100% with chance drawn.
import { ContextProvider } from '@lit/context';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochRecord } from '../metrics/report.ts';
import { Lab } from '../state/lab.ts';
import { IDLE_TRAINING } from '../state/lab-state.ts';
import { FakeWorkbench } from '../state/test-fakes.ts';
import { labContext } from './lab-context.ts';
import type { TslChart } from './tsl-chart.ts';
import type { TslTrainView } from './tsl-train-view.ts';
import './tsl-train-view.ts';

function record(epoch: number, valAcc: number): EpochRecord {
  return { epoch, wallMs: 9000, samplesPerSec: 220, kernelCount: 20_000, kernelHistogram: { Conv2D: 400 }, kernelCountMethod: 'counted', trainFlops: 1.39e11, gflops: 15, loss: 0.69, acc: valAcc, valLoss: 0.69, valAcc, numTensors: 40, numBytes: 2e6, instrumentationMs: 5, batches: 63, valMs: 300 };
}

/** A Train view over a Lab whose last run finished with these validation accuracies on `valCount` images of two classes. */
async function trainView(valAccs: number[], valCount: number, phase: 'finished' | 'running' = 'finished'): Promise<TslTrainView> {
  const lab = new Lab({ port: new FakeWorkbench(), storage: null });
  const records = valAccs.map((a, i) => record(i + 1, a));
  const correct = Math.round(valAccs.at(-1)! * valCount);
  lab.store.set({
    training: {
      ...IDLE_TRAINING,
      phase,
      settings: lab.store.state.settings,
      epoch: records.length,
      records,
      end: phase === 'finished' ? 'completed' : null,
      validation: { predicted: new Uint8Array(valCount), confidence: new Float32Array(valCount).fill(0.52), confusion: [[correct, valCount - correct], [0, 0]] },
    },
  });
  const host = document.createElement('div');
  host.style.width = '1100px';
  new ContextProvider(host, { context: labContext, initialValue: lab });
  const view = document.createElement('tsl-train-view');
  host.append(view);
  document.body.append(host);
  await view.updateComplete;
  return view;
}

const chanceBox = (view: TslTrainView) => view.renderRoot.querySelector('tsl-train-chance')?.shadowRoot?.querySelector('[data-chance]') ?? null;

afterEach(() => {
  document.body.replaceChildren();
});

describe('tsl-train-view', () => {
  it('says that 50% of 500 validation images cannot be told apart from chance, and what usually helps', async () => {
    const view = await trainView([0.506, 0.476, 0.5], 500);
    await view.renderRoot.querySelector('tsl-train-chance')!.updateComplete;
    const box = chanceBox(view);
    expect(box).not.toBeNull();
    const text = box!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('50.0% [45.6–54.4%], n = 500');
    expect(text).toContain('contains chance (50%');
    for (const help of ['more epochs', 'more training images', 'a different learning rate']) expect(text).toContain(help);
    expect(text).toContain('try 0.00033 or 0.003');
    // Visible: a drawn box, not a hidden live region.
    expect(box!.getBoundingClientRect().height).toBeGreaterThan(40);
    expect(getComputedStyle(box!).borderTopStyle).toBe('solid');
  });

  it('shows no chance box at 85% of 500, and the figure carries its interval and count', async () => {
    const view = await trainView([0.62, 0.85], 500);
    await view.renderRoot.querySelector('tsl-train-chance')!.updateComplete;
    expect(chanceBox(view)).toBeNull();
    const figure = view.renderRoot.querySelector('[data-figure="val-acc"]')!;
    expect(figure.querySelector('.v')!.textContent).toBe('85.0%');
    expect(figure.querySelector('[data-interval]')!.textContent).toBe('[81.6–87.9%]');
    expect(figure.textContent).toContain('n = 500');
    expect(view.renderRoot.querySelector('[data-caveat]')).toBeNull();
    const cell = view.renderRoot.querySelector('tsl-epoch-table')!.shadowRoot!.querySelector('tbody tr:last-child [data-col="valAcc"]')!;
    expect(cell.textContent).toBe('85.0%[81.6–87.9%]');
  });

  it('says that 4 validation images at 100% mean little', async () => {
    const view = await trainView([1], 4);
    const caveat = view.renderRoot.querySelector('[data-caveat]')!;
    expect(caveat.textContent).toContain('only 4 images: the 95% interval runs from 51.0% to 100.0%, so this figure means little');
    expect(view.renderRoot.querySelector('[data-figure="val-acc"]')!.textContent).toContain('[51.0–100.0%]n = 4');
  });

  it('draws accuracy on a 0–100% axis with the 50% chance line and the validation intervals, and counts from zero', async () => {
    const view = await trainView([0.506, 0.476, 0.5], 500);
    const charts = view.renderRoot.querySelector('tsl-train-charts')!;
    await charts.updateComplete;
    const acc = charts.shadowRoot!.querySelector<TslChart>('tsl-chart[data-chart="accuracy"]')!;
    await acc.updateComplete;
    const chart = (acc as unknown as { chart: { scales: Record<string, { min: number; max: number }> } }).chart;
    expect(chart.scales['y']!.min).toBe(0);
    expect(chart.scales['y']!.max).toBe(100);
    expect(acc.referenceLines).toEqual([{ y: 50, label: 'chance (50%)' }]);
    const validation = acc.series.find((s) => s.label.startsWith('validation'))!;
    expect(validation.label).toBe('validation (n = 500)');
    expect(validation.errorBars!.low[2]).toBeCloseTo(45.63, 1);
    // The dispatches chart starts at zero: 20,000 dispatches every epoch is a flat line, not a cliff.
    const all = [...charts.shadowRoot!.querySelectorAll<TslChart>('tsl-chart')];
    const dispatches = all.find((c) => c.heading.startsWith('Kernel dispatches'))!;
    await dispatches.updateComplete;
    expect((dispatches as unknown as { chart: { scales: Record<string, { min: number }> } }).chart.scales['y']!.min).toBe(0);
    await view.updateComplete;
    view.renderRoot.querySelector('section[aria-label="Training charts"]')!.scrollIntoView();
  });
});
