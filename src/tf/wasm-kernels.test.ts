// Checks the wasm training kernels against the cpu backend's gradients, for leaks, and
// that a real training step of the app's CNN on wasm learns.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildCnn } from '../model/cnn.ts';
import { registerWasmTrainingKernels } from './wasm-kernels.ts';
import { simdColumnSum } from './wasm-simd-column-sum.ts';
import { instantiateRowsProduct, simdRowsProduct } from './wasm-simd-rows-product.ts';
import { instantiateGrad2x2, simdGrad2x2 } from './wasm-simd-max-pool-grad.ts';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface ConvCase {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  stride: number | [number, number];
  pad: Pad;
}

/** Deterministic pseudo-random values in [-1, 1), so failures repeat. */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Runs fn's gradients on one backend and returns them as plain arrays. */
async function gradsOn(
  backend: string,
  inputs: { shape: number[]; data: Float32Array }[],
  fn: (...ts: tf.Tensor[]) => tf.Tensor,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const ts = inputs.map((i) => tf.tensor(i.data, i.shape));
  const grads = tf.grads(fn)(ts);
  const out = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
  tf.dispose([...ts, ...grads]);
  return out;
}

async function compareConv(c: ConvCase): Promise<void> {
  const [b, h, w, cin] = c.x;
  const filterShape: [number, number, number, number] = [c.k[0], c.k[1], cin, c.cout];
  const probeShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, c.stride, c.pad).shape);
  const inputs = [
    { shape: c.x, data: values(b * h * w * cin, 1) },
    { shape: filterShape, data: values(filterShape.reduce((p, d) => p * d, 1), 2) },
    { shape: probeShape, data: values(probeShape.reduce((p, d) => p * d, 1), 3) },
  ];
  // Multiplying by a fixed random tensor makes dy non-uniform, so every tap is checked.
  const f = (x: tf.Tensor, f: tf.Tensor, r: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), r));
  const onCpu = await gradsOn('cpu', inputs, f);
  const onWasm = await gradsOn('wasm', inputs, f);
  expect(relErr(onWasm[0], onCpu[0]), 'dx').toBeLessThan(1e-4);
  expect(relErr(onWasm[1], onCpu[1]), 'dW').toBeLessThan(1e-4);
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  registerWasmTrainingKernels(); // idempotent
  await tf.setBackend('wasm');
  registerWasmTrainingKernels(); // also after the backend started
});

