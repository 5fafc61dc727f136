// The Class view's controller on generated students' reports: one row per device and backend with
// the report's figures, ranked by a chosen one; broken files, other schema versions and duplicates
// named with the reason, and nothing loaded lost.
import { describe, expect, it } from 'vitest';
import { ClassLab, rankRows, shortUserAgent, type ClassFile } from './class-lab.ts';
import { studentEnvironment, studentReport } from './test-class-reports.ts';

const file = (name: string, text: string): ClassFile => ({ name, text: () => Promise.resolve(text) });
const students = (n: number, from = 0) => Array.from({ length: n }, (_, k) => file(`student-${from + k}.json`, studentReport(from + k)));

describe('ClassLab', () => {
  it('makes one row per report and backend from the report\'s figures', async () => {
    const lab = new ClassLab({ thisDevice: () => null });
    await lab.addFiles(students(3));
    const rows = lab.store.state.rows;
    expect(rows.map((r) => [r.fileName, r.backend])).toEqual([['student-0.json', 'wasm'], ['student-1.json', 'webgl'], ['student-2.json', 'cpu']]);
    const report = JSON.parse(studentReport(1));
    const run = report.runs[0];
    const r = rows[1]!;
    expect(r.epochWallMs).toBe((run.train.epochs[0].wallMs + run.train.epochs[1].wallMs) / 2);
    expect(r.gflops).toBe(run.train.epochs[0].gflops);
    expect(r.testAcc).toBe(run.serve[0].testAcc);
    expect(r.p50Ms).toBe(run.serve[0].p50Ms);
    expect(r.p99Ms).toBe(run.serve[0].p99Ms);
    // What each median is of: the run's two epochs, its one serve run, one model with one latency measurement.
    expect(r.counts).toEqual({ wallEpochs: 2, gflopsEpochs: 2, serveRuns: 1, models: 1, measurements: 1 });
    // Training time over model-only p50: the Ledger's break-even for the dense model.
    const trainMs = run.train.epochs[0].wallMs + run.train.epochs[1].wallMs;
    expect(r.breakEven).toEqual({ kind: 'at', queries: Math.ceil(trainMs / run.serve[0].modelP50Ms) });
    expect(r.device).toEqual({ userAgent: studentEnvironment(1).userAgent, cores: 4, renderer: 'ANGLE (NVIDIA GeForce RTX 3060)', crossOriginIsolated: true });
    expect(lab.store.state.lastLoad).toMatchObject({ files: 3, added: 3 });
  });

  it('counts what each median is of: two models\' p50 is the median of their medians', async () => {
    const lab = new ClassLab({ thisDevice: () => null });
    await lab.addFiles([file('two-runs.json', studentReport(1, studentEnvironment(1), 2))]);
    const [r] = lab.store.state.rows;
    const run = JSON.parse(studentReport(1)).runs[0];
    // Two runs of two epochs each, each served once: its p50 is the mean of the two models' own (an even count).
    expect(r!.counts).toEqual({ wallEpochs: 4, gflopsEpochs: 4, serveRuns: 2, models: 2, measurements: 2 });
    expect(r!.p50Ms).toBeCloseTo((run.serve[0].p50Ms + 2 * run.serve[0].p50Ms) / 2, 9);
  });

  it('names broken files, other schema versions and duplicates, and keeps what was loaded', async () => {
    const lab = new ClassLab({ thisDevice: () => null });
    await lab.addFiles(students(30));
    const copy = JSON.stringify(JSON.parse(studentReport(4))); // same report, other whitespace
    await lab.addFiles([
      file('notes.txt', 'remember to bring the projector cable'),
      file('other.json', JSON.stringify({ hello: 'world' })),
      file('future.json', studentReport(31).replace('"schema": 1', '"schema": 2')),
      file('student-4 (1).json', studentReport(4)),
      file('student-4-copy.json', copy),
      { name: 'unreadable.json', text: () => Promise.reject(new Error('permission denied')) },
    ]);
    const s = lab.store.state;
    expect(s.rows).toHaveLength(30);
    expect(s.loaded).toHaveLength(30);
    const reasons = Object.fromEntries(s.rejected.map((r) => [r.name, r.reason]));
    expect(Object.keys(reasons)).toEqual(['notes.txt', 'other.json', 'future.json', 'student-4 (1).json', 'student-4-copy.json', 'unreadable.json']);
    expect(reasons['notes.txt']).toContain('is not JSON');
    expect(reasons['other.json']).toContain('not a Train & Serve Lab run report');
    expect(reasons['future.json']).toContain('schema version 2');
    expect(reasons['student-4 (1).json']).toContain('duplicate of "student-4.json"');
    expect(reasons['student-4 (1).json']).toContain('same content');
    expect(reasons['student-4-copy.json']).toContain('creation time and device');
    expect(reasons['unreadable.json']).toContain('permission denied');
    // A later good file still loads beside the rest.
    await lab.addFiles(students(1, 40));
    expect(lab.store.state.rows).toHaveLength(31);
    expect(lab.store.state.rejected).toHaveLength(6);
  });

  it('ranks by the chosen figure, best first, rows without it last', async () => {
    const lab = new ClassLab({ thisDevice: () => null });
    await lab.addFiles(students(9));
    const walls = lab.ranked().map((r) => r.epochWallMs);
    expect(walls).toEqual([...walls].sort((a, b) => a - b));
    lab.rankBy('gflops');
    const gflops = lab.ranked().map((r) => r.gflops);
    expect(gflops).toEqual([...gflops].sort((a, b) => b - a));
    const rows = lab.store.state.rows;
    const withGap = [{ ...rows[0]!, p99Ms: Number.NaN }, rows[1]!, rows[2]!];
    expect(rankRows(withGap, 'p99Ms').at(-1)!.key).toBe(rows[0]!.key);
  });

  it('marks the rows of the device this page runs on', async () => {
    const env = studentEnvironment(2);
    const lab = new ClassLab({ thisDevice: () => env });
    await lab.addFiles(students(12));
    const mine = lab.store.state.rows.filter((r) => r.thisDevice);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect([r.device.userAgent, r.device.cores, r.device.crossOriginIsolated]).toEqual([env.userAgent, env.hardwareConcurrency, env.crossOriginIsolated]);
  });

  it('shortens user agents to browser and system', () => {
    expect(shortUserAgent(studentEnvironment(0).userAgent)).toBe('Chrome 131 · Linux');
    expect(shortUserAgent(studentEnvironment(1).userAgent)).toBe('Edge 130 · Windows');
    expect(shortUserAgent(studentEnvironment(2).userAgent)).toBe('Safari 17 · macOS');
  });
});
