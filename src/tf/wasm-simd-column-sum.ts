// Column sums of a row-major matrix (the bias gradient: dy summed over every axis but the
// channels) as a tiny hand-assembled WebAssembly SIMD module on the tfjs wasm backend's memory.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { END, I32, I32_ADD, LOCAL_GET, LOCAL_SET, SIMD, countUp, instantiateOn, perHeap, whileBelow, type OneFunctionModule } from './wasm-assemble.ts';

/**
 * Why a module of our own: the stock Sum over axes [0, 1, 2] of a [32, 64, 64, 16] gradient first
 * transposes all of it so the summed axes come last, then sums each row: ~5.6 ms a training batch
 * for the app's five bias gradients, where one pass over the data is memory speed.
 *
 *   columnSum(x, totalBytes, rowBytes, out)
 *     out[0 .. rowBytes) = 0, then for each row of x: out[c .. c+3] += x[row][c .. c+3]
 *
 * Each column is summed in row order in float32, as the stock kernel's loop does after its
 * transpose, so the results are the same.
 */
export type ColumnSumSimd = (x: number, totalBytes: number, rowBytes: number, out: number) => void;

const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const F32X4_ADD = [0xe4, 0x01];

const X = 0, TOTAL = 1, ROW_BYTES = 2, OUT = 3;
const END_PTR = 4, C = 5;
const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const memarg = [2, 0];

function body(): number[] {
  return [
    // out = 0
    ...countUp(C, ROW_BYTES, 16, [
      ...get(OUT), ...get(C), I32_ADD, SIMD, V128_CONST, ...Array<number>(16).fill(0), SIMD, V128_STORE, ...memarg,
    ]),
    ...get(X), ...get(TOTAL), I32_ADD, ...set(END_PTR),
    // rows
    ...whileBelow(X, END_PTR, [
      // groups of 4 columns
      ...countUp(C, ROW_BYTES, 16, [
        ...get(OUT), ...get(C), I32_ADD,
        ...get(OUT), ...get(C), I32_ADD, SIMD, V128_LOAD, ...memarg,
        ...get(X), ...get(C), I32_ADD, SIMD, V128_LOAD, ...memarg,
        SIMD, ...F32X4_ADD,
        SIMD, V128_STORE, ...memarg,
      ]),
      ...get(X), ...get(ROW_BYTES), I32_ADD, ...set(X),
    ]),
    END, // function
  ];
}

const COLUMN_SUM: OneFunctionModule = {
  exportName: 'columnSum',
  params: [I32, I32, I32, I32],
  locals: [[2, I32]],
  body: body(),
};

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateColumnSum(memory: WebAssembly.Memory): ColumnSumSimd | null {
  return instantiateOn<ColumnSumSimd>(COLUMN_SUM, memory);
}

/** The SIMD column sum bound to this backend's heap, or null: the stock Sum then runs. */
export const simdColumnSum: (backend: BackendWasm) => ColumnSumSimd | null = perHeap<ColumnSumSimd>(COLUMN_SUM);
