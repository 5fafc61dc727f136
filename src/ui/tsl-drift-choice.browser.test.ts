// The policy choice in real Chromium with fixed runs: the worst day is shown with its interval,
// count and day, a verdict whose interval reaches across the floor says so, text that is not a
// number is named under its own row without reaching the lab, and the lab's refusal of a value
// comes back under the row it was typed in. Screenshot: screenshots/drift-choice-refused.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { accuracySummary, costTotals, DEFAULT_ENERGY } from '../drift/cost.ts';
import type { DayRecord, LifecycleRun } from '../drift/records.ts';
import { wilsonInterval } from '../metrics/intervals.ts';
import './tsl-drift-choice.ts';

function dayOf(day: number, labelledCorrect: number, labelled = 200): DayRecord {
  const { low, high } = wilsonInterval(labelledCorrect, labelled);
  return {
    day, modelId: 'm', queries: 1000, failed: 0, correct: labelledCorrect * 5, labelled, labelledCorrect, labelsOnDay: day, monitoredAcc: labelledCorrect / labelled, monitoredLow: low, monitoredHigh: high,
    inputPsi: 0, confidencePsi: 0, inputKs: 0, confidenceKs: 0, signal: 0, servingMs: 1000, modelMs: 800, servingFlops: 1e9,
  };
}

function runOf(policyLabel: string, days: DayRecord[]): LifecycleRun {
  return {
    policy: { kind: 'never' }, policyLabel, baseModelId: 'm', servingBackend: 'wasm', trainBackend: 'wasm', days, retrains: [], deploys: [],
    totals: costTotals({ trainMs: 5000, trainFlops: 1e12 }, days, [], []), summary: accuracySummary(days, []), stopped: false,
  };
}

// Day 0 is before the floor's first day and is left out; day 2 is each run's worst from day 1 on.
const clearlyBelow = runOf('never', [dayOf(0, 190), dayOf(1, 150), dayOf(2, 100)]);
const justAbove = runOf('retrain', [dayOf(0, 190), dayOf(1, 185), dayOf(2, 172)]);

async function mount(): Promise<{ el: HTMLElementTagNameMap['tsl-drift-choice']; sent: unknown[] }> {
  const el = document.createElement('tsl-drift-choice');
  Object.assign(el, { runs: [clearlyBelow, justAbove], trafficPerDay: 10_000, floorAcc: 0.85, floorFromDay: 1, energy: { ...DEFAULT_ENERGY } });
  const sent: unknown[] = [];
  // As the Drift view does: the lab answers each change, and a refusal comes back as configError.
  el.addEventListener('tsl-drift-configure', (e) => {
    const patch = (e as CustomEvent<{ floorAcc?: number }>).detail;
    sent.push(patch);
    el.configError = patch.floorAcc !== undefined && !(patch.floorAcc > 0 && patch.floorAcc < 1) ? `The accuracy floor must be between 0% and 100%, got ${patch.floorAcc * 100}%.` : null;
  });
  document.body.append(el);
  await el.updateComplete;
  return { el, sent };
}

async function change(el: HTMLElement, name: string, text: string): Promise<void> {
  const input = el.shadowRoot!.querySelector(`input[name="${name}"]`) as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('change'));
  await (el as HTMLElementTagNameMap['tsl-drift-choice']).updateComplete;
  await (el as HTMLElementTagNameMap['tsl-drift-choice']).updateComplete;
}

afterEach(() => document.body.replaceChildren());

describe('<tsl-drift-choice>', () => {
  it("shows each policy's worst day with its interval, count and day, and says when the interval reaches across the floor", async () => {
    const { el } = await mount();
    const rows = [...el.shadowRoot!.querySelectorAll('table[data-table="choice"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
    const byPolicy = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(byPolicy['never']![1]).toBe('50.0% [43.1–56.9%], n = 200 (day 2)');
    expect(byPolicy['never']![2]).toBe('no');
    // 172 of 200 = 86.0%, above the 85% floor, but its interval [80.5–90.1%] reaches below it.
    expect(byPolicy['retrain']![1]).toBe('86.0% [80.5–90.1%], n = 200 (day 2)');
    expect(byPolicy['retrain']![2]).toBe('yes, but its interval reaches below the floor');
    expect(el.shadowRoot!.querySelector('[data-choice]')!.textContent).toContain('retrain');
  });

  it('names text that is not a number under its row and sends nothing', async () => {
    const { el, sent } = await mount();
    await change(el, 'watts', 'abc');
    expect(sent).toEqual([]);
    expect(el.shadowRoot!.querySelector('[data-choice-error="energy"]')!.textContent).toBe('Device power: "abc" is not a number; the last value stays.');
    expect(el.shadowRoot!.querySelector('[data-choice-error="choice"]')).toBeNull();
    // The field shows the value still in use, as the message says.
    expect((el.shadowRoot!.querySelector('input[name="watts"]') as HTMLInputElement).value).toBe(String(Math.round(DEFAULT_ENERGY.watts * 100) / 100));
    // A value taken in another row leaves this row's message standing.
    await change(el, 'traffic', '20000');
    expect(sent).toEqual([{ trafficPerDay: 20_000 }]);
    expect(el.shadowRoot!.querySelector('[data-choice-error="energy"]')).not.toBeNull();
  });

  it("shows the lab's refusal under the row it was typed in, and clears it once a value is taken", async () => {
    const { el, sent } = await mount();
    await change(el, 'floor', '120');
    expect(sent).toEqual([{ floorAcc: 1.2 }]);
    expect(el.shadowRoot!.querySelector('[data-choice-error="choice"]')!.textContent).toBe('The accuracy floor must be between 0% and 100%, got 120%.');
    await page.screenshot({ path: '../../screenshots/drift-choice-refused.png', element: el });
    await change(el, 'floor', '80');
    expect(el.shadowRoot!.querySelector('[data-choice-error]')).toBeNull();
  });
});
