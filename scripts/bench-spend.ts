// `npm run bench -- --spend`: the "where to spend" options at small stated settings, run with the
// app's own controllers in the page: the model the bench just trained (dense), the same recipe
// with training-time augmentation (flip + 10% crops), a half-width student distilled from it (and
// that size trained alone), sizes 8x2 and 32x3, each served on wasm with the closed-loop protocol,
// and test-time augmentation of the dense model at 1, 2, 4 and 8 views. Prints the side-by-side table the Ledger's section shows, the traffic at which the
// cheapest option changes, and checks that crossover against the hand computation from the rows.
import type { Page } from 'playwright-core';
import type { SpendRowRecord, SpendTableRecord, TtaRecord } from '../src/metrics/report.ts';
import type { BenchOptions } from './bench-args.ts';

/** What the step did: the report's `spend` table and `tta` records, and the models it made. */
export interface SpendOutcome extends SpendTableRecord {
  /** Every model this step made (their families join the report). */
  modelIds: string[];
  tta: TtaRecord[];
  errors: string[];
}

/** The report's `spend` key (src/metrics/report.ts): the table and answers as printed. */
export function spendTableRecord(o: SpendOutcome): SpendTableRecord {
  return { rows: o.rows, answer: o.answer, anyAccuracy: o.anyAccuracy, queriesPerDay: o.queriesPerDay, days: o.days, notes: o.notes };
}

/** Runs the options in the page, after the main training of `denseId` on wasm. */
export async function runSpendStep(page: Page, opts: BenchOptions, denseId: string): Promise<SpendOutcome> {
  // No named inner declarations in the page function: tsx would add __name calls that the page lacks.
  return page.evaluate(
    async ({ denseId, queries, ttaQueries, targetPct, days }) => {
      const lab = window.trainServeLab;
      const page = window as unknown as { benchProgress(text: string): void };
      const form = { ...lab.store.state.settings };
      // The variants are the dense model's own recipe, changed in one respect each.
      const dense = lab.registry.get(denseId);
      const base = dense?.origin.kind === 'trained' ? { ...form, ...dense.origin.settings } : form;
      const notes: string[] = [];
      const errors: string[] = [];
      const modelIds = [denseId];
      const variants: { label: string; patch: Record<string, unknown> }[] = [{ label: 'augmented (flip, 10% crops)', patch: { augFlip: true, augCrop: 0.1 } }];
      for (const v of variants) {
        page.benchProgress(`spend: training ${v.label}`);
        lab.updateSettings({ ...base, ...v.patch });
        const bad = Object.values(lab.store.state.settingErrors);
        if (bad.length > 0) {
          errors.push(`${v.label}: ${bad.join(' ')}`);
          continue;
        }
        const t = await lab.train();
        if (t.phase === 'finished' && lab.registry.state.selectedId) modelIds.push(lab.registry.state.selectedId);
        else errors.push(`${v.label}: training ended ${t.phase}${t.error ? `: ${t.error}` : ''}`);
      }
      // The levers controller's own jobs, on the dense recipe: a half-width student (and the same size
      // trained alone), and two more sizes, each for the dense model's epochs.
      lab.updateSettings(base);
      page.benchProgress('spend: distilling a student');
      lab.levers.updateDistill({ epochs: base.epochs, shrink: 'half-width' });
      const d = await lab.levers.distill(denseId);
      if (d) modelIds.push(d.studentId, ...(d.baselineId ? [d.baselineId] : []));
      else notes.push(`No student: the distillation failed (${lab.levers.task.state.error ?? 'no result'}).`);
      page.benchProgress('spend: size sweep');
      lab.levers.updateSweep({ sizes: '8x2, 32x3', epochs: base.epochs });
      const sizes = await lab.levers.sizeSweep();
      if (sizes) modelIds.push(...sizes.map((r) => r.modelId));
      else notes.push(`No size sweep: it failed (${lab.levers.task.state.error ?? 'no result'}).`);
      lab.updateSettings(form);
      if (d) notes.push(`Student: temperature ${d.temperature}, true-label weight ${d.hardWeight}, ${d.shrink}, ${d.epochs} epochs; its teacher's forward passes took ${d.teacherMs.toFixed(0)} ms of its training.`);
      for (const id of modelIds) {
        lab.registry.select(id);
        lab.serve.updateSettings({ backend: 'wasm', queries, warmShaders: true });
        page.benchProgress(`spend: serving ${lab.registry.selected?.name ?? id}`);
        const r = await lab.serve.run({ batchSizes: [] });
        if (!r) errors.push(`serving ${id}: ${lab.serve.task.state.error ?? 'no result'}`);
      }
      page.benchProgress('spend: test-time augmentation');
      const tta = await lab.spend.measureTta(denseId, ttaQueries > 0 ? { queries: ttaQueries } : {});
      if (!tta) errors.push(`test-time augmentation: ${lab.spend.task.state.error ?? 'no result'}`);
      lab.spend.updateSettings({ backend: 'wasm', days, targetPct: targetPct ?? Math.floor((lab.registry.get(denseId)?.testAcc ?? 0) * 1000) / 10 });
      const wanted = new Set(modelIds);
      const groups = lab.spend.groups().filter((g) => g.options.every((o) => wanted.has(o.modelId)));
      const answer = lab.spend.answer(groups);
      const asked = lab.spend.store.state.settings.targetPct;
      lab.spend.updateSettings({ targetPct: 0 });
      const any = lab.spend.answer(groups);
      lab.spend.updateSettings({ targetPct: asked });
      const rows = groups.map((g) => ({
        key: g.key, modelId: g.options[0]!.modelId, name: g.options[0]!.modelName.split(' · ')[0]!, kind: g.kind, views: g.views, seeds: g.options.length,
        trainMs: g.trainMs, trainFlops: g.trainFlops, perQueryMs: g.perQueryMs, perQueryFlops: g.perQueryFlops, testAcc: g.testAcc, testCount: g.testCount,
      }));
      return {
        modelIds, tta: tta ?? [], rows, notes, errors,
        answer: { queries: answer.queries, changes: answer.changes, segments: answer.segments, cheapest: answer.cheapest?.key ?? null, targetPct: asked },
        anyAccuracy: { changes: any.changes, segments: any.segments, cheapest: any.cheapest?.key ?? null },
        queriesPerDay: lab.ledger.store.state.settings.queriesPerDay,
        days,
      };
    },
    { denseId, queries: opts.spendQueries, ttaQueries: opts.spendTtaQueries, targetPct: opts.spendTarget, days: opts.spendDays },
  );
}