describe('wasm conv2d gradients match cpu', () => {
  const cases: ConvCase[] = [
    { x: [1, 5, 7, 1], k: [1, 1], cout: 1, stride: 1, pad: 'valid' },
    { x: [2, 8, 6, 3], k: [3, 3], cout: 4, stride: 1, pad: 'same' },
    { x: [3, 9, 7, 2], k: [2, 2], cout: 5, stride: 2, pad: 'same' },
    { x: [4, 10, 11, 3], k: [4, 4], cout: 2, stride: 2, pad: 'valid' },
    { x: [1, 12, 9, 4], k: [5, 5], cout: 3, stride: 1, pad: 'same' },
    { x: [5, 8, 9, 2], k: [3, 3], cout: 6, stride: 2, pad: 'valid' },
    { x: [2, 11, 13, 3], k: [5, 3], cout: 4, stride: [2, 1], pad: 'same' },
    { x: [2, 7, 6, 3], k: [4, 2], cout: 3, stride: 1, pad: 'valid' },
    { x: [8, 16, 16, 8], k: [3, 3], cout: 16, stride: 1, pad: 'same' },
    { x: [3, 9, 8, 2], k: [3, 3], cout: 4, stride: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
    { x: [4, 16, 16, 32], k: [3, 3], cout: 64, stride: 1, pad: 'same' },
    // The SIMD product (cout a multiple of 8): 27 and 5 rows of A leave a partial tile of 4, and
    // 2 x 33 x 41 grid positions span several 256-row blocks, the last one partial.
    { x: [2, 32, 40, 3], k: [3, 3], cout: 8, stride: 1, pad: 'same' },
    { x: [3, 9, 7, 5], k: [1, 1], cout: 24, stride: 1, pad: 'valid' },
    { x: [2, 12, 10, 2], k: [2, 3], cout: 16, stride: 1, pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  ];
  for (const c of cases) {
    it(`x ${c.x} k ${c.k} cout ${c.cout} stride ${c.stride} pad ${JSON.stringify(c.pad)}`, () => compareConv(c));
  }
});

describe('wasm maxPool gradient matches cpu', () => {
  const cases: { x: [number, number, number, number]; size: number; stride: number; pad: 'same' | 'valid'; ties?: boolean }[] = [
    { x: [2, 8, 6, 3], size: 2, stride: 2, pad: 'valid' },
    { x: [3, 8, 8, 4], size: 2, stride: 2, pad: 'valid', ties: true },
    { x: [2, 9, 7, 2], size: 3, stride: 2, pad: 'same' },
    { x: [1, 7, 9, 3], size: 3, stride: 1, pad: 'valid', ties: true },
    { x: [2, 9, 9, 2], size: 3, stride: 3, pad: 'valid' },
  ];
  for (const c of cases) {
    it(`x ${c.x} size ${c.size} stride ${c.stride} ${c.pad}${c.ties ? ' with ties' : ''}`, async () => {
      const n = c.x.reduce((p, d) => p * d, 1);
      // Few distinct values make ties common: both backends must pick the first maximum.
      const data = c.ties ? values(n, 4).map((v) => Math.round(v * 2)) : values(n, 4);
      const pooled = tf.tidy(() => tf.maxPool(tf.zeros(c.x) as tf.Tensor4D, c.size, c.stride, c.pad).shape);
      const inputs = [
        { shape: c.x, data },
        { shape: pooled, data: values(pooled.reduce((p, d) => p * d, 1), 5) },
      ];
      const f = (x: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, c.size, c.stride, c.pad), r));
      const onCpu = await gradsOn('cpu', inputs, f);
      const onWasm = await gradsOn('wasm', inputs, f);
      expect(relErr(onWasm[0], onCpu[0])).toBeLessThan(1e-4);
    });
  }
});

describe('wasm Sum over every axis but the last (bias gradients)', () => {
  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [2, 3, 5, 8], axis: [0, 1, 2], keepDims: false },
    { shape: [2, 3, 5, 8], axis: [2, 0, 1], keepDims: true },
    { shape: [7, 12], axis: -2, keepDims: false },
    { shape: [32, 64, 64, 16], axis: [0, 1, 2], keepDims: false },
    // Not the column-sum case, or channels not a multiple of 4: the stock kernel.
    { shape: [2, 3, 5, 8], axis: [1, 2], keepDims: false },
    { shape: [4, 6, 6], axis: [0, 1], keepDims: false },
  ];
  for (const c of cases) {
    it(`sum of ${c.shape} over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''} matches cpu`, async () => {
      const data = values(c.shape.reduce((p, d) => p * d, 1), 7);
      const on = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor(data, c.shape);
        const s = tf.sum(x, c.axis, c.keepDims);
        const out = { shape: s.shape, data: await s.data() };
        tf.dispose([x, s]);
        return out;
      };
      const cpu = await on('cpu');
      const wasm = await on('wasm');
      expect(wasm.shape).toEqual(cpu.shape);
      expect(relErr(wasm.data, cpu.data)).toBeLessThan(1e-5);
    });
  }

  it('assembles and binds to the backend heap', async () => {
    await tf.setBackend('wasm');
    expect(simdColumnSum(tf.backend() as Parameters<typeof simdColumnSum>[0])).toBeTypeOf('function');
  });
});

