// ReLU's gradient in one pass, as a tiny hand-assembled WebAssembly SIMD module on the tfjs wasm
// backend's own memory: dx = dy where x > 0, else 0 (NaN where x is NaN).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { END, I32, I32_ADD, LOCAL_GET, LOCAL_SET, SIMD, V128, countUp, instantiateOn, perHeap, type OneFunctionModule } from './wasm-assemble.ts';

/**
 * Why a module of our own: tfjs writes the gradient as dy · cast(step(x)), three full passes and two
 * temporary tensors over each activation ([32, 64, 64, 16] for the first layer): ~2.6 ms of a
 * training batch for the app's four ReLUs, where one pass is memory speed.
 *
 *   reluGrad(x, dy, dx, bytes)      bytes a multiple of 16
 *     for each group of 4 floats: positive = x > 0;  nan = x != x
 *       dx = nan ? x : (positive ? dy : 0)
 *
 * The same values as dy · step(x) except the sign of a zero (dy < 0 where x ≤ 0 gives −0 there, +0
 * here), which no later operation can tell apart in a sum.
 */
export type ReluGradSimd = (x: number, dy: number, dx: number, bytes: number) => void;

const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const V128_AND = 0x4e;
const V128_BITSELECT = 0x52;
const F32X4_NE = 0x42;
const F32X4_GT = 0x44;

const X = 0, DY = 1, DX = 2, BYTES = 3;
const P = 4;
const XV = 5;
const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const memarg = [2, 0];
const at = (base: number) => [...get(base), ...get(P), I32_ADD];

function body(): number[] {
  return [
    ...countUp(P, BYTES, 16, [
      ...at(DX),
      ...at(X), SIMD, V128_LOAD, ...memarg, ...set(XV),
      // x where x is NaN (bitselect takes the first operand's bits where the mask is set) ...
      ...get(XV),
      // ... else dy masked by x > 0
      ...at(DY), SIMD, V128_LOAD, ...memarg,
      ...get(XV), SIMD, V128_CONST, ...Array<number>(16).fill(0), SIMD, F32X4_GT,
      SIMD, V128_AND,
      ...get(XV), ...get(XV), SIMD, F32X4_NE,
      SIMD, V128_BITSELECT,
      SIMD, V128_STORE, ...memarg,
    ]),
    END, // function
  ];
}

const RELU_GRAD: OneFunctionModule = {
  exportName: 'reluGrad',
  params: [I32, I32, I32, I32],
  locals: [[1, I32], [1, V128]],
  body: body(),
};

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateReluGrad(memory: WebAssembly.Memory): ReluGradSimd | null {
  return instantiateOn<ReluGradSimd>(RELU_GRAD, memory);
}

/** The SIMD pass bound to this backend's heap, or null (no SIMD, or a build that hides its memory). */
export const simdReluGrad: (backend: BackendWasm) => ReluGradSimd | null = perHeap<ReluGradSimd>(RELU_GRAD);
