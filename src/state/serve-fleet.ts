// The fleet plans of one model: each latency-bound search that found a capacity, at the traffic
// set, against the training behind the model (the ledger's measured training time).
import { ledgerRows } from '../registry/ledger-rows.ts';
import type { RegistrySnapshot } from '../registry/records.ts';
import { batchingLabel } from '../serve/batcher.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { fleetPlan, type FleetPlan, type MeasuredChoice, type Traffic } from '../serve/fleet-plan.ts';

export interface ModelFleet {
  /** Measured training time behind the model (its lineage's, as the ledger counts it), s; NaN when unknown. */
  trainingSeconds: number;
  traffic: Traffic;
  plans: FleetPlan[];
  /** The choices whose search found no rate under its bound (no plan can be made from them), by label. */
  noCapacity: string[];
}

/** What one search measured, as the plan's input. */
export function choiceOf(run: SloRun): MeasuredChoice {
  const batching = batchingLabel(run.batching);
  return {
    label: `${run.backend}, batching ${batching}, p99 ≤ ${+run.search.p99TargetMs.toFixed(2)} ms`, backend: run.backend, batching,
    capacityQps: run.search.capacityQps ?? Number.NaN, p99TargetMs: run.search.p99TargetMs,
    coldStartMs: run.deployMs + run.firstQueryMs, warmQueryMs: 1000 / run.closedLoopQps,
  };
}

export function fleetPlansOf(registry: { state: Pick<RegistrySnapshot, 'models' | 'measurements'> }, modelId: string, runs: readonly SloRun[], traffic: Traffic): ModelFleet {
  const { models, measurements } = registry.state;
  const row = ledgerRows({ models, measurements } as RegistrySnapshot).find((r) => r.modelId === modelId);
  const trainingSeconds = row ? row.trainMs / 1000 : Number.NaN;
  const found = runs.filter((r) => r.search.capacityQps !== null);
  return { trainingSeconds, traffic: { queriesPerDay: traffic.queriesPerDay, peakFactor: traffic.peakFactor, queriesPerVisit: traffic.queriesPerVisit }, plans: found.map((r) => fleetPlan(traffic, choiceOf(r), trainingSeconds)), noCapacity: runs.filter((r) => r.search.capacityQps === null).map((r) => choiceOf(r).label) };
}
