// Generated run reports of a class, for the Class view's tests: each is a student's Ledger export
// (a registry-carrying report written by reportFromRegistry), from a run report of the shape the
// app writes, with figures varied per student and device. Deterministic: student i gives the same file.
import { DEFAULT_MODEL } from '../model/shape.ts';
import type { EpochRecord, Environment, ServeRecord } from '../metrics/report.ts';
import { parseRegistryReport, reportFromRegistry } from '../registry/report-models.ts';

export const CLASS_BACKENDS = ['wasm', 'webgl', 'cpu'] as const;

const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];

/** A student's device: user agent, cores, renderer and isolation vary with i. */
export function studentEnvironment(i: number): Environment {
  return {
    userAgent: USER_AGENTS[i % USER_AGENTS.length]!,
    hardwareConcurrency: [2, 4, 8, 12][i % 4]!,
    crossOriginIsolated: i % 5 !== 0,
    backends: { wasm: { available: true, simd: true, threads: i % 5 !== 0 }, webgl: { available: true, webglVersion: 2, renderer: ['ANGLE (Intel Iris Xe)', 'ANGLE (NVIDIA GeForce RTX 3060)', 'Apple M2'][i % 3]! } },
  };
}

const epoch = (n: number, wallMs: number, gflops: number): EpochRecord => ({
  epoch: n, wallMs, samplesPerSec: 2000 / (wallMs / 1000), kernelCount: 300, kernelHistogram: { Conv2D: 100, MatMul: 200 }, kernelCountMethod: 'counted',
  trainFlops: gflops * 1e9 * (wallMs / 1000), gflops, loss: 0.6, acc: 0.7, valLoss: 0.65, valAcc: 0.68, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 63, valMs: 200,
});

const serveRecord = (backend: string, p50Ms: number, testAcc: number): ServeRecord => ({
  model: 'dense', backend, coldMs: 20, count: 256, meanMs: p50Ms * 1.1, minMs: p50Ms * 0.8, p50Ms, p90Ms: p50Ms * 1.4, p99Ms: p50Ms * 2.5, maxMs: p50Ms * 4, modelP50Ms: p50Ms * 0.8,
  throughput: [{ batchSize: 1, imagesPerSec: 1000 / p50Ms, msPerImage: p50Ms }], testAcc, flopsPerQuery: 25e6, numTensorsLeaked: 0,
});

/**
 * Student i's report file text, as the Ledger's export writes it (`runs` runs, each trained and
 * served on one backend, the k-th serving k + 1 times slower); `environment` replaces the
 * generated device (e.g. the test browser's own).
 */
export function studentReport(i: number, environment: Environment = studentEnvironment(i), runs = 1): string {
  const backend = CLASS_BACKENDS[i % CLASS_BACKENDS.length]!;
  const speed = 1 + ((i * 37) % 11) / 10; // 1.0 … 2.0: slower and faster machines
  const wallMs = Math.round({ wasm: 9000, webgl: 40000, cpu: 90000 }[backend] * speed);
  const gflops = Math.round((180 / (wallMs / 1000)) * 100) / 100;
  // Serving speed varies apart from training speed (another machine's strengths).
  const p50Ms = Math.round({ wasm: 1.0, webgl: 30, cpu: 19 }[backend] * (1 + ((i * 53) % 7) / 6) * 100) / 100;
  const testAcc = 0.6 + ((i * 13) % 20) / 100;
  const runsOnly = JSON.stringify({
    schema: 1,
    createdAt: new Date(Date.UTC(2026, 10, 3, 10, 0, i)).toISOString(),
    environment,
    config: { dataset: 'catsdogs', model: { kind: 'cnn', width: 16, depth: 3, denseUnits: 64, inputSize: 64 }, seed: i, epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000, backend },
    runs: Array.from({ length: runs }, (_, k) => ({
      backend,
      train: { epochs: [epoch(1, wallMs, gflops), epoch(2, Math.round(wallMs * 0.97), gflops)] },
      serve: [serveRecord(backend, p50Ms * (k + 1), testAcc)],
      prune: [],
      settings: { backend, epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000, seed: i, width: 16, depth: 3 },
      dataset: { name: 'catsdogs', counts: { train: 2000, val: 500, test: 1200, classes: 2 } },
      label: `Run ${k + 1}: ${backend}, 2 epochs × 2,000 images`,
    })),
  });
  const parsed = parseRegistryReport(runsOnly, `student ${i}`);
  if (!parsed.ok) throw new Error(parsed.message);
  return JSON.stringify(reportFromRegistry(parsed.snapshot, environment, DEFAULT_MODEL, parsed.report.createdAt), null, 2);
}
