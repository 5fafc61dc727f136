// A matrix product whose left rows are given by address, as a tiny hand-assembled WebAssembly SIMD
// module on the tfjs wasm backend's own memory: nothing is repacked. The stride-1 filter gradient
// reads its rows in place in the padded input; the dense layers' training products use it too.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { END, I32, I32_ADD, I32_CONST, LOCAL_GET, LOCAL_SET, SIMD, V128, countUp, instantiateOn, perHeap, whileBelow, type OneFunctionModule } from './wasm-assemble.ts';

/**
 * Why a module of our own: through XNNPACK the filter gradient's product dW = A x dy costs its multiply-adds at
 * ~35-40 GFLOP/s, but XNNPACK first repacks dy (its "weights" operand, all of dy: a fresh tensor every
 * step) and A had to be built by nine shifted copies of the padded input. Measured in Node on the
 * app's three layers: 21.5 ms of product, plus ~18 ms of packing with a fresh dy. Here each row of A
 * is read where it lies (row r = tap (i, j) and channel ci starts at xp + (ci * lp + i * wp + j)), and
 * dy is read as it is laid out. A dense layer's product with few rows (a batch of 32) is the same
 * case: XNNPACK repacks the whole weight matrix, fresh after every optimizer step, for little work.
 *
 *   rowsProduct(rows, rowCount, g, rowBytes, length, out, block)
 *     rows: rowCount (a multiple of 4) byte addresses of A's rows, as i32s
 *     g: the [length x N] right operand (dy's grid), rowBytes = N * 4 (N a multiple of 8)
 *     out: [rowCount x N] floats, added to (the caller zeroes it)
 *     for k0 in 0, block, 2 block, ... < length:            // a block of dy rows stays in cache
 *       for n0 in 0, 8, 16, ... < N:                        // 8 columns: two vectors
 *         for r in 0, 4, 8, ... < rowCount:                 // 4 rows of A: 8 accumulators
 *           acc = 0
 *           for q in k0 .. min(k0 + block, length) - 1:
 *             acc[i][0..7] += A[r + i][q] * g[q][n0 .. n0 + 7]
 *           out[r + i][n0 .. n0 + 7] += acc[i]
 *
 * Summation order differs from XNNPACK's, so results agree to float32 rounding, not bit for bit.
 */
export type RowsProductSimd = (rows: number, rowCount: number, g: number, rowBytes: number, length: number, out: number, block: number) => void;

const LOCAL_TEE = 0x22;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_LOAD = 0x28;
const SELECT = 0x1b;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const V128_LOAD32_SPLAT = 0x09;
const F32X4_ADD = [0xe4, 0x01];
const F32X4_MUL = [0xe6, 0x01];

// Parameters, then locals, by index.
const ROWS = 0, ROW_COUNT = 1, G = 2, ROW_BYTES = 3, LENGTH = 4, OUT = 5, BLOCK_ROWS = 6;
const K0 = 7, K1 = 8, N0 = 9, R = 10, P0 = 11, QB = 12, END_B = 13, GP = 14, O = 15, P1 = 16, P2 = 17, P3 = 18;
const NUM_I32_LOCALS = 12;
const ACC = 19; // eight accumulators at 19..26: row i, half h at ACC + 2 i + h
const G0 = 27, G1 = 28, A = 29;
const NUM_V128_LOCALS = 11;

const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const tee = (i: number) => [LOCAL_TEE, i];
const simd = (code: number | number[]) => [SIMD, ...(typeof code === 'number' ? [code] : code)];
// memarg: alignment hint 2^2 (tfjs buffers are float-aligned, not always 16-byte), then the offset.
const memarg = (offset: number) => [2, offset];
const ZERO = [...simd(V128_CONST), ...Array<number>(16).fill(0)];

/** The four rows of A this tile reads: their byte addresses from the table. */
function loadRowPointers(): number[] {
  const rowAddr = [...get(ROWS), ...get(R), I32_CONST, 2, I32_SHL, I32_ADD];
  return [P0, P1, P2, P3].flatMap((p, i) => [...rowAddr, I32_LOAD, ...memarg(4 * i), ...set(p)]);
}

