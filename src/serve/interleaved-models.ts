// Several models' serving latency measured fairly: one server worker per model on one backend,
// queried in turn in blocks on the same unseen test images, round after round. Each worker is
// terminated afterwards. The pruning sweep measures its models this way, and stops once every
// p50 is within ±3% (src/serve/stop-when-precise.ts), at the query cap, or after SWEEP_LATENCY_BUDGET_MS.
import type { ImageSet } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { compareInterleaved, type CompareOptions } from './bench-compare.ts';
import type { CompareResult } from './bench-types.ts';
import { ServeClient } from './client.ts';

/** The sweep's time cap on its interleaved rounds: with deploying and warm-up, the phase stays within 30 s. */
export const SWEEP_LATENCY_BUDGET_MS = 20_000;

/** Measures `models` (labels[i] names models[i]); resolves with one arm per model, in order, or null if stopped while deploying. */
export type InterleavedLatency = (models: readonly SerializedModel[], labels: readonly string[], backend: BackendName, test: ImageSet, options: CompareOptions) => Promise<CompareResult | null>;

export const measureInterleaved: InterleavedLatency = async (models, labels, backend, test, options) => {
  const clients: ServeClient[] = [];
  try {
    const arms = [];
    for (const [i, artifacts] of models.entries()) {
      const client = ServeClient.spawn({ name: `interleaved-${labels[i] ?? i}` });
      clients.push(client);
      await client.deploy(artifacts, backend, { warmShaders: true });
      arms.push({ label: labels[i] ?? `model-${i}`, client });
      if (options.signal?.aborted) return null;
    }
    return await compareInterleaved(arms, test, { precision: { maxMs: SWEEP_LATENCY_BUDGET_MS }, ...options });
  } finally {
    for (const c of clients) c.terminate();
  }
};