describe('wasm ReLU gradient (one kernel)', () => {
  it('matches cpu, NaN and zero inputs included, on lengths with and without a tail past 4', async () => {
    for (const n of [4096, 1027, 3]) {
      const data = values(n, 21);
      data[0] = 0;
      data[1] = Number.NaN;
      const f = (x: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), r));
      const inputs = [{ shape: [n], data }, { shape: [n], data: values(n, 22) }];
      const [onCpu, onWasm] = [await gradsOn('cpu', inputs, f), await gradsOn('wasm', inputs, f)];
      expect(Number.isNaN(onWasm[0]![1]!), 'NaN in, NaN out').toBe(true);
      expect(Number.isNaN(onCpu[0]![1]!)).toBe(true);
      onWasm[0]![1] = onCpu[0]![1] = 0;
      expect(Array.from(onWasm[0]!)).toEqual(Array.from(onCpu[0]!).map((v) => (v === 0 ? 0 : v)));
    }
  });

  it('dispatches TslReluGrad on wasm instead of Step, Cast and Multiply', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d(values(64, 23));
    const info = await tf.profile(() => {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x);
      g.dispose();
    });
    const names = info.kernels.map((k) => k.name);
    expect(names).toContain('TslReluGrad');
    expect(names).not.toContain('Step');
    x.dispose();
  });
});

describe('wasm Identity', () => {
  it('shares the input memory instead of copying, and frees it with the last owner', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x); // the Identity kernel
    expect(tf.memory().numDataBuffers - before).toBe(1);
    x.dispose();
    expect(await y.data()).toEqual(new Float32Array([1, 2, 3, 4]));
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(before);
  });
});

describe('wasm filter gradient SIMD product', () => {
  it('assembles and binds to the backend heap, and on a shared memory', async () => {
    await tf.setBackend('wasm');
    // A null here would silently mean XNNPACK's product with its repacking of dy.
    expect(simdRowsProduct(tf.backend() as Parameters<typeof simdRowsProduct>[0])).toBeTypeOf('function');
    expect(instantiateRowsProduct(new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }))).toBeTypeOf('function');
  });

  it('adds A x g into out for 4-row tiles over blocks of g rows, on a memory of its own', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const product = instantiateRowsProduct(memory)!;
    const [rowCount, n, length, block] = [4, 8, 7, 3];
    const f32 = new Float32Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    const [rowsAt, aAt, gAt, outAt] = [0, 64, 256, 1024]; // float indices
    const a = values(rowCount * length, 4);
    const g = values(length * n, 5);
    f32.set(a, aAt);
    f32.set(g, gAt);
    for (let r = 0; r < rowCount; r++) i32[rowsAt + r] = 4 * (aAt + r * length);
    f32.fill(1, outAt, outAt + rowCount * n); // added to, not overwritten
    product(4 * rowsAt, rowCount, 4 * gAt, n * 4, length, 4 * outAt, block);
    for (let r = 0; r < rowCount; r++) {
      for (let c = 0; c < n; c++) {
        let want = 1;
        for (let q = 0; q < length; q++) want += a[r * length + q]! * g[q * n + c]!;
        expect(f32[outAt + r * n + c]).toBeCloseTo(want, 5);
      }
    }
  });
});

