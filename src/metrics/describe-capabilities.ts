// Backend capabilities as one line of text, for the header, tables and reports (no TF.js import).
import type { BackendCapabilities } from './report.ts';

/** One line for people: "wasm · SIMD · 1 thread · cross-origin isolated". */
export function describeCapabilities(name: string, caps: BackendCapabilities): string {
  if (!caps.available) return `${name}: unavailable (${caps.error ?? 'unknown reason'})`;
  const parts: string[] = [name];
  if (caps.simd !== undefined) parts.push(caps.simd ? 'SIMD' : 'no SIMD');
  if (caps.threads !== undefined) parts.push(caps.threads ? `threads (${caps.threadCount ?? '?'} in use)` : 'no threads');
  if (caps.webglVersion !== undefined) parts.push(`WebGL ${caps.webglVersion}`);
  if (caps.renderer) parts.push(caps.renderer);
  if (caps.adapter) parts.push(caps.adapter);
  return parts.join(' · ');
}
