// Adam's elementwise update as a tiny hand-assembled WebAssembly SIMD module on the tfjs wasm
// backend's own memory: four float32 lanes at a time, the same IEEE operations in the same order
// as tfjs's 14 Adam kernels, so the results are the same to the bit (see wasm-adam.ts).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { END, F32, I32, I32_ADD, LOCAL_GET, LOCAL_SET, SIMD, V128, countUp, instantiateOn, perHeap, type OneFunctionModule } from './wasm-assemble.ts';

/**
 * Why a module: the same update as a JS loop over heap views (Math.fround after every operation)
 * took ~2.9 ms a step for the default model's 286k weights, against ~1.7 ms for tfjs's 144 SIMD
 * kernels; fusing only pays when the one pass is as wide as theirs.
 *
 *   adam(x, g, m, v, xo, mo, vo, bytes, β1, 1−β1, β2, 1−β2, 1−β1ᵗ, 1−β2ᵗ, ε, −lr)
 *     for each group of 4 floats (byte pointers; bytes a multiple of 16):
 *       m' = m·β1 + g·(1−β1);  v' = v·β2 + (g·g)·(1−β2)
 *       x' = ((m' / (1−β1ᵗ)) / (√(v' / (1−β2ᵗ)) + ε)) · (−lr) + x
 */
export type AdamSimd = (x: number, g: number, m: number, v: number, xo: number, mo: number, vo: number, bytes: number, b1: number, c1: number, b2: number, c2: number, d1: number, d2: number, eps: number, negLr: number) => void;

// SIMD opcodes after the 0xfd prefix, as unsigned LEB128.
const V128_LOAD = [0x00];
const V128_STORE = [0x0b];
const F32X4_SPLAT = [0x13];
const F32X4_SQRT = [0xe3, 0x01];
const F32X4_ADD = [0xe4, 0x01];
const F32X4_MUL = [0xe6, 0x01];
const F32X4_DIV = [0xe7, 0x01];

// Parameters: 8 pointers/sizes, 8 scalars; then locals.
const X = 0, G = 1, M = 2, V = 3, XO = 4, MO = 5, VO = 6, BYTES = 7;
const SCALARS = 8; // b1, c1, b2, c2, d1, d2, eps, negLr at 8..15
const P = 16;
const SPLAT = 17; // eight splatted scalars at 17..24
const GI = 25, M1 = 26, V1 = 27;
const [B1, C1, B2, C2, D1, D2, EPS, NLR] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => SPLAT + i) as [number, number, number, number, number, number, number, number];

const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];
const op = (code: number[]) => [SIMD, ...code];
// memarg: alignment hint 2^2 (tfjs buffers are float-aligned, not always 16-byte), offset 0.
const at = (base: number) => [...get(base), ...get(P), I32_ADD];
const load = (base: number) => [...at(base), ...op(V128_LOAD), 2, 0];

function body(): number[] {
  const splats = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [...get(SCALARS + i), ...op(F32X4_SPLAT), ...set(SPLAT + i)]);
  const group = [
    ...load(G), ...set(GI),
    ...load(M), ...get(B1), ...op(F32X4_MUL), ...get(GI), ...get(C1), ...op(F32X4_MUL), ...op(F32X4_ADD), ...set(M1),
    ...load(V), ...get(B2), ...op(F32X4_MUL), ...get(GI), ...get(GI), ...op(F32X4_MUL), ...get(C2), ...op(F32X4_MUL), ...op(F32X4_ADD), ...set(V1),
    ...at(MO), ...get(M1), ...op(V128_STORE), 2, 0,
    ...at(VO), ...get(V1), ...op(V128_STORE), 2, 0,
    ...at(XO),
    ...get(M1), ...get(D1), ...op(F32X4_DIV),
    ...get(V1), ...get(D2), ...op(F32X4_DIV), ...op(F32X4_SQRT), ...get(EPS), ...op(F32X4_ADD),
    ...op(F32X4_DIV), ...get(NLR), ...op(F32X4_MUL),
    ...load(X), ...op(F32X4_ADD),
    ...op(V128_STORE), 2, 0,
  ];
  return [
    ...splats,
    ...countUp(P, BYTES, 16, group),
    END, // function
  ];
}

const ADAM: OneFunctionModule = {
  exportName: 'adam',
  params: [...Array<number>(8).fill(I32), ...Array<number>(8).fill(F32)],
  locals: [[1, I32], [11, V128]],
  body: body(),
};

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateAdamSimd(memory: WebAssembly.Memory): AdamSimd | null {
  return instantiateOn<AdamSimd>(ADAM, memory);
}

/** The SIMD update bound to this backend's heap, or null (no SIMD, or a build that hides its memory): the JS loop then runs. */
export const simdAdam: (backend: BackendWasm) => AdamSimd | null = perHeap<AdamSimd>(ADAM);