describe('wasm 2x2/2 maxPool gradient (SIMD path) matches cpu', () => {
  it('assembles and binds the SIMD module to the backend heap', async () => {
    await tf.setBackend('wasm');
    // Node 20 and Chromium have wasm SIMD: a null here would silently mean the slow JS loop.
    expect(simdGrad2x2(tf.backend() as Parameters<typeof simdGrad2x2>[0])).toBeTypeOf('function');
  });

  it('also runs on a shared memory, as the threaded wasm build uses', () => {
    // Node's tfjs never loads the threaded build, so its import of a shared memory is checked here.
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const grad = instantiateGrad2x2(memory);
    expect(grad).toBeTypeOf('function');
    // One image 2x4, 4 channels: windows [x0 x1; x4 x5] and [x2 x3; x6 x7] per channel.
    const [H, W, C] = [2, 4, 4];
    const heap = new Float32Array(memory.buffer);
    const x = heap.subarray(0, H * W * C);
    const g = heap.subarray(64, 64 + 2 * C);
    const dx = heap.subarray(128, 128 + H * W * C);
    x.set(Array.from({ length: H * W * C }, (_, i) => [1, 3, 3, 0, NaN, -Infinity][(i * 7) % 6]));
    g.set([1, 2, 3, 4, 5, 6, 7, 8]);
    dx.fill(99);
    grad?.(0, 64 * 4, 128 * 4, H * W * C * 4, W * C * 4, C * 4);
    const expected = new Float32Array(H * W * C);
    for (let ow = 0; ow < 2; ow++) {
      for (let c = 0; c < C; c++) {
        const at = [0, 1, W, W + 1].map((o) => (2 * ow + o) * C + c);
        let best = -Infinity;
        let win = -1;
        for (const i of at) if (x[i] > best) [best, win] = [x[i], i];
        if (win >= 0) expected[win] = g[ow * C + c];
      }
    }
    expect(Array.from(dx)).toEqual(Array.from(expected));
  });

  const cases: { x: [number, number, number, number]; pad: 'same' | 'valid'; data: 'ties' | 'special' | 'random'; path: string }[] = [
    { x: [2, 8, 6, 8], pad: 'valid', data: 'ties', path: 'simd' },
    { x: [1, 4, 4, 64], pad: 'same', data: 'ties', path: 'simd' },
    { x: [3, 6, 10, 12], pad: 'valid', data: 'special', path: 'simd' },
    { x: [2, 8, 8, 16], pad: 'same', data: 'random', path: 'simd' },
    // Fall back: channels not a multiple of 4 (JS tiled loop), odd sizes (general loop).
    { x: [2, 6, 6, 6], pad: 'valid', data: 'ties', path: 'js tiled' },
    { x: [2, 9, 7, 8], pad: 'valid', data: 'ties', path: 'general' },
    { x: [1, 7, 5, 4], pad: 'same', data: 'special', path: 'general' },
  ];
  for (const c of cases) {
    it(`x ${c.x} ${c.pad}, ${c.data} values (${c.path})`, async () => {
      const n = c.x.reduce((p, d) => p * d, 1);
      const base = values(n, 21);
      // ties: 5 distinct values, so most windows have several maxima (the first must win);
      // special: NaN never wins and an all -Infinity / NaN window gets no gradient on cpu.
      const specials = [NaN, -Infinity, Infinity, 0, -0];
      const data =
        c.data === 'ties'
          ? base.map((v) => Math.round(v * 2))
          : c.data === 'special'
            ? base.map((v, i) => (i % 3 === 0 ? specials[i % 5] : i % 7 === 0 ? -Infinity : v))
            : base;
      const pooled = tf.tidy(() => tf.maxPool(tf.zeros(c.x) as tf.Tensor4D, 2, 2, c.pad).shape);
      const inputs = [
        { shape: c.x, data },
        { shape: pooled, data: values(pooled.reduce((p, d) => p * d, 1), 22) },
      ];
      // Through the MaxPoolGrad kernel only: tf.mul by r keeps NaN out of the incoming dy.
      const f = (x: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 2, 2, c.pad), r));
      const onCpu = await gradsOn('cpu', inputs, f);
      const onWasm = await gradsOn('wasm', inputs, f);
      expect(Array.from(onWasm[0])).toEqual(Array.from(onCpu[0]));
    });
  }
});

describe('wasm matMul and its gradients match cpu', () => {
  // [6, 40] x [40, 7]: XNNPACK after transposing; [6, 40] x [40, 16] and [33, 24] x [24, 64]: the
  // SIMD rows product (columns a multiple of 8; 6 and 33 rows leave a partial tile of 4), and a
  // 300-row weight gradient (over 256 rows: XNNPACK again).
  const cases: [number, number, number][] = [[6, 40, 7], [6, 40, 16], [33, 24, 64], [300, 8, 16]];
  for (const [m, k, n] of cases) {
    it(`[${m}, ${k}] x [${k}, ${n}]: the product and both gradients`, async () => {
      const inputs = [
        { shape: [m, k], data: values(m * k, 6) },
        { shape: [k, n], data: values(k * n, 7) },
        { shape: [m, n], data: values(m * n, 8) },
      ];
      const f = (a: tf.Tensor, b: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), r));
      const onCpu = await gradsOn('cpu', inputs, f);
      const onWasm = await gradsOn('wasm', inputs, f);
      expect(relErr(onWasm[0], onCpu[0]), 'da').toBeLessThan(1e-4);
      expect(relErr(onWasm[1], onCpu[1]), 'db').toBeLessThan(1e-4);
      const product = async (backend: string) => {
        await tf.setBackend(backend);
        const [a, b] = [tf.tensor2d(inputs[0]!.data, [m, k]), tf.tensor2d(inputs[1]!.data, [k, n])];
        const p = tf.matMul(a, b);
        const out = { shape: p.shape, data: await p.data() };
        tf.dispose([a, b, p]);
        return out;
      };
      const [pc, pw] = [await product('cpu'), await product('wasm')];
      expect(pw.shape).toEqual(pc.shape);
      expect(relErr(pw.data, pc.data), 'a x b').toBeLessThan(1e-5);
    });
  }
});