const fixed = (x: number, d: number) => (Number.isFinite(x) ? +x.toFixed(d) : null);
const label = (r: SpendRowRecord) => (r.kind === 'tta' ? `${r.name} TTA x${r.views}` : `${r.name} ${r.kind}`);

/** The side-by-side table. */
export function printSpendTable(o: SpendOutcome): void {
  console.log('\nWhere to spend (serving on wasm; training summed along each lineage; test accuracy with its image count)');
  console.table(o.rows.map((r) => ({
    option: label(r),
    seeds: r.seeds === 1 ? '1 (single sample)' : r.seeds,
    'train s': fixed(r.trainMs / 1000, 2),
    'train GFLOP': fixed(r.trainFlops / 1e9, 1),
    'p50 model ms': fixed(r.perQueryMs, 3),
    'MFLOP/query': fixed(r.perQueryFlops / 1e6, 2),
    'test acc': fixed(r.testAcc, 4),
    n: r.testCount,
  })));
  for (const n of o.notes) console.log(`  note: ${n}`);
}

/** The crossover traffic, recomputed by hand from the printed rows; returns failures. */
export function printSpendCrossover(o: SpendOutcome): string[] {
  const failures: string[] = [];
  const byKey = new Map(o.rows.map((r) => [r.key, r]));
  const show = (title: string, changes: SpendOutcome['answer']['changes'], cheapest: string | null) => {
    console.log(`\n${title}`);
    console.log(`  cheapest at ${o.answer.queries.toLocaleString('en')} queries (${o.queriesPerDay.toLocaleString('en')} a day for ${o.days} days): ${cheapest ? label(byKey.get(cheapest)!) : 'none reaches it'}`);
    if (changes.length === 0) console.log('  the cheapest option is the same at every traffic: no crossover');
    for (const c of changes) {
      const a = byKey.get(c.from)!;
      const b = byKey.get(c.to)!;
      // By hand, from the table's own rows: extra training over the per-query saving.
      const hand = (b.trainMs - a.trainMs) / (a.perQueryMs - b.perQueryMs);
      const same = Math.abs(hand - c.queries) <= 1e-9 * Math.max(1, Math.abs(hand));
      console.log(`  ${label(a)} -> ${label(b)} at ${Math.ceil(c.queries).toLocaleString('en')} queries (${c.queriesPerDay.toFixed(1)} a day over ${o.days} days); by hand (${b.trainMs.toFixed(1)} - ${a.trainMs.toFixed(1)}) ms / (${a.perQueryMs.toFixed(4)} - ${b.perQueryMs.toFixed(4)}) ms = ${hand.toFixed(2)}: ${same ? 'equal' : 'DIFFERENT'}`);
      if (!same) failures.push(`spend: the crossover ${c.queries} differs from the hand computation ${hand}.`);
    }
  };
  show(`Reaching ${o.answer.targetPct}% test accuracy (measured), cost in measured time`, o.answer.changes, o.answer.cheapest);
  show('At any accuracy, cost in measured time', o.anyAccuracy.changes, o.anyAccuracy.cheapest);
  return failures;
}

