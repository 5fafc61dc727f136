// From a measured capacity to a fleet: instances a traffic needs at its peak, the compute-seconds
// a day that makes, the days until that inference compute passes the training compute, and serving
// on every user's device (each pays the cold start) against serving centrally. Pure arithmetic on
// measured figures; each result carries the formula that made it, filled in with its numbers.
import type { MeasuredChoice } from '../metrics/scale-records.ts';

// The plan's input is the report's own record of a choice, so a report row is that record plus the figures.
export type { MeasuredChoice };

export const SECONDS_PER_DAY = 86_400;

/** The traffic a person sets. */
export interface Traffic {
  queriesPerDay: number;
  /** Peak-hour rate / mean rate over the day (>= 1). */
  peakFactor: number;
  /** Queries one user sends per visit (a visit on the device pays one cold start). */
  queriesPerVisit: number;
}

export const DEFAULT_TRAFFIC: Traffic = { queriesPerDay: 1_000_000, peakFactor: 3, queriesPerVisit: 20 };

/** Why a traffic cannot be planned for, or null. */
export function trafficProblem(t: Partial<Record<keyof Traffic, unknown>>): Partial<Record<keyof Traffic, string>> {
  const out: Partial<Record<keyof Traffic, string>> = {};
  const num = (x: unknown) => (typeof x === 'number' ? x : Number(String(x ?? '').trim() || Number.NaN));
  const q = num(t.queriesPerDay);
  if (!(Number.isFinite(q) && q >= 1 && q <= 1e13)) out.queriesPerDay = `Queries per day must be a number from 1 to 10,000,000,000,000, got "${String(t.queriesPerDay)}".`;
  const p = num(t.peakFactor);
  if (!(Number.isFinite(p) && p >= 1 && p <= 24)) out.peakFactor = `The peak-hour factor must be from 1 (flat traffic) to 24 (the whole day in one hour), got "${String(t.peakFactor)}".`;
  const v = num(t.queriesPerVisit);
  if (!(Number.isFinite(v) && v >= 1 && v <= 1e6)) out.queriesPerVisit = `Queries per visit must be a number from 1 to 1,000,000, got "${String(t.queriesPerVisit)}".`;
  return out;
}

/** A figure and the formula with its numbers. */
export interface Derived {
  value: number;
  formula: string;
}

export interface FleetPlan {
  choice: MeasuredChoice;
  peakQps: Derived;
  instances: Derived;
  computeSecondsPerDay: Derived;
  /** Days of this traffic until the fleet's compute passes the training's. */
  daysToPassTraining: Derived;
  /** On-device: every visit pays the cold start, every query its warm time, on the user's device. */
  visitsPerDay: Derived;
  deviceSecondsPerDay: Derived;
  /** Central compute / on-device compute (above 1: the fleet burns more, provisioned for the peak). */
  centralOverDevice: Derived;
}

const f = (x: number, digits = 2) => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en') : +x.toFixed(digits) + '') : '—');

/**
 * peak = queries/day / 86,400 x peak factor; instances = ceil(peak / capacity under the bound);
 * compute-s/day = instances x 86,400 (each instance is provisioned all day for the peak);
 * days to pass training = training s / compute-s per day. On the device: visits = queries/day /
 * queries per visit; device-s/day = visits x cold start s + queries/day x warm query s.
 */
export function fleetPlan(traffic: Traffic, choice: MeasuredChoice, trainingSeconds: number): FleetPlan {
  const { queriesPerDay: q, peakFactor, queriesPerVisit } = traffic;
  const peak = (q / SECONDS_PER_DAY) * peakFactor;
  const cap = choice.capacityQps;
  const instances = cap > 0 ? Math.max(1, Math.ceil(peak / cap)) : Number.NaN;
  const compute = instances * SECONDS_PER_DAY;
  const days = trainingSeconds / compute;
  const visits = q / queriesPerVisit;
  const device = visits * (choice.coldStartMs / 1000) + q * (choice.warmQueryMs / 1000);
  return {
    choice,
    peakQps: { value: peak, formula: `${f(q)} / 86,400 s × ${f(peakFactor)} = ${f(peak)} queries/s` },
    instances: { value: instances, formula: cap > 0 ? `⌈${f(peak)} / ${f(cap)}⌉ = ${f(instances)}` : 'no rate met the bound: no capacity to divide by' },
    computeSecondsPerDay: { value: compute, formula: `${f(instances)} × 86,400 s = ${f(compute)} s` },
    daysToPassTraining: { value: days, formula: `${f(trainingSeconds)} s / ${f(compute)} s per day = ${f(days, 6)} days` },
    visitsPerDay: { value: visits, formula: `${f(q)} / ${f(queriesPerVisit)} = ${f(visits)} visits` },
    deviceSecondsPerDay: { value: device, formula: `${f(visits)} × ${f(choice.coldStartMs / 1000, 3)} s + ${f(q)} × ${f(choice.warmQueryMs / 1000, 5)} s = ${f(device)} s` },
    centralOverDevice: { value: compute / device, formula: `${f(compute)} / ${f(device)} = ${f(compute / device, 3)}` },
  };
}
