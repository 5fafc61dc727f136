// Two number fields in real Chromium: the Inside view's snapshot budget and the drift view's
// "serve your own images from day N". Text that is no number (a blank included) is named and quoted
// without reaching the lab; a number out of range is sent (the lab names that problem); either
// way the field goes back to the value in use, so it never shows a value nothing runs with.
// Screenshots: screenshots/inside-cost-not-number.png, screenshots/drift-own-not-number.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { initialDriftState } from '../state/drift-state.ts';
import type { LiveRate } from '../inspect/types.ts';
import './tsl-inside-cost.ts';
import './tsl-drift-own.ts';

async function change(el: HTMLElement & { updateComplete: Promise<boolean> }, name: string, text: string): Promise<HTMLInputElement> {
  const input = el.shadowRoot!.querySelector(`input[name="${name}"]`) as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return input;
}

afterEach(() => document.body.replaceChildren());

describe('<tsl-inside-cost> fields', () => {
  async function mount() {
    const el = document.createElement('tsl-inside-cost');
    el.rate = { maxShare: 0.02, minIntervalMs: 400 };
    const sent: LiveRate[] = [];
    el.addEventListener('rate-input', (e) => sent.push(e.detail));
    document.body.append(el);
    await el.updateComplete;
    return { el, sent };
  }

  it('refuses a blank by name and sends nothing', async () => {
    const { el, sent } = await mount();
    const input = await change(el, 'min-interval', '');
    expect(sent).toEqual([]);
    expect(el.shadowRoot!.querySelector('[data-inside-not-number]')!.textContent).toBe('At most one every (ms): "" is not a number; the last value stays.');
    expect(input.value).toBe('400');
    await page.screenshot({ path: '../../screenshots/inside-cost-not-number.png', element: el });
  });

  it('sends a number out of range for the lab to name, shows the value in use, and clears the message on a good value', async () => {
    const { el, sent } = await mount();
    await change(el, 'max-share', '');
    expect(el.shadowRoot!.querySelector('[data-inside-not-number]')).not.toBeNull();
    const input = await change(el, 'max-share', '9');
    expect(sent).toEqual([{ maxShare: 0.09, minIntervalMs: 400 }]);
    expect(input.value).toBe('2');
    expect(el.shadowRoot!.querySelector('[data-inside-not-number]')).toBeNull();
    await change(el, 'max-share', '2.5');
    expect(sent.at(-1)).toEqual({ maxShare: 0.025, minIntervalMs: 400 });
    expect(input.value).toBe('2.5');
  });
});

describe('<tsl-drift-own> day field', () => {
  async function mount() {
    const el = document.createElement('tsl-drift-own');
    const state = initialDriftState();
    el.state = { ...state, ownPlacement: { mode: 'from', day: 3 } };
    el.classNames = ['cat', 'dog'];
    const sent: unknown[] = [];
    el.addEventListener('tsl-drift-own-place', (e) => sent.push(e.detail));
    document.body.append(el);
    await el.updateComplete;
    return { el, sent, days: state.scenario.days };
  }

  it('refuses text that is no number by name, and the field goes back to the day in use', async () => {
    const { el, sent } = await mount();
    const input = await change(el, 'own-from-day', 'three');
    expect(sent).toEqual([]);
    expect(el.shadowRoot!.querySelector('[data-own-not-number]')!.textContent).toBe('Day N: "three" is not a number; the last value stays.');
    expect(input.value).toBe('3');
    await page.screenshot({ path: '../../screenshots/drift-own-not-number.png', element: el });
  });

  it('sends a day out of range for the lab to name, shows the day in use, and a good day clears the message', async () => {
    const { el, sent, days } = await mount();
    await change(el, 'own-from-day', ' ');
    const input = await change(el, 'own-from-day', String(days));
    expect(sent).toEqual([{ mode: 'from', day: days }]);
    expect(input.value).toBe('3');
    expect(el.shadowRoot!.querySelector('[data-own-not-number]')).toBeNull();
    await change(el, 'own-from-day', '2');
    expect(sent.at(-1)).toEqual({ mode: 'from', day: 2 });
    expect(input.value).toBe('2');
  });
});
