// Offline mode (MLPerf "Offline"): throughput at several batch sizes, each batch sent as one call
// and timed on the page from handing over the images to holding all the probabilities.
import type { ImageSet } from '../data/image-set.ts';
import type { ThroughputPoint } from '../metrics/report.ts';
import type { ServeClient } from './client.ts';
import type { BenchControl } from './bench-types.ts';
import { imageAt, queryOrder } from './query-order.ts';
import { stopped } from './bench-query.ts';

export const DEFAULT_BATCH_SIZES: readonly number[] = [1, 4, 16, 64];

export interface ThroughputOptions extends BenchControl {
  batchSizes?: readonly number[];
  /** At least this many images are timed per batch size (default 256). */
  minImages?: number;
  seed?: number;
}

export async function measureThroughput(
  client: ServeClient,
  set: ImageSet,
  options: ThroughputOptions = {},
): Promise<{ points: ThroughputPoint[]; aborted: boolean }> {
  const sizes = options.batchSizes ?? DEFAULT_BATCH_SIZES;
  const minImages = options.minImages ?? 256;
  const points: ThroughputPoint[] = [];
  const total = sizes.length;
  for (const [k, batchSize] of sizes.entries()) {
    if (stopped(options.signal)) return { points, aborted: true };
    const batches = Math.ceil(minImages / batchSize);
    const order = queryOrder(set.count, (batches + 1) * batchSize, (options.seed ?? 1) + k);
    const batchAt = (b: number) => Array.from(order.subarray(b * batchSize, (b + 1) * batchSize), (i) => imageAt(set, i));
    // The first batch of each size is not timed: a new batch shape compiles new shaders on WebGL.
    const warm = await client.queryBatch(batchAt(0));
    if (!warm.ok) throw new Error(`Throughput at batch size ${batchSize} failed: ${warm.error}`);
    let ms = 0;
    let images = 0;
    for (let b = 1; b <= batches; b++) {
      if (stopped(options.signal)) break;
      const r = await client.queryBatch(batchAt(b));
      if (!r.ok) throw new Error(`Throughput at batch size ${batchSize} failed: ${r.error}`);
      ms += r.e2eMs;
      images += batchSize;
    }
    if (images > 0) points.push({ batchSize, imagesPerSec: images / (ms / 1000), msPerImage: ms / images });
    options.onProgress?.({ phase: 'throughput', done: k + 1, total });
  }
  return { points, aborted: stopped(options.signal) };
}
