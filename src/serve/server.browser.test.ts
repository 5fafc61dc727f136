import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient, type Transport } from './client.ts';
import { imageToInput } from './preprocess.ts';
import { freshModel, randomImage } from './test-fixtures.ts';
import type { RawImage } from './protocol.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

/** model.predict on the main thread, with the same preprocessing as the server. */
async function reference(image: RawImage): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(imageToInput(image, 64, 64)) as tf.Tensor);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

function expectClose(actual: readonly number[], expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
}

const cases: Array<[BackendName, Transport]> = [
  ['wasm', 'shared'],
  ['wasm', 'comlink'],
  ['webgl', 'shared'],
];

describe.each(cases)('server on %s over %s', (backend, transport) => {
  it('serves 200 queries matching model.predict, leaking nothing', async () => {
    const client = ServeClient.spawn({ transport });
    try {
      expect(client.transport).toBe(transport);
      const deployed = await client.deploy(artifacts, backend, { warmShaders: true });
      expect(deployed.backend).toBe(backend);
      expect(deployed.shape).toEqual({ height: 64, width: 64, channels: 3, numClasses: 2 });
      expect(deployed.flopsPerQuery).toBeGreaterThan(0);
      const before = await client.numTensors();
      for (let i = 0; i < 200; i++) {
        const image = randomImage(1000 + i);
        const r = await client.query(image);
        if (!r.ok) throw new Error(r.error);
        expect(r.probs[0]! + r.probs[1]!).toBeCloseTo(1, 5);
        expect(r.e2eMs).toBeGreaterThanOrEqual(r.modelMs);
        expectClose(r.probs, await reference(image));
      }
      expect(await client.numTensors()).toBe(before);
    } finally {
      client.terminate();
    }
  });
});

describe('server queries', () => {
  let client: ServeClient;
  beforeAll(async () => {
    client = ServeClient.spawn();
    await client.deploy(artifacts, 'wasm', { warmShaders: false });
  });
  afterAll(() => client.terminate());

  it('resizes RGBA and other sizes like tf.image.resizeBilinear on the page', async () => {
    for (const image of [randomImage(7, 64, 64, 4), randomImage(8, 100, 80, 3), randomImage(9, 32, 48, 4)]) {
      const r = await client.query(image);
      if (!r.ok) throw new Error(r.error);
      expectClose(r.probs, await reference(image));
    }
  });

  it('reports a bad query and keeps serving', async () => {
    const before = await client.numTensors();
    const bad = await client.query({ data: new Uint8Array(10), width: 64, height: 64, channels: 3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/needs 12288 bytes, got 10/);
    const badChannels = await client.query({ data: new Uint8Array(64 * 64 * 2), width: 64, height: 64, channels: 2 as 3 });
    expect(badChannels.ok).toBe(false);
    const good = await client.query(randomImage(3));
    expect(good.ok).toBe(true);
    expect(await client.numTensors()).toBe(before);
  });

  it('serves batches like single queries', async () => {
    const images = [randomImage(21), randomImage(22, 64, 64, 4), randomImage(23)];
    const r = await client.queryBatch(images);
    if (!r.ok) throw new Error(r.error);
    for (let i = 0; i < images.length; i++) expectClose(r.probs[i]!, await reference(images[i]!));
  });
});

describe('deploy refuses bad artifacts', () => {
  let client: ServeClient;
  beforeAll(() => {
    client = ServeClient.spawn();
  });
  afterAll(() => client.terminate());

  it('not a model', async () => {
    await expect(client.deploy({ hello: 1 } as unknown as SerializedModel, 'wasm', { warmShaders: false })).rejects.toThrow(/Not a Layers model/);
  });

  it('truncated weights', async () => {
    const truncated = { ...artifacts, weightData: artifacts.weightData.slice(0, 1000) };
    await expect(client.deploy(truncated, 'wasm', { warmShaders: false })).rejects.toThrow(/Weights truncated: weightData holds 1000 bytes/);
  });

  it('wrong input shape', async () => {
    const flat = tf.sequential({ layers: [tf.layers.dense({ inputShape: [12], units: 2, activation: 'softmax' })] });
    const { saveToArtifacts } = await import('../model/artifacts.ts');
    const flatArtifacts = await saveToArtifacts(flat);
    flat.dispose();
    await expect(client.deploy(flatArtifacts, 'wasm', { warmShaders: false })).rejects.toThrow(/Wrong input shape: expected \[batch, height, width, 3\]/);
  });

  it('still deploys a good model afterwards', async () => {
    const r = await client.deploy(artifacts, 'wasm', { warmShaders: false });
    expect(r.numTensors).toBeGreaterThan(0);
    expect((await client.query(randomImage(5))).ok).toBe(true);
  });
});
