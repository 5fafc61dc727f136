// The headless bench, run short (one tiny epoch, a few queries) on the built app with every flag
// the README lists, so `npm run bench` keeps working: it exits 0, prints its tables and the
// ledger, and writes a run report whose models carry ids and lineage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOwnImages } from '../scripts/lib/own-images.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-e2e-'));

function bench(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('npx', ['tsx', 'scripts/bench.ts', '--no-build', ...args], { encoding: 'utf8', timeout: 900_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

interface ReportShape {
  models: { id: string; parentId: string | null; name: string; origin: { kind: string } }[];
  measurements: { modelId: string; kind: string; backend: string }[];
  runs: { modelId?: string; train: { epochs: unknown[] }; serve: unknown[]; prune: unknown[] }[];
}

describe('npm run bench, short', () => {
  it('lists its options with --help and names a bad one', () => {
    expect(bench(['--help']).out).toContain('--prune-queries');
    const bad = bench(['--epochs', 'two']);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain('--epochs needs a whole number');
  });

  it('trains, serves, prunes and watches inside on wasm, and writes a report with model ids and lineage', () => {
    const out = join(dir, 'short.json');
    const r = bench(['--backends', 'wasm', '--epochs', '1', '--train-size', '64', '--batch-size', '16', '--seed', '3', '--lr', '0.001', '--serve', '--queries', '24',
      // Serving at scale, cheaply: short latency-bound search and checks, a small batching curve.
      '--slo', '50', '--slo-queries', '20', '--slo-duration', '150', '--slo-check', '60', '--batching', '--batching-queries', '16', '--prune', '--prune-queries', '16', '--inside', '--out', out]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/ledger/i);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReportShape;
    expect(report.runs).toHaveLength(1);
    // The training batch by kernel family, printed and kept; the closed loop's and the sweep's stop.
    expect(r.out).toContain('wasm: where a training batch of 16 goes');
    expect(r.out).toMatch(/Parts \/ measured batch = [\d.]+/);
    const breakdown = (report.runs[0] as unknown as { kernelBreakdown: { families: { family: string; calls: number }[] } }).kernelBreakdown;
    expect(breakdown.families.map((f) => f.family)).toEqual(['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'ReLU gradient', 'BatchMatMul', 'optimizer', 'other']);
    expect(r.out).toMatch(/wasm closed loop: stopped (when precise|at the cap)/);
    expect(r.out).toMatch(/latency phase: [\d.]+ s .* widest p50 95% interval/);
    const dense = report.models.find((m) => m.origin.kind === 'trained')!;
    expect(report.runs[0]!.modelId).toBe(dense.id);
    const pruned = report.models.filter((m) => m.origin.kind === 'pruned');
    expect(pruned).toHaveLength(7);
    expect(pruned.every((m) => m.parentId === dense.id)).toBe(true);
    // The dense model's serve run and its sweep rounds are both measurements of it on wasm.
    expect(report.measurements.filter((m) => m.modelId === dense.id).map((m) => m.kind).sort()).toEqual(['serve', 'sweep']);
    // --slo and --batching: their tables, checks and records.
    expect(r.out).toContain('Latency-bound search');
    // The fresh check at the capacity found, or, on a machine too loaded for a 50 ms bound, the search saying it found none.
    expect(r.out).toMatch(/wasm: (at [\d.]+\/s \(n=\d+\) p99 \/ bound = |no capacity under 50 ms \([\w-]+: .+\))/);
    expect(r.out).toContain('Batching curve on wasm');
    expect(r.out).toMatch(/capacity under p99 <= 200 ms: off .* on \/ off = /);
    expect(r.out).toMatch(/batching for the off\/on comparison under 200 ms: T \d+ ms, B \d+: /);
    const scale = report as unknown as { slo: { backend: string; batching: string }[]; batching: unknown[]; fleet: unknown[] };
    expect(scale.slo.map((x) => x.batching)).toContain('off');
    expect(scale.slo.some((x) => x.batching.startsWith('T '))).toBe(true);
    expect(scale.batching).toHaveLength(1);
  });

  it('prices the where-to-spend options with --spend and runs a tiny drifting stream with --drift, writing both records', () => {
    // One run for both flags: each builds on the dense model, and a bench start costs a browser and the dataset.
    const out = join(dir, 'spend-drift.json');
    const r = bench(['--backends', 'wasm', '--epochs', '1', '--train-size', '64', '--batch-size', '16', '--spend', '--spend-queries', '16', '--spend-tta-queries', '32',
      '--drift', '--drift-days', '3', '--drift-queries', '10', '--drift-epochs', '1', '--out', out]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('Where to spend (serving on wasm');
    expect(r.out).toMatch(/TTA 4 views \/ 1 view, p50 end to end = [\d.]+ \([\d.]+ \/ [\d.]+ ms, the serving protocol's query time, target <= 4: (pass|FAIL)\)/);
    expect(r.out).toMatch(/model-only part \(views built, the 4-image pass, mean, read-back\): [\d.]+ \([\d.]+ \/ [\d.]+ ms/);
    expect(r.out).not.toContain('DIFFERENT');
    type SpendReport = ReportShape & { tta: { views: number; modelId: string }[]; spend: { rows: { kind: string }[] } };
    type DriftReport = { lifecycle: { runs: { policyLabel: string; retrains: { parentId: string }[] }[] }[] };
    const report = JSON.parse(readFileSync(out, 'utf8')) as SpendReport & DriftReport;
    expect(report.tta.map((t) => t.views)).toEqual([1, 2, 4, 8]);
    expect(report.spend.rows.map((row) => row.kind)).toEqual(expect.arrayContaining(['dense', 'tta', 'augmented']));
    // Every option's model is in the report, with its lineage.
    const ids = new Set(report.models.map((m) => m.id));
    expect(report.tta.every((t) => ids.has(t.modelId))).toBe(true);

    expect(r.out).toContain('The price of staying accurate');
    expect(r.out).toMatch(/every day \(fine-tune\)\s+\S+%/);
    expect(report.lifecycle[0]!.runs.map((x) => x.policyLabel)).toEqual(['never', 'accuracy < day 0 − 5 points (fine-tune)', 'every day (fine-tune)']);
    // "every day" retrains at the end of day 1 (none after the last day); the new version is in the report with its parent.
    const retrain = report.lifecycle[0]!.runs[2]!.retrains;
    expect(retrain).toHaveLength(1);
    expect(report.models.some((m) => m.parentId === retrain[0]!.parentId)).toBe(true);
  });

  it('takes a folder of own images with --data, trained with the "photos" preset', async () => {
    const data = join(dir, 'pets');
    await writeOwnImages(data, { perClass: 30, minSide: 64, maxSide: 96, seed: 5, salt: false });
    const out = join(dir, 'own.json');
    // The real-photo check's command, one epoch instead of the preset's 40.
    const r = bench(['--data', data, '--preset', 'photos', '--backends', 'wasm', '--epochs', '1', '--serve', '--queries', '16', '--out', out]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain("Preset photos, opened as a link: view=data&t.epochs=40&t.augFlip=true");
    expect(r.out).toContain("typed on the command line, so not the preset's: epochs");
    expect(r.out).toMatch(/wasm: test accuracy after 1 epoch: [\d.]+% \[[\d.]+–[\d.]+%\], n = \d+ unseen test images/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReportShape & { config: Record<string, unknown> };
    expect(report.config).toMatchObject({ dataset: 'pets', preset: 'photos', epochs: 1, augFlip: true, augCrop: 0.2, augSaturation: 0.3, dropout: 0.3, patience: 0 });
    expect(report.runs[0]!.serve).toHaveLength(1);
  });
});
