// Scratch experiment: does an idle worker's wake-up make low open-loop rates slow?
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient } from './client.ts';
import { freshModel, randomImageSet } from './test-fixtures.ts';
import { imageAt } from './query-order.ts';
import { poissonSchedule } from '../metrics/poisson.ts';
import { sleepUntil } from './timer.ts';
import { sortedCopy, percentile } from '../metrics/stats.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;
const set = randomImageSet(256, 42);

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

const q = (xs: number[], p: number) => percentile(sortedCopy(xs), p);
const fmt = (xs: number[]) => `p50 ${q(xs, 50).toFixed(3)} p90 ${q(xs, 90).toFixed(3)} p99 ${q(xs, 99).toFixed(3)} max ${q(xs, 100).toFixed(3)}`;

async function gapProbe(client: ServeClient, gapMs: number, n: number) {
  const e2e: number[] = [];
  const model: number[] = [];
  const rt: number[] = [];
  for (let i = 0; i < n; i++) {
    if (gapMs > 0) await sleepUntil(performance.now() + gapMs);
    const r = await client.query(imageAt(set, i % set.count));
    if (!r.ok) throw new Error(r.error);
    e2e.push(r.e2eMs);
    model.push(r.modelMs);
    rt.push(r.e2eMs - r.modelMs - r.preprocessMs);
  }
  return { e2e, model, rt };
}

async function openLoop(client: ServeClient, rate: number, n: number, spinLeadMs: number) {
  const schedule = poissonSchedule(rate, n, 3);
  const lag: number[] = [];
  const service: number[] = [];
  const lat: number[] = [];
  const origin = performance.now() + 5;
  const all: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const at = origin + schedule[i]!;
    await sleepUntil(at - spinLeadMs);
    while (performance.now() < at);
    all.push(client.query(imageAt(set, i % set.count)).then((r) => {
      const end = performance.now();
      const start = end - r.e2eMs;
      lag.push(start - at);
      service.push(r.e2eMs);
      lat.push(end - Math.min(at, start));
    }));
  }
  await Promise.all(all);
  return { lag, service, lat };
}

it('measures idle wake-up', async () => {
  const lines: string[] = [];
  for (const [label, channel] of [['default (worker spins 1 ms, then sleeps)', {}], ['worker busy-waits 500 ms', { workerSpinMs: 500 }]] as const) {
    const client = ServeClient.spawn({ channel });
    await client.deploy(artifacts, 'wasm', { warmShaders: true });
    for (let i = 0; i < 30; i++) await client.query(imageAt(set, i));
    lines.push(`== ${label}`);
    for (const gap of [0, 2, 5, 20, 50]) {
      const r = await gapProbe(client, gap, 200);
      lines.push(`gap ${gap} ms: e2e ${fmt(r.e2e)} | model ${fmt(r.model)} | rt ${fmt(r.rt)}`);
    }
    const cap = 1000 / (await gapProbe(client, 0, 200)).e2e.reduce((a, b) => a + b, 0) * 200;
    lines.push(`capacity ~${cap.toFixed(0)}/s`);
    for (const frac of [0.1, 0.5]) {
      for (const lead of [0, 2]) {
        const r = await openLoop(client, cap * frac, 256, lead);
        lines.push(`open loop ${frac} (spin lead ${lead} ms): lat ${fmt(r.lat)} | lag ${fmt(r.lag)} | service ${fmt(r.service)}`);
      }
    }
    client.terminate();
  }
  console.log(lines.join('\n'));
  expect(lines.length).toBeGreaterThan(0);
});
