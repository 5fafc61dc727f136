// The serving half of the soak: many queries against one deployed model, with the
// worker's tensors and bytes sampled along the way, so a leak of even one tensor per N queries shows.
import type { ImageSet } from '../data/image-set.ts';
import type { ServeClient } from './client.ts';
import { imageAt, queryOrder } from './query-order.ts';

export interface MemorySample {
  /** Queries answered when the sample was taken. */
  queries: number;
  numTensors: number;
  numBytes: number;
}

export interface SoakServeResult {
  samples: MemorySample[];
  errors: number;
  /** Wall time of the measured queries, ms. */
  wallMs: number;
}

/** Warm-up queries before the first sample: the first calls allocate what every call reuses. */
const WARMUP = 20;

export async function soakQueries(
  client: ServeClient,
  set: ImageSet,
  opts: { queries: number; sampleEvery: number; seed?: number; signal?: AbortSignal; onSample?(s: MemorySample): void },
): Promise<SoakServeResult> {
  const order = queryOrder(set.count, opts.queries + WARMUP, opts.seed ?? 11);
  for (let i = 0; i < WARMUP; i++) await client.query(imageAt(set, order[i]!));
  const samples: MemorySample[] = [];
  const sample = async (queries: number) => {
    const s = { queries, ...(await client.memory()) };
    samples.push(s);
    opts.onSample?.(s);
  };
  await sample(0);
  let errors = 0;
  const t0 = performance.now();
  let answered = 0;
  for (let q = 1; q <= opts.queries; q++) {
    if (opts.signal?.aborted) break;
    const r = await client.query(imageAt(set, order[WARMUP + q - 1]!));
    answered = q;
    if (!r.ok) errors++;
    if (q % opts.sampleEvery === 0 || q === opts.queries) await sample(q);
  }
  // Stopped by its time budget between samples: the last sample is taken where it stopped.
  if (samples.at(-1)!.queries !== answered) await sample(answered);
  return { samples, errors, wallMs: performance.now() - t0 };
}
