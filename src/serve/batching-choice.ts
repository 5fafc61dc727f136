// Which (T, B) of a batching curve the off/on capacity comparison uses under a p99 bound: the most
// heavy-load throughput among the configurations that can meet the bound, each exclusion with its
// reason. Pure, so the bench and the Serve view make the same choice.
import type { ThroughputPoint } from '../metrics/report.ts';
import type { BatchingPointRecord } from '../metrics/scale-records.ts';
import { formatMs as ms, formatRate } from '../metrics/format.ts';

/** One batching-on configuration of the curve, judged against the bound. */
export interface BatchingCandidate {
  maxDelayMs: number;
  maxBatch: number;
  /** Achieved queries/s at the curve's heavy load (null when that run is missing). */
  heavyQps: number | null;
  /** p99 at the curve's light load (null when that run is missing). */
  lightP99Ms: number | null;
  /** B × offline ms per image at batch B: how long a full batch runs (null when B's offline throughput was not measured). */
  fullBatchMs: number | null;
  /** Why it cannot be chosen; null when it can. */
  excluded: string | null;
}

export interface BatchingChoice {
  boundMs: number;
  /** The configuration chosen; null when the curve has no batching-on run at the heavy load. */
  chosen: { maxDelayMs: number; maxBatch: number } | null;
  /** How it was chosen, in a sentence (the fallback when nothing met every rule). */
  why: string;
  /** Every batching-on configuration, in the curve's order. */
  candidates: BatchingCandidate[];
}

/** Offline ms per image at exactly batch `b`, when measured. */
function msPerImageAt(throughput: readonly ThroughputPoint[], b: number): number | null {
  const t = throughput.find((x) => x.batchSize === b);
  if (!t) return null;
  const ms = Number.isFinite(t.msPerImage) && t.msPerImage > 0 ? t.msPerImage : t.imagesPerSec > 0 ? 1000 / t.imagesPerSec : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

const label = (c: { maxDelayMs: number; maxBatch: number }) => `T ${c.maxDelayMs} ms, B ${c.maxBatch}`;

/** The most heavy-load throughput first; a tie goes to the smaller batch, then the shorter wait. */
function best(pool: readonly BatchingCandidate[]): BatchingCandidate | undefined {
  return [...pool].sort((a, b) => (b.heavyQps ?? -1) - (a.heavyQps ?? -1) || a.maxBatch - b.maxBatch || a.maxDelayMs - b.maxDelayMs)[0];
}

/**
 * Rules, each a reason to exclude a configuration:
 * - its p99 at the light load is over the bound (waiting T already costs the tail too much);
 * - a full batch cannot finish within the bound: B × (offline ms per image at batch B) > bound,
 *   checked when the offline throughput at batch B is known;
 * - a run at either load is missing.
 * Among the rest, the most achieved throughput at the heavy load. When none is left, the choice
 * falls back to those whose full batch fits, then to all, and says so.
 */
export function chooseBatching(points: readonly BatchingPointRecord[], boundMs: number, throughput: readonly ThroughputPoint[] = []): BatchingChoice {
  const on = points.filter((p) => !p.off);
  const loads = points.map((p) => p.load);
  const heavy = loads.length > 0 ? Math.max(...loads) : Number.NaN;
  const light = loads.length > 0 ? Math.min(...loads) : Number.NaN;
  const keys = [...new Map(on.map((p) => [`${p.maxDelayMs}|${p.maxBatch}`, { maxDelayMs: p.maxDelayMs, maxBatch: p.maxBatch }])).values()];
  const candidates: BatchingCandidate[] = keys.map((k) => {
    const at = (load: number) => on.find((p) => p.load === load && p.maxDelayMs === k.maxDelayMs && p.maxBatch === k.maxBatch);
    const h = at(heavy);
    const l = heavy === light ? undefined : at(light);
    const perImage = msPerImageAt(throughput, k.maxBatch);
    const fullBatchMs = perImage === null ? null : k.maxBatch * perImage;
    const reasons: string[] = [];
    if (!h) reasons.push(`no run at the heavy load (${heavy}×)`);
    if (heavy !== light && !l) reasons.push(`no run at the light load (${light}×)`);
    if (l && !(l.p99Ms <= boundMs)) reasons.push(`p99 at the light load ${ms(l.p99Ms)} > bound ${ms(boundMs)}`);
    if (fullBatchMs !== null && perImage !== null && fullBatchMs > boundMs) reasons.push(`a full batch takes ${k.maxBatch} × ${ms(perImage)} = ${ms(fullBatchMs)} > bound ${ms(boundMs)}`);
    return { ...k, heavyQps: h?.achievedQps ?? null, lightP99Ms: l?.p99Ms ?? null, fullBatchMs, excluded: reasons.length > 0 ? reasons.join('; ') : null };
  });
  const measured = candidates.filter((c) => c.heavyQps !== null);
  const pick = (c: BatchingCandidate | undefined, why: string): BatchingChoice => ({ boundMs, chosen: c ? { maxDelayMs: c.maxDelayMs, maxBatch: c.maxBatch } : null, why: c ? `${label(c)}: ${why}` : why, candidates });
  const eligible = best(measured.filter((c) => c.excluded === null));
  if (eligible) return pick(eligible, `the most throughput at the heavy load (${formatRate(eligible.heavyQps!, 'queries/s')}) among the configurations that met every rule`);
  const fits = best(measured.filter((c) => c.fullBatchMs === null || c.fullBatchMs <= boundMs));
  if (fits) return pick(fits, `no configuration met every rule; the most throughput at the heavy load among those whose full batch fits the bound`);
  const any = best(measured);
  if (any) return pick(any, `no configuration met every rule, and none has a full batch that fits the bound; the most throughput at the heavy load of all`);
  return pick(undefined, 'The curve measured no batching-on run at the heavy load.');
}
