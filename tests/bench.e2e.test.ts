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
    const r = bench(['--backends', 'wasm', '--epochs', '1', '--train-size', '64', '--batch-size', '16', '--seed', '3', '--lr', '0.001', '--serve', '--queries', '24', '--prune', '--prune-queries', '16', '--inside', '--out', out]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/ledger/i);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReportShape;
    expect(report.runs).toHaveLength(1);
    const dense = report.models.find((m) => m.origin.kind === 'trained')!;
    expect(report.runs[0]!.modelId).toBe(dense.id);
    const pruned = report.models.filter((m) => m.origin.kind === 'pruned');
    expect(pruned).toHaveLength(7);
    expect(pruned.every((m) => m.parentId === dense.id)).toBe(true);
    // The dense model's serve run and its sweep rounds are both measurements of it on wasm.
    expect(report.measurements.filter((m) => m.modelId === dense.id).map((m) => m.kind).sort()).toEqual(['serve', 'sweep']);
  });

  it('takes a folder of own images with --data', async () => {
    const data = join(dir, 'pets');
    await writeOwnImages(data, { perClass: 30, minSide: 64, maxSide: 96, seed: 5, salt: false });
    const out = join(dir, 'own.json');
    const r = bench(['--data', data, '--backends', 'wasm', '--epochs', '1', '--serve', '--queries', '16', '--out', out]);
    expect(r.status, r.out).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReportShape & { config: { dataset: string } };
    expect(report.config.dataset).toBe('pets');
    expect(report.runs[0]!.serve).toHaveLength(1);
  });
});
