// The price of staying accurate: a lifecycle run's totals as sums of its measured parts, the
// projection to another traffic, the cheapest policy above an accuracy floor, and the energy
// estimate (busy time x assumed power x optional PUE). Pure arithmetic on plain records.
import type { AccuracySummary, CostTotals, DayRecord, DeployRecord, RetrainRecord } from './records.ts';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export function costTotals(initial: { trainMs: number; trainFlops: number }, days: readonly DayRecord[], retrains: readonly RetrainRecord[], deploys: readonly DeployRecord[]): CostTotals {
  const retrainMs = sum(retrains.map((r) => r.trainMs));
  const retrainFlops = sum(retrains.map((r) => r.trainFlops));
  const deployMs = sum(deploys.map((d) => d.loadMs));
  const servingMs = sum(days.map((d) => d.servingMs));
  const servingFlops = sum(days.map((d) => d.servingFlops));
  const busyMs = initial.trainMs + retrainMs + deployMs + servingMs;
  const totalFlops = initial.trainFlops + retrainFlops + servingFlops;
  return {
    initialTrainMs: initial.trainMs,
    initialTrainFlops: initial.trainFlops,
    retrainMs,
    retrainFlops,
    deployMs,
    servingMs,
    servingFlops,
    busyMs,
    totalFlops,
    inferenceShareTime: busyMs > 0 ? (servingMs + deployMs) / busyMs : 0,
    inferenceShareFlops: totalFlops > 0 ? servingFlops / totalFlops : 0,
  };
}

export function accuracySummary(days: readonly DayRecord[], retrains: readonly RetrainRecord[]): AccuracySummary {
  // A day without labels (webcam frames) has no monitored accuracy: it is left out, not counted as 0.
  const accs = days.map((d) => d.monitoredAcc).filter(Number.isFinite);
  return { meanAcc: accs.length ? sum(accs) / accs.length : Number.NaN, worstAcc: worstFrom(days, 0), retrainings: retrains.length };
}

/**
 * Cost of the same policy at `queriesPerDay` instead of the stream's: training and deploys as
 * measured, serving scaled linearly by the FLOPs per query and by the mean measured time per query
 * (this run's own, or `msPerQuery` when given: the pooled mean of every policy's queries).
 */
export function projectedCost(totals: CostTotals, days: readonly DayRecord[], queriesPerDay: number, msPerQuery?: number): { busyMs: number; totalFlops: number; servingMs: number; inferenceShareTime: number } {
  const queries = sum(days.map((d) => d.queries));
  const scale = queries > 0 ? (queriesPerDay * days.length) / queries : 0;
  const servingMs = msPerQuery === undefined ? totals.servingMs * scale : msPerQuery * queriesPerDay * days.length;
  const busyMs = totals.initialTrainMs + totals.retrainMs + totals.deployMs + servingMs;
  return { busyMs, servingMs, totalFlops: totals.initialTrainFlops + totals.retrainFlops + totals.servingFlops * scale, inferenceShareTime: busyMs > 0 ? (servingMs + totals.deployMs) / busyMs : 0 };
}

export interface PolicyChoice<T> {
  /** The cheapest run (projected busy time) whose worst daily monitored accuracy from `fromDay` on stays at or above the floor; null when none does. */
  best: T | null;
  /** Every run with its projected cost, its worst day from `fromDay` on, and whether that keeps the floor. */
  ranked: { run: T; busyMs: number; totalFlops: number; worstAcc: number; keepsFloor: boolean }[];
}

/** The lowest daily monitored accuracy from `fromDay` on (NaN when no day is that late). */
export function worstFrom(days: readonly DayRecord[], fromDay: number): number {
  return worstDayFrom(days, fromDay)?.monitoredAcc ?? Number.NaN;
}

/** The labelled day from `fromDay` on with the lowest monitored accuracy (the first of equals), or null when none has labels. */
export function worstDayFrom<D extends Pick<DayRecord, 'day' | 'monitoredAcc'>>(days: readonly D[], fromDay: number): D | null {
  let worst: D | null = null;
  for (const d of days) if (d.day >= fromDay && Number.isFinite(d.monitoredAcc) && (!worst || d.monitoredAcc < worst.monitoredAcc)) worst = d;
  return worst;
}

/**
 * The cheapest policy at `queriesPerDay` that keeps every day from `fromDay` on at or above `floor`.
 * `fromDay` exists because no policy can react on the very day a shift arrives (its labels come back that evening).
 */
/** Mean measured ms per query over every run's queries: the same architecture on the same backend costs the same per query under any policy. */
export function pooledMsPerQuery(runs: readonly { totals: CostTotals; days: DayRecord[] }[]): number {
  const queries = sum(runs.flatMap((r) => r.days.map((d) => d.queries)));
  return queries > 0 ? sum(runs.map((r) => r.totals.servingMs)) / queries : 0;
}

export function cheapestAboveFloor<T extends { totals: CostTotals; days: DayRecord[]; summary: AccuracySummary }>(runs: readonly T[], queriesPerDay: number, floor: number, fromDay = 0): PolicyChoice<T> {
  // Pooled, so the machine's noise in one policy's serving does not decide the ranking.
  const msPerQuery = pooledMsPerQuery(runs);
  const ranked = runs
    .map((run) => {
      const p = projectedCost(run.totals, run.days, queriesPerDay, msPerQuery);
      const worstAcc = worstFrom(run.days, fromDay);
      return { run, busyMs: p.busyMs, totalFlops: p.totalFlops, worstAcc, keepsFloor: worstAcc >= floor };
    })
    .sort((a, b) => a.busyMs - b.busyMs);
  return { best: ranked.find((r) => r.keepsFloor)?.run ?? null, ranked };
}

export interface EnergyAssumption {
  /** Power drawn while busy, watts (an assumption, never a measurement). */
  watts: number;
  /** Data-centre overhead (power usage effectiveness); 1 for a laptop on a desk. */
  pue: number;
}

/** The server CPU the default power is taken from: AMD's specification of the EPYC 7702. */
export const REFERENCE_CPU = { name: 'AMD EPYC 7702', tdpWatts: 200, cores: 64 } as const;
/**
 * Green Algorithms' per-core figure for a server CPU: the TDP divided by the cores (one wasm thread
 * keeps about one core busy).
 */
export const DEFAULT_ENERGY: EnergyAssumption = { watts: REFERENCE_CPU.tdpWatts / REFERENCE_CPU.cores, pue: 1 };
/** Green Algorithms' default data-centre PUE (a world average). */
export const DATA_CENTRE_PUE = 1.67;

/** Energy estimate in watt-hours: busy ms / 3,600,000 x watts x PUE. */
export function energyEstimateWh(busyMs: number, assumption: EnergyAssumption): number {
  return (busyMs / 3_600_000) * assumption.watts * assumption.pue;
}
