// The byte-level pieces of the tiny hand-assembled WebAssembly SIMD modules that run on the tfjs
// wasm backend's own memory (the fused Adam update, the 2x2 MaxPoolGrad loop, ...): LEB128 and
// vector encoding, the loops every module writes, a one-function module importing `env.memory`, its
// instantiation, and the backend's heap.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

// Core opcodes both modules use (SIMD ones follow the 0xfd prefix, `SIMD`, and stay with their module).
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const I32_CONST = 0x41;
export const I32_ADD = 0x6a;
export const I32_GE_U = 0x4f;
export const BLOCK = 0x02;
export const LOOP = 0x03;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const END = 0x0b;
export const VOID = 0x40;
export const SIMD = 0xfd;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, the encoding of an `i32.const` immediate. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * `while (a < b) body` over two i32 locals, compared unsigned (byte pointers and counts): a block
 * around a loop whose first instruction leaves the block once a >= b. The body advances `a`, and
 * any branch in it stays within its own blocks.
 */
export function whileBelow(a: number, b: number, body: number[]): number[] {
  return [BLOCK, VOID, LOOP, VOID, LOCAL_GET, a, LOCAL_GET, b, I32_GE_U, BR_IF, 1, ...body, BR, 0, END, END];
}

/** `for (i = 0; i < end; i += step) body` over i32 locals (a `whileBelow` that sets and steps `i`). */
export function countUp(i: number, end: number, step: number, body: number[]): number[] {
  return [I32_CONST, 0, LOCAL_SET, i, ...whileBelow(i, end, [...body, LOCAL_GET, i, I32_CONST, ...sleb(step), I32_ADD, LOCAL_SET, i])];
}

export const vec = (bytes: number[]): number[] => [...uleb(bytes.length), ...bytes];
const section = (id: number, bytes: number[]): number[] => [id, ...vec(bytes)];
const str = (s: string): number[] => vec([...s].map((ch) => ch.charCodeAt(0)));

/** One exported function of a module that imports the heap as `env.memory`. */
export interface OneFunctionModule {
  exportName: string;
  /** Parameter value types (I32, F32, ...); the function returns nothing. */
  params: number[];
  /** Local declarations after the parameters: [count, type] pairs. */
  locals: [number, number][];
  /** The function body's instructions, its final `end` included. */
  body: number[];
}

/** The module's bytes, importing memory as shared (threaded tfjs build) or not. */
export function moduleBytes(m: OneFunctionModule, shared: boolean): Uint8Array<ArrayBuffer> {
  // Every section here holds one entry, so each starts with the entry count 1.
  const type = section(1, [1, 0x60, ...vec(m.params), ...vec([])]);
  // Shared memories must declare a maximum: 65536 pages, the wasm32 limit, accepts any.
  const limits = shared ? [0x03, 0, ...uleb(65536)] : [0x00, 0];
  const imports = section(2, [1, ...str('env'), ...str('memory'), 0x02, ...limits]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...str(m.exportName), 0x00, 0]);
  const locals = [...uleb(m.locals.length), ...m.locals.flatMap(([count, type]) => [...uleb(count), type])];
  const code = section(10, [1, ...vec([...locals, ...m.body])]);
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return new Uint8Array([...header, ...type, ...imports, ...funcs, ...exports, ...code]);
}

/** Assembles and instantiates the module on `memory`; null where the engine lacks wasm SIMD. */
export function instantiateOn<F>(m: OneFunctionModule, memory: WebAssembly.Memory): F | null {
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(m, shared)), { env: { memory } });
    return instance.exports[m.exportName] as F;
  } catch {
    return null; // e.g. an engine without wasm SIMD: validation fails.
  }
}

/** The backend's WebAssembly.Memory; emscripten names it differently across builds. */
export function heapMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as {
    asm?: { memory?: unknown };
    wasmExports?: { memory?: unknown };
    wasmMemory?: unknown;
    HEAPF32?: Float32Array;
  };
  const heap = module.HEAPF32?.buffer;
  for (const m of [module.asm?.memory, module.wasmExports?.memory, module.wasmMemory]) {
    if (!(m instanceof WebAssembly.Memory) || !heap) continue;
    // It must be the memory behind the heap views tfjs uses, or we would write elsewhere. A
    // shared memory (threaded build) may hand out a new SharedArrayBuffer object per access,
    // so there the same size stands in for identity.
    if (m.buffer === heap || (heap instanceof SharedArrayBuffer && m.buffer.byteLength === heap.byteLength)) return m;
  }
  return undefined;
}

/**
 * The module's function bound to a backend's heap, instantiated once per heap (the backend keeps
 * one Memory for its lifetime; growth keeps the object), or null when it cannot run there (no
 * SIMD, or a build that hides its memory): callers then use their JS loop.
 */
export function perHeap<F>(m: OneFunctionModule): (backend: BackendWasm) => F | null {
  const instances = new WeakMap<WebAssembly.Memory, F | null>();
  return (backend) => {
    const memory = heapMemory(backend);
    if (!memory) return null;
    let fn = instances.get(memory);
    if (fn === undefined) {
      fn = instantiateOn<F>(m, memory);
      instances.set(memory, fn);
    }
    return fn;
  };
}
