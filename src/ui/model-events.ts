// The model views' shared vocabulary: the `tsl-model-select` event that the picker, the lineage
// and the Models list send when a person picks a model, and the few texts that put a model's
// figures in words, so every view says "91.2% of 1,200" and "p50 … on wasm" the same way.
import { formatExactCount, formatMs, formatPercent } from '../metrics/format.ts';
import { median } from '../metrics/ledger.ts';
import type { Measurement, ModelEntry } from '../registry/records.ts';

export interface ModelSelectDetail {
  /** Registry id of the picked model. */
  id: string;
}

export type ModelSelectEvent = CustomEvent<ModelSelectDetail>;

/** A person picked the model `id` (bubbles out of shadow roots, so a view can listen on itself). */
export function modelSelectEvent(id: string): ModelSelectEvent {
  return new CustomEvent<ModelSelectDetail>('tsl-model-select', { detail: { id }, bubbles: true, composed: true });
}

/** "91.2% of 1,200": test accuracy with the number of test images behind it. */
export function accuracyText(m: Pick<ModelEntry, 'testAcc' | 'testCount'>): string {
  if (m.testAcc === null || !Number.isFinite(m.testAcc)) return 'test accuracy not measured';
  return `${formatPercent(m.testAcc)} of ${formatExactCount(m.testCount)}`;
}

/** "model 3.1": the short family.version tag, which stays readable after a rename. */
export function versionTag(m: Pick<ModelEntry, 'family' | 'version'>): string {
  return `model ${m.family}.${m.version}`;
}

/** Why a model cannot be served, pruned or looked inside; null when it can. */
export function noWeightsReason(m: Pick<ModelEntry, 'hasWeights' | 'source'>): string | null {
  if (m.hasWeights) return null;
  return m.source === 'report' ? 'no weights: read from a report, which keeps measurements only' : 'no weights kept';
}

export interface LatencyFigure {
  /** Median of the measurements' model-only p50s, in ms; null when there is none. */
  medianMs: number | null;
  /** Measurements behind the median. */
  count: number;
}

/**
 * The model-only p50 of one model on one backend: the median of its measurements' model-only p50s
 * (the Ledger's own median, so both show the same figure), with how many there are.
 */
export function modelLatency(measurements: readonly Measurement[], modelId: string, backend: string): LatencyFigure {
  const values = measurements.filter((m) => m.modelId === modelId && m.backend === backend && Number.isFinite(m.modelP50Ms)).map((m) => m.modelP50Ms);
  return { medianMs: values.length ? median(values) : null, count: values.length };
}

/** "model-only p50 1.31 ms on wasm, median of 3 measurements", or that it was not served there yet. */
export function latencyText(measurements: readonly Measurement[], modelId: string, backend: string): string {
  const { medianMs, count } = modelLatency(measurements, modelId, backend);
  if (medianMs === null) {
    const elsewhere = measurements.filter((m) => m.modelId === modelId && m.kind !== 'profile').length;
    return elsewhere ? `not served on ${backend} yet (${elsewhere} measurement${elsewhere === 1 ? '' : 's'} on other backends)` : 'not served yet';
  }
  return `model-only p50 ${formatMs(medianMs)} on ${backend}, median of ${count} measurement${count === 1 ? '' : 's'}`;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tsl-model-select': ModelSelectEvent;
  }
}