/** One q: two vectors of dy's row, then for each of the 4 rows a splat and two multiply-adds. */
function step(): number[] {
  const rowTerms = [P0, P1, P2, P3].flatMap((p, i) => [
    ...get(p), ...get(QB), I32_ADD, ...simd(V128_LOAD32_SPLAT), ...memarg(0), ...set(A),
    ...get(ACC + 2 * i), ...get(A), ...get(G0), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(ACC + 2 * i),
    ...get(ACC + 2 * i + 1), ...get(A), ...get(G1), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(ACC + 2 * i + 1),
  ]);
  return [
    ...get(GP), ...simd(V128_LOAD), ...memarg(0), ...set(G0),
    ...get(GP), ...simd(V128_LOAD), ...memarg(16), ...set(G1),
    ...rowTerms,
    ...get(QB), I32_CONST, 4, I32_ADD, ...set(QB),
    ...get(GP), ...get(ROW_BYTES), I32_ADD, ...set(GP),
  ];
}

/** out[r + i][n0 .. n0 + 7] += acc[i], for the tile's 4 rows. */
function addToOut(): number[] {
  const start = [...get(OUT), ...get(R), ...get(ROW_BYTES), I32_MUL, I32_ADD, ...get(N0), I32_ADD, ...set(O)];
  const rows = [0, 1, 2, 3].flatMap((i) => [
    ...[0, 1].flatMap((h) => [
      ...get(O), ...get(O), ...simd(V128_LOAD), ...memarg(16 * h), ...get(ACC + 2 * i + h), ...simd(F32X4_ADD), ...simd(V128_STORE), ...memarg(16 * h),
    ]),
    ...get(O), ...get(ROW_BYTES), I32_ADD, ...set(O),
  ]);
  return [...start, ...rows];
}

function body(): number[] {
  const zeroAccumulators = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [...ZERO, ...set(ACC + i)]);
  const qLoop = [
    // q as a byte offset into each row of A, over [k0, k1); dy's row pointer alongside.
    ...get(K0), I32_CONST, 2, I32_SHL, ...set(QB),
    ...get(K1), I32_CONST, 2, I32_SHL, ...set(END_B),
    ...get(G), ...get(K0), ...get(ROW_BYTES), I32_MUL, I32_ADD, ...get(N0), I32_ADD, ...set(GP),
    ...whileBelow(QB, END_B, step()),
  ];
  const rLoop = countUp(R, ROW_COUNT, 4, [...loadRowPointers(), ...zeroAccumulators, ...qLoop, ...addToOut()]);
  const nLoop = countUp(N0, ROW_BYTES, 32, rLoop);
  return [
    I32_CONST, 0, ...set(K0),
    ...whileBelow(K0, LENGTH, [
      // k1 = min(k0 + block, length)
      ...get(K0), ...get(BLOCK_ROWS), I32_ADD, ...tee(K1), ...get(LENGTH), ...get(K1), ...get(LENGTH), I32_LT_U, SELECT, ...set(K1),
      ...nLoop,
      ...get(K1), ...set(K0),
    ]),
    END, // function
  ];
}

const ROWS_PRODUCT: OneFunctionModule = {
  exportName: 'rowsProduct',
  params: [I32, I32, I32, I32, I32, I32, I32],
  locals: [[NUM_I32_LOCALS, I32], [NUM_V128_LOCALS, V128]],
  body: body(),
};

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateRowsProduct(memory: WebAssembly.Memory): RowsProductSimd | null {
  return instantiateOn<RowsProductSimd>(ROWS_PRODUCT, memory);
}

/** The SIMD product bound to this backend's heap, or null (no SIMD, or a build that hides its memory): XNNPACK's product then runs. */
export const simdRowsProduct: (backend: BackendWasm) => RowsProductSimd | null = perHeap<RowsProductSimd>(ROWS_PRODUCT);
