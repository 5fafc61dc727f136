// The backends the app knows, as names only: no TF.js behind this import, so settings, the page
// and the report can name backends without loading a runtime.
export type BackendName = 'webgl' | 'wasm' | 'cpu' | 'webgpu';

/** Every backend, in the order the app probes and lists them. */
export const ALL_BACKENDS: readonly BackendName[] = ['wasm', 'webgl', 'cpu', 'webgpu'];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (ALL_BACKENDS as readonly string[]).includes(value);
}
