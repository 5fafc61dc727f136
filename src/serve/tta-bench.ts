// Measuring test-time augmentation with the serving protocol: one worker per view count, each
// deployed with the same model and warmed, then interleaved blocks of queries on the same unseen
// test images (docs/methods.md 3.9), so the view counts meet the same machine and the same images.
import type { ImageSet } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import type { TtaRecord } from '../metrics/report.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { compareInterleaved } from './bench-compare.ts';
import type { BenchControl } from './bench-types.ts';
import { ServeClient } from './client.ts';
import { TTA_BLOCK_SIZE, TTA_VIEW_COUNTS, type TtaViews } from './tta-views.ts';

export interface TtaBenchOptions extends BenchControl {
  artifacts: SerializedModel;
  backend: BackendName;
  testSet: ImageSet;
  modelId: string;
  modelName: string;
  /** View counts to measure (default 1, 2, 4, 8). */
  views?: readonly TtaViews[];
  /** Measured rounds: each sends one image to every view count (default: the whole test set, every image once). */
  queries?: number;
  /** Queries per view count in a row before the next one's turn (default TTA_BLOCK_SIZE). */
  blockSize?: number;
  queryDeadlineMs?: number;
}

/** The measured records, one per view count, in the order given. */
export async function measureTta(options: TtaBenchOptions): Promise<{ records: TtaRecord[]; aborted: boolean }> {
  const views = options.views ?? TTA_VIEW_COUNTS;
  const { backend, testSet: set } = options;
  const clients: { k: TtaViews; client: ServeClient }[] = [];
  try {
    for (const [i, k] of views.entries()) {
      options.onProgress?.({ phase: 'deploy', done: i, total: views.length, detail: `${k} view${k === 1 ? '' : 's'}` });
      const client = ServeClient.spawn({ name: `tta-${k}-${backend}`, ...(options.queryDeadlineMs ? { queryDeadlineMs: options.queryDeadlineMs } : {}) });
      clients.push({ k, client });
      await client.deploy(options.artifacts, backend, { warmShaders: true, ttaViews: k });
      if (options.signal?.aborted) return { records: [], aborted: true };
    }
    const before = await Promise.all(clients.map((c) => c.client.numTensors()));
    const arms = clients.map((c) => ({ label: String(c.k), client: c.client }));
    // Every round runs (no early stop on precise p50s): the accuracy needs every test image.
    const result = await compareInterleaved(arms, set, { queries: options.queries ?? set.count, blockSize: options.blockSize ?? TTA_BLOCK_SIZE, precision: false, signal: options.signal, onProgress: options.onProgress });
    const after = await Promise.all(clients.map((c) => c.client.numTensors()));
    const date = result.measuredAt ?? new Date().toISOString();
    const records = result.arms.map((arm, i): TtaRecord => {
      const k = clients[i]!.k;
      const ok = arm.samples.filter((s) => s.error === undefined);
      const interval = quantileEstimate(ok.map((s) => s.modelMs), 0.5);
      return {
        id: `tta:${options.modelId}:${backend}:${k}:${date}`,
        modelId: options.modelId,
        model: options.modelName,
        backend,
        views: k,
        date,
        count: ok.length,
        p50Ms: arm.e2e?.p50Ms ?? Number.NaN,
        modelP50Ms: arm.model?.p50Ms ?? Number.NaN,
        modelP50LowMs: interval?.low ?? Number.NaN,
        modelP50HighMs: interval?.high ?? Number.NaN,
        testAcc: arm.testAcc,
        testImages: new Set(ok.map((s) => s.imageIndex)).size,
        numTensorsLeaked: after[i]! - before[i]!,
      };
    });
    return { records, aborted: result.aborted };
  } finally {
    for (const c of clients) c.client.terminate();
  }
}
