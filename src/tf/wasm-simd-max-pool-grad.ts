// A 2x2/stride-2 MaxPoolGrad inner loop as a tiny hand-assembled WebAssembly SIMD module that
// imports the tfjs wasm backend's own memory, so it reads x and dy and writes dx in place.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BR_IF, END, I32, I32_ADD, I32_CONST, LOCAL_GET, LOCAL_SET, LOOP, SIMD, V128, VOID, instantiateOn, perHeap, whileBelow, type OneFunctionModule } from './wasm-assemble.ts';

/**
 * Why a module of our own: the JS loop over heap views costs ~20 ns a window (data-dependent
 * branches on a random winner, scalar loads), ~22 ms a batch for the app's three pools. With
 * 128-bit SIMD four channels of a window are decided at once without branches, and the pass
 * runs at memory speed. tfjs-backend-wasm has no kernel for this, and XNNPACK compositions
 * need several full passes (and cannot break ties towards the first maximum in one).
 *
 * The module is assembled from the opcode list below (no build step, no binary blob), ~300
 * bytes. Its function, with byte pointers and byte strides into the shared heap:
 *
 *   grad2x2(x, g, dx, totalBytes, rowStrideBytes, channelBytes)
 *     for each pair of input rows, for each 2x2 window, for each group of 4 channels:
 *       best = -Inf, at = -1
 *       for k in 0..3 (row-major window order):
 *         mask = v_k > best            // strictly greater: first maximum wins; NaN never does
 *         best = mask ? v_k : best;  at = mask ? k : at
 *       dx_k = at == k ? g : 0         // every dx element written once: no zero fill needed
 *
 * which is exactly the cpu backend's rule (a window of NaN / -Infinity gets no gradient).
 */

/** Exported function signature of the assembled module. */
export type Grad2x2 = (x: number, g: number, dx: number, totalBytes: number, rowStrideBytes: number, channelBytes: number) => void;

// Opcodes (WebAssembly core + fixed-width SIMD; SIMD ones follow the 0xfd prefix).
const LOCAL_TEE = 0x22;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const I32X4_EQ = 0x37;
const F32X4_GT = 0x44;
const V128_NOT = 0x4d;
const V128_AND = 0x4e;
const V128_BITSELECT = 0x52;

// Parameters, then locals, by index.
const X = 0, G = 1, DX = 2, TOTAL = 3, RS = 4, CB = 5;
const END_PTR = 6, P = 7, Q = 8, ROW_END = 9, C_END = 10, D = 11, A1 = 12, A2 = 13, A3 = 14;
const V0 = 15, V1 = 16, V2 = 17, V3 = 18, BEST = 19, AT = 20, MASK = 21, GV = 22;
const NUM_I32_LOCALS = 9;
const NUM_V128_LOCALS = 8;

/** v128.const of four equal lanes given as little-endian bytes of one 32-bit lane. */
function v128Const(lane: [number, number, number, number]): number[] {
  return [SIMD, V128_CONST, ...lane, ...lane, ...lane, ...lane];
}

const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const tee = (i: number) => [LOCAL_TEE, i];
// memarg: alignment 2^4 = 16 bytes (a hint only; activations are 16-byte aligned anyway), offset 0.
const load = (addr: number) => [...get(addr), SIMD, V128_LOAD, 4, 0];
const NEG_INF = v128Const([0x00, 0x00, 0x80, 0xff]);
const kConst = (k: number) => v128Const([k, 0, 0, 0]);

/** at == k ? gv : 0, stored at dx address (x address + D). */
function storeLane(addr: number, k: number): number[] {
  return [
    ...get(addr), ...get(D), I32_ADD,
    ...get(GV), ...get(AT), ...kConst(k), SIMD, I32X4_EQ, SIMD, V128_AND,
    SIMD, V128_STORE, 4, 0,
  ];
}

/** mask = v > best; best = mask ? v : best; at = mask ? k : at. */
function step(v: number, k: number, updateBest: boolean): number[] {
  return [
    ...get(v), ...get(BEST), SIMD, F32X4_GT, ...set(MASK),
    ...(updateBest ? [...get(v), ...get(BEST), ...get(MASK), SIMD, V128_BITSELECT, ...set(BEST)] : []),
    ...kConst(k), ...get(AT), ...get(MASK), SIMD, V128_BITSELECT, ...set(AT),
  ];
}

function body(): number[] {
  const channelGroup = [
    // Addresses of the window's four elements for this group of 4 channels.
    ...get(Q), ...get(CB), I32_ADD, ...set(A1),
    ...get(Q), ...get(RS), I32_ADD, ...tee(A2), ...get(CB), I32_ADD, ...set(A3),
    ...load(Q), ...set(V0), ...load(A1), ...set(V1), ...load(A2), ...set(V2), ...load(A3), ...set(V3),
    // k = 0 from best = -Inf, at = -1: best = mask ? v0 : -Inf, at = mask ? 0 : -1 = ~mask.
    ...get(V0), ...NEG_INF, SIMD, F32X4_GT, ...tee(MASK), SIMD, V128_NOT, ...set(AT),
    ...get(V0), ...NEG_INF, ...get(MASK), SIMD, V128_BITSELECT, ...set(BEST),
    ...step(V1, 1, true), ...step(V2, 2, true), ...step(V3, 3, false),
    ...load(G), ...set(GV),
    ...storeLane(Q, 0), ...storeLane(A1, 1), ...storeLane(A2, 2), ...storeLane(A3, 3),
    ...get(G), I32_CONST, 16, I32_ADD, ...set(G),
  ];
  return [
    ...get(X), ...get(TOTAL), I32_ADD, ...set(END_PTR),
    ...get(X), ...set(P),
    ...get(DX), ...get(X), I32_SUB, ...set(D),
    // pairs of input rows
    ...whileBelow(P, END_PTR, [
      ...get(P), ...get(RS), I32_ADD, ...set(ROW_END),
      LOOP, VOID, // windows along the row pair
      ...get(P), ...tee(Q), ...get(CB), I32_ADD, ...set(C_END),
      LOOP, VOID, // groups of 4 channels
      ...channelGroup,
      ...get(Q), I32_CONST, 16, I32_ADD, ...tee(Q), ...get(C_END), I32_LT_U, BR_IF, 0,
      END,
      ...get(P), ...get(CB), I32_CONST, 1, I32_SHL, I32_ADD, ...tee(P), ...get(ROW_END), I32_LT_U, BR_IF, 0,
      END,
      // Skip the pair's second row, which the windows already covered.
      ...get(P), ...get(RS), I32_ADD, ...set(P),
    ]),
    END, // function
  ];
}

const GRAD_2X2: OneFunctionModule = {
  exportName: 'grad2x2',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [[NUM_I32_LOCALS, I32], [NUM_V128_LOCALS, V128]],
  body: body(),
};

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateGrad2x2(memory: WebAssembly.Memory): Grad2x2 | null {
  return instantiateOn<Grad2x2>(GRAD_2X2, memory);
}

/**
 * The SIMD function bound to this backend's heap, or null when it cannot run here (no
 * SIMD, or a build that hides its memory): callers then use the JS loop.
 */
export const simdGrad2x2: (backend: BackendWasm) => Grad2x2 | null = perHeap<Grad2x2>(GRAD_2X2);
