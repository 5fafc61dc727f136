// Plain-number records the serving bench produces for the UI and the report (units in the names).
// ServeRecord (metrics/report.ts) is the summary; these are the series behind its charts.
import type { IdleWakeRecord, OpenLoopPointRecord, ServeRecord, ThroughputPoint } from '../metrics/report.ts';
import type { HistogramBin, LatencySummary } from '../metrics/stats.ts';
import type { CapacityKnee } from '../metrics/poisson.ts';
import type { BackendCapabilities } from '../metrics/report.ts';
import type { StopOutcome } from '../metrics/precision-stop.ts';

/** One measured closed-loop query. */
export interface QuerySample {
  /** Position in the measured run (0-based). */
  seq: number;
  /** Index of the image in the test set. */
  imageIndex: number;
  /** When the query was handed over, ms since the measured run began (x axis of latency-over-time). */
  startMs: number;
  /** Raw image handed over -> probabilities held as numbers, on the page. */
  e2eMs: number;
  /** predict + data() inside the worker. */
  modelMs: number;
  /** Resize and scaling inside the worker. */
  preprocessMs: number;
  /** e2eMs - modelMs - preprocessMs, never below 0 (remainderMs): the worker round trip (transport, copies, scheduling). */
  roundTripMs: number;
  /** Predicted class equals the label; false for failed queries. */
  correct: boolean;
  /** Error message when the server answered with an error (the query is then not in the stats). */
  error?: string;
}

/** Which phase of the protocol is running, for progress bars. */
export type BenchPhase = 'deploy' | 'cold' | 'warmup' | 'measure' | 'throughput' | 'open-loop' | 'idle-wake' | 'compare';

export interface BenchProgress {
  phase: BenchPhase;
  done: number;
  total: number;
  /** Latest end-to-end latency, for a live readout (absent outside query phases). */
  lastMs?: number;
  /** Where in a multi-step phase the run is, in words (e.g. "rate 3 of 8: 120.0 queries/s"). */
  detail?: string;
}

export interface BenchControl {
  /** Stop keeps what was measured: the result is returned with aborted = true. */
  signal?: AbortSignal;
  onProgress?: (p: BenchProgress) => void;
}

/** Everything one closed-loop bench of one model on one backend measured. */
export interface ServeBenchResult {
  record: ServeRecord;
  /** Spread of the end-to-end latencies (the ServeRecord has the rest of the summary). */
  e2e: LatencySummary;
  model: LatencySummary | null;
  roundTrip: LatencySummary | null;
  /** Per query, in run order (latency over time). */
  samples: QuerySample[];
  /** Log-spaced histogram of end-to-end latency. */
  histogram: HistogramBin[];
  /** Failed queries (answered with an error). */
  errorCount: number;
  /** Shader warm-up prediction at deploy. */
  warmMs: number;
  /** End-to-end latency of the cold query and then each discarded warm-up query, in order (not in the stats). */
  warmupMs: number[];
  capabilities: BackendCapabilities;
  transport: 'shared' | 'comlink';
  /** Stopped through the AbortSignal: the figures cover what was measured until then. */
  aborted: boolean;
  throughput: ThroughputPoint[];
  /** How the closed loop ended: precise, at the cap, or stopped (absent when it ran every query regardless). */
  stop?: StopOutcome;
}

/** One rate of an open-loop run (the report's record: src/metrics/report.ts). */
export type OpenLoopPoint = OpenLoopPointRecord;

/** Queries after an idle gap against queries straight after another. */
export type IdleWake = IdleWakeRecord;

export interface OpenLoopSweep {
  /** The serving backend the sweep ran on. */
  backend: string;
  /** When it ended (ISO 8601). */
  measuredAt: string;
  /** Every offered rate, in ascending order (a failing rate does not end the sweep). */
  points: OpenLoopPoint[];
  knee: CapacityKnee;
  /** The worker's wake-up after an idle gap as long as the lowest rate's mean gap; null when not measured. */
  wake: IdleWake | null;
  aborted: boolean;
}

/** One side of an interleaved comparison. */
export interface CompareArm {
  label: string;
  e2e: LatencySummary | null;
  model: LatencySummary | null;
  testAcc: number;
  samples: QuerySample[];
  errorCount: number;
}

export interface CompareResult {
  arms: CompareArm[];
  /** Rounds completed (each round: one query per arm, same image). */
  rounds: number;
  aborted: boolean;
  /** When it ended (ISO 8601). */
  measuredAt?: string;
  /** How the rounds ended: every p50 precise, the cap, or stopped (absent when every round ran regardless). */
  stop?: StopOutcome;
  /** Wall time of the measured rounds (warm-up not included), ms. */
  measureMs?: number;
}