describe('wasm kernels free their intermediates', () => {
  it('runs each kernel twice without growing tensors or wasm buffers', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values(2 * 8 * 8 * 3, 9), [2, 8, 8, 3]);
    const dy = tf.tensor4d(values(2 * 8 * 8 * 4, 10), [2, 8, 8, 4]);
    const dy2 = tf.tensor4d(values(2 * 4 * 4 * 4, 11), [2, 4, 4, 4]);
    const w = tf.tensor4d(values(3 * 3 * 3 * 4, 12), [3, 3, 3, 4]);
    const pooled = tf.maxPool(x, 2, 2, 'valid');
    const a = tf.tensor2d(values(12, 13), [3, 4]);
    const dy8 = tf.tensor4d(values(2 * 8 * 8 * 8, 14), [2, 8, 8, 8]);
    const [a3, b3] = [tf.reshape(a, [1, 3, 4]), tf.ones([1, 4, 8])];
    const runs: [string, tf.NamedTensorMap, tf.NamedAttrMap][] = [
      ['Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }],
      ['Conv2DBackpropFilter', { x, dy: dy2 }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }],
      ['Conv2DBackpropFilter', { x, dy: dy8 }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 8] }],
      ['Sum', { x: dy8 }, { axis: [0, 1, 2], keepDims: false }],
      ['TslReluGrad', { dy: dy8, x: dy8 }, {}],
      ['Conv2DBackpropInput', { dy, filter: w }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 8, 8, 3] }],
      ['MaxPoolGrad', { dy: tf.onesLike(pooled), input: x, output: pooled }, { filterSize: 2, strides: 2, pad: 'valid' }],
      ['BatchMatMul', { a, b: a }, { transposeA: true, transposeB: false }],
      ['BatchMatMul', { a, b: a }, { transposeA: false, transposeB: true }],
      ['BatchMatMul', { a: a3, b: b3 }, { transposeA: false, transposeB: false }],
    ];
    for (const [name, inputs, attrs] of runs) {
      const results: number[][] = [];
      for (let i = 0; i < 2; i++) {
        const before = tf.memory();
        const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
        out.dispose();
        const after = tf.memory();
        results.push([after.numTensors - before.numTensors, after.numDataBuffers - before.numDataBuffers]);
      }
      expect(results, name).toEqual([[0, 0], [0, 0]]);
    }
    tf.dispose([x, dy, dy2, dy8, w, pooled, a, a3, b3, ...runs.map((r) => r[1].dy).filter((t) => t !== dy && t !== dy2 && t !== dy8)]);
  });
});

describe('training the app CNN on wasm', () => {
  it('lowers the loss over 10 Adam steps on a learnable batch', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const model = buildCnn({ inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0.2, seed: 1 });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // Class 1 images are brighter: random but learnable.
    const { x, y } = tf.tidy(() => {
      const labels = tf.tensor1d([0, 1, 0, 1, 1, 0, 1, 0], 'int32');
      const bright = labels.cast('float32').reshape([8, 1, 1, 1]).mul(0.5);
      return { x: tf.randomUniform([8, 64, 64, 3], 0, 0.5, 'float32', 3).add(bright), y: tf.oneHot(labels, 2) };
    });
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const h = await model.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, shuffle: false });
      losses.push(h.history.loss[0] as number);
    }
    tf.dispose([x, y]);
    model.optimizer.dispose(); // Adam's moment variables are not the model's to free
    model.dispose();
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[9]).toBeLessThan(losses[0] * 0.8);
    expect(tf.memory().numTensors).toBe(before);
  });
});
