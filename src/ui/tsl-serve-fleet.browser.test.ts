// The fleet plan's table with five planned choices and one that found no capacity: its columns
// sit side by side in a wide box and stack in a narrow one, never scrolling sideways, and the
// unplanned choice is named under it. Fixed figures, so five columns are tested on any machine.
// Screenshot: screenshots/serve-fleet-five.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { fleetPlan, type MeasuredChoice } from '../serve/fleet-plan.ts';
import type { ModelFleet } from '../state/serve-fleet.ts';
import './tsl-serve-fleet.ts';

const traffic = { queriesPerDay: 2_000_000, peakFactor: 3, queriesPerVisit: 20 };
const choice = (backend: string, batching: string, capacityQps: number, p99TargetMs: number): MeasuredChoice => ({
  label: `${backend}, batching ${batching}, p99 ≤ ${p99TargetMs} ms`, backend, batching, capacityQps, p99TargetMs, coldStartMs: 180, warmQueryMs: 1.5,
});
const fleet: ModelFleet = {
  trainingSeconds: 40,
  traffic,
  plans: [choice('wasm', 'off', 479, 100), choice('wasm', 'off', 610, 400), choice('cpu', 'off', 31, 400), choice('wasm', 'off', 455, 50), choice('wasm', 'T 2 ms, B 4', 520, 50)].map((c) => fleetPlan(traffic, c, 40)),
  noCapacity: ['webgpu, batching off, p99 ≤ 50 ms'],
};

async function mount(widthPx: number) {
  const el = document.createElement('tsl-serve-fleet');
  el.fleet = fleet;
  const box = document.createElement('div');
  box.style.width = `${widthPx}px`;
  box.append(el);
  document.body.append(box);
  await el.updateComplete;
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('<tsl-serve-fleet>', () => {
  for (const width of [600, 1000, 1800]) {
    it(`fits five choices in a ${width} px box without sideways scrolling`, async () => {
      const el = await mount(width);
      const box = el.shadowRoot!.querySelector('.box') as HTMLElement;
      const table = box.querySelector('table')!;
      expect(box.querySelectorAll('thead th[data-fleet-col]')).toHaveLength(5);
      expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth + 1);
      const stacked = getComputedStyle(table).display === 'block';
      // A narrow box stacks each figure's values; a box as wide as five columns need keeps them side by side.
      if (width === 600) expect(stacked).toBe(true);
      if (width === 1800) expect(stacked).toBe(false);
    });
  }

  it('names the choice whose search found no rate under its bound', async () => {
    const el = await mount(900);
    expect(el.shadowRoot!.querySelector('[data-fleet-unplanned]')!.textContent).toContain('Not planned: webgpu, batching off, p99 ≤ 50 ms: its search found no rate under the bound.');
    await page.screenshot({ path: '../../screenshots/serve-fleet-five.png', element: el });
  });
});
