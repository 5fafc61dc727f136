// The run report's records of serving at scale: latency-bound (SLO) searches, batching curves and
// fleet plans, as plain numbers with units in their names. Self-contained (no imports), so the
// report schema and the serving code can both name them without a cycle.

/** One tried rate of a latency-bound search. */
export interface SloTrialRecord {
  qps: number;
  /** How the rate was chosen: grow, shrink, bisect or confirm. */
  phase: string;
  pass: boolean;
  p99Ms: number;
  /** 95% order-statistic interval of the p99; null: the sample cannot bound that side. Absent in reports written before it. */
  p99LowMs?: number | null;
  p99HighMs?: number | null;
  p50Ms: number;
  count: number;
  durationMs: number;
  /** The rate the seeded schedule actually sent at (count / last intended send), which keeping up is judged against; null in older reports. */
  offeredQps?: number | null;
  achievedQps: number;
  errorCount: number;
}

/** The latest latency-bound search of one model on one backend with one batching choice. */
export interface SloRecord {
  modelId: string;
  model: string;
  backend: string;
  /** ISO 8601. */
  date: string;
  /** "off" or "T 5 ms, B 16". */
  batching: string;
  /** null when batching was off. */
  maxDelayMs: number | null;
  maxBatch: number | null;
  p99TargetMs: number;
  /** Highest rate that passed; null when none did. */
  capacityQps: number | null;
  /** Whether a longer confirmation run passed it (null: none asked, or no capacity); absent in older reports. */
  confirmed?: boolean | null;
  firstFailQps: number | null;
  /** Why the search ended (bracketed, below-service-time, ...). */
  end: string;
  /** 1000 / mean e2e ms of the closed loop measured before the search. */
  closedLoopQps: number;
  /** Deploy on a fresh worker and its first query (the cold start a device pays). */
  deployMs: number;
  firstQueryMs: number;
  minCount: number;
  minDurationMs: number;
  trials: SloTrialRecord[];
  aborted: boolean;
}

/** One (T, B) or batching-off run at one offered load. */
export interface BatchingPointRecord {
  maxDelayMs: number;
  maxBatch: number;
  off: boolean;
  /** Multiple of the closed-loop capacity offered. */
  load: number;
  offeredQps: number;
  achievedQps: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** 95% order-statistic interval of that p99; null: the run cannot bound that side. Absent in reports written before it. */
  p99LowMs?: number | null;
  p99HighMs?: number | null;
  meanBatch: number;
}

/** The latest batching curve of one model on one backend. */
export interface BatchingRecord {
  modelId: string;
  model: string;
  backend: string;
  date: string;
  closedLoopQps: number;
  countPerRun: number;
  points: BatchingPointRecord[];
  aborted: boolean;
}

/** What one serving choice measured: capacity under the bound and the costs around it (a fleet plan's input). */
export interface MeasuredChoice {
  /** e.g. "wasm, batching off, p99 ≤ 20 ms". */
  label: string;
  backend: string;
  /** "off" or "T 5 ms, B 16". */
  batching: string;
  /** Highest rate whose p99 stayed under the bound (SLO search). */
  capacityQps: number;
  p99TargetMs: number;
  /** Deploy on a fresh worker + its first query: what each device pays once per visit. */
  coldStartMs: number;
  /** Mean end-to-end ms of one query on a warm server (closed loop). */
  warmQueryMs: number;
}

/** One backend x batching choice of a fleet plan: its measured inputs and the derived figures' values. */
export interface FleetRowRecord extends MeasuredChoice {
  peakQps: number;
  instances: number;
  computeSecondsPerDay: number;
  daysToPassTraining: number;
  deviceSecondsPerDay: number;
}

/** A fleet plan for one model at one traffic. */
export interface FleetPlanRecord {
  modelId: string;
  model: string;
  date: string;
  queriesPerDay: number;
  peakFactor: number;
  queriesPerVisit: number;
  /** Training behind the model (the ledger's measured training time), s. */
  trainingSeconds: number;
  rows: FleetRowRecord[];
}

/** The three lists; each absent in reports written before it. */
export interface ScaleRecords {
  slo: SloRecord[];
  batching: BatchingRecord[];
  fleet: FleetPlanRecord[];
}

const sloKey = (r: SloRecord) => `${r.modelId}|${r.backend}|${r.batching}|${r.p99TargetMs}`;
const curveKey = (r: BatchingRecord) => `${r.modelId}|${r.backend}`;

/**
 * Records read from another file join the earlier ones; one of the same key read earlier gives way.
 * A list that stays empty is left out, so state without any reads as before these records existed.
 */
export function mergeScale(earlier: Partial<ScaleRecords>, fresh: Partial<ScaleRecords>): Partial<ScaleRecords> {
  const merge = <T>(a: readonly T[] = [], b: readonly T[] = [], key: (r: T) => string): T[] => {
    const keys = new Set(b.map(key));
    return [...a.filter((r) => !keys.has(key(r))), ...b];
  };
  const out: Partial<ScaleRecords> = {};
  const slo = merge(earlier.slo, fresh.slo, sloKey);
  const batching = merge(earlier.batching, fresh.batching, curveKey);
  const fleet = merge(earlier.fleet, fresh.fleet, (r) => r.modelId);
  if (slo.length > 0) out.slo = slo;
  if (batching.length > 0) out.batching = batching;
  if (fleet.length > 0) out.fleet = fleet;
  return out;
}