/**
 * The checks: TTA k = 4 against k = 1, and the student against its teacher when there is one,
 * printed with their verdicts (as the serve and prune checks are); a leak or a failed step fails the run.
 */
export function printSpendChecks(o: SpendOutcome): string[] {
  const failures = [...o.errors.map((e) => `spend: ${e}`)];
  console.log('\nWhere-to-spend checks');
  const one = o.tta.find((r) => r.views === 1);
  const four = o.tta.find((r) => r.views === 4);
  if (one && four) {
    const ratio = four.modelP50Ms / one.modelP50Ms;
    const pt = (four.testAcc - one.testAcc) * 100;
    const e2e = four.p50Ms / one.p50Ms;
    // The serving protocol times a query from the raw image handed over to the probabilities held,
    // so that p50 carries the target; the model-only part is recorded beside it, as everywhere.
    console.log(`  TTA 4 views / 1 view, p50 end to end = ${e2e.toFixed(3)} (${four.p50Ms.toFixed(3)} / ${one.p50Ms.toFixed(3)} ms, the serving protocol's query time, target <= 4: ${e2e <= 4 ? 'pass' : 'FAIL'}); test accuracy ${(one.testAcc * 100).toFixed(2)}% -> ${(four.testAcc * 100).toFixed(2)}% (${pt >= 0 ? '+' : ''}${pt.toFixed(2)} pt, n = ${four.testImages} images)`);
    console.log(`    model-only part (views built, the 4-image pass, mean, read-back): ${ratio.toFixed(3)} (${four.modelP50Ms.toFixed(3)} / ${one.modelP50Ms.toFixed(3)} ms${ratio > 4 ? '; above 4: single-threaded wasm has almost no fixed cost per query left to share, docs/where-to-spend.md' : ''})`);
    for (const r of o.tta) if (r.numTensorsLeaked !== 0) failures.push(`spend: TTA ${r.views} views leaked ${r.numTensorsLeaked} tensors in the worker.`);
  } else failures.push('spend: test-time augmentation was not measured at 1 and 4 views.');
  const student = o.rows.find((r) => r.kind === 'distilled');
  const dense = o.rows.find((r) => r.kind === 'dense');
  if (student && dense) {
    const ratio = student.perQueryMs / dense.perQueryMs;
    console.log(`  distilled student / teacher, model-only p50 = ${ratio.toFixed(3)} (target <= 0.6: ${ratio <= 0.6 ? 'pass' : 'FAIL'})`);
  } else {
    const half = o.rows.find((r) => r.kind === 'size');
    const ratio = half && dense ? half.perQueryMs / dense.perQueryMs : Number.NaN;
    console.log(`  distilled student / teacher: not measured (no student in this run).${Number.isFinite(ratio) ? ` The half-width model a student of that size would be serves at ${ratio.toFixed(3)}x the dense model's model-only p50.` : ''}`);
  }
  return failures;
}
