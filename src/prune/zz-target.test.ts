import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { decodeRgbNode, renderJpeg } from '../../scripts/lib/render-node.ts';
import { DEFAULT_SEED, SPLIT_INDEX_BASE, labelOf, type SplitName } from '../data/dataset-spec.ts';
import type { ImageSet } from '../data/image-set.ts';
import { buildCnn } from '../model/cnn.ts';
import { evaluate } from '../train/evaluate.ts';
import { fineTune } from './fine-tune.ts';
import { runPruneSweep, toArtifacts } from './sweep.ts';
import { useWasm } from './test-fixtures.ts';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';

function split(name: SplitName, count: number): ImageSet {
  const pixels = new Uint8Array(count * 64 * 64 * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = labelOf(i);
    pixels.set(decodeRgbNode(renderJpeg(DEFAULT_SEED, SPLIT_INDEX_BASE[name] + i, labels[i]!, 64), 64), i * 64 * 64 * 3);
  }
  return { pixels, labels, count, height: 64, width: 64, ids: [] };
}

it('targets', async () => {
  await useWasm();
  const t0 = performance.now();
  const train = split('train', 2000);
  const test = split('test', 1200);
  console.log('data ms', performance.now() - t0);
  const cache = '/tmp/prunecheck/dense.json';
  let source: tf.io.ModelArtifacts;
  if (existsSync(cache)) {
    const j = JSON.parse(readFileSync(cache, 'utf8'));
    source = { ...j, weightData: new Float32Array(j.weights).buffer };
  } else {
    const m = buildCnn({ inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 42 });
    const r = await fineTune(m, train, 2, { epochs: Number(process.env.EPOCHS ?? 8), batchSize: 32, learningRate: 0.001, seed: 42, onBatch: (p) => p.batch === p.batches && console.log('epoch', p.epoch, p.loss, p.acc) });
    console.log('train ms', r.fineTuneMs);
    source = await toArtifacts(m);
    m.dispose();
    writeFileSync(cache, JSON.stringify({ ...source, weightData: undefined, weights: Array.from(new Float32Array(source.weightData as ArrayBuffer)) }));
  }
  const res = await runPruneSweep(source, { train, test, numClasses: 2 }, {
    epochs: Number(process.env.FT ?? 2), batchSize: 32, learningRate: Number(process.env.LR ?? 0.001), seed: 42,
    schedule: (process.env.SCHED ?? 'gradual') as 'gradual', masks: { scope: (process.env.SCOPE ?? 'per-layer') as 'global' },
  });
  console.log('dense', JSON.stringify(res.dense));
  for (const l of res.levels) {
    const r = l.record;
    console.log(r.method, r.sparsity, 'acc', r.testAcc.toFixed(4), 'dAcc', ((r.testAcc - res.dense.testAcc) * 100).toFixed(2), 'gzip', (r.gzipBytes / res.dense.gzipBytes).toFixed(3), 'flops', (r.flopsPerQuery / res.dense.flopsPerQuery).toFixed(3), 'ms', r.fineTuneMs.toFixed(0));
  }
}, 3_600_000);
