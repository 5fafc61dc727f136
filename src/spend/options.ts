// Every way to buy accuracy as one option with two costs: all the training behind it (measured,
// summed along its lineage: a pruned model's parent, a student's teacher) and the cost of one
// query (its Ledger row's median model-only p50, or a test-time augmentation record's; analytic
// FLOPs). Built from the registry snapshot, the Ledger's rows and the TTA records. Pure.
import { median, trainingCost } from '../metrics/ledger.ts';
import type { TtaRecord } from '../metrics/report.ts';
import type { LedgerRow } from '../metrics/ledger.ts';
import type { ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import type { SpendFigures, SpendKind } from './spend-record.ts';

export type { SpendFigures, SpendKind };

/** One part of the training behind an option, for "how". */
export interface TrainPart {
  modelId: string;
  what: string;
  ms: number;
  flops: number;
}

export interface SpendOption {
  /** Unique: model id, serving backend and views. */
  key: string;
  modelId: string;
  modelName: string;
  kind: SpendKind;
  /** "distilled student (T = 4, 30% true labels)", "test-time augmentation, 4 views". */
  what: string;
  /** Short, for legends: "augmented, 8×2", "TTA ×4". */
  label: string;
  /** Views per query (1 unless test-time augmentation). */
  views: number;
  serveBackend: string;
  /** Measured training wall time and analytic training FLOPs along the lineage (NaN when a part is not known). */
  trainMs: number;
  trainFlops: number;
  trainParts: TrainPart[];
  /** Measured model-only p50 (ms) of one query on serveBackend; NaN when not served there. */
  perQueryMs: number;
  /** Analytic forward FLOPs of one query (× views). */
  perQueryFlops: number;
  /** Where perQueryMs comes from, in words. */
  perQueryHow: string;
  testAcc: number;
  /** Images behind testAcc. */
  testCount: number;
  /** Same recipe, another seed: options with equal recipes are repeats of one another. */
  recipe: string;
  seed: number | null;
}

const augmented = (s: TrainSettings): boolean => Boolean(s.augFlip) || (s.augCrop ?? 0) > 0 || (s.augBrightness ?? 0) > 0 || (s.augContrast ?? 0) > 0 || (s.augSaturation ?? 0) > 0;

/** "flip, crop 10%, brightness ±0.1". */
function augmentWords(s: TrainSettings): string {
  const parts: string[] = [];
  if (s.augFlip) parts.push('flip');
  if ((s.augCrop ?? 0) > 0) parts.push(`crop ${Math.round(s.augCrop! * 100)}%`);
  if ((s.augBrightness ?? 0) > 0) parts.push(`brightness ±${s.augBrightness}`);
  if ((s.augContrast ?? 0) > 0) parts.push(`contrast ±${s.augContrast}`);
  if ((s.augSaturation ?? 0) > 0) parts.push(`saturation ±${s.augSaturation}`);
  return parts.join(', ');
}

/**
 * For a model trained with augmentation, what it was trained with and that serving it costs
 * nothing more: augmentation changes only the training batches, the served network is the same
 * size (same FLOPs per query). Null for any other model (imported, pruned, or trained without).
 */
export function augmentationNote(m: ModelEntry): string | null {
  const o = m.origin;
  if (o.kind !== 'trained' || !augmented(o.settings)) return null;
  return `augmentation: ${augmentWords(o.settings)}; serving cost zero (same model, same FLOPs per query)`;
}

/** The option's kind, what it is in words, and a short label for legends ("augmented, 8×2": the size when it is not the default). */
export function kindOf(m: ModelEntry): { kind: SpendKind; what: string; label: string } {
  const o = m.origin;
  if (o.kind === 'pruned') return { kind: 'pruned', what: `pruned, ${o.method} ${Math.round(o.sparsity * 100)}%${o.method === 'structured' ? ' of filters' : ''}`, label: `pruned ${Math.round(o.sparsity * 100)}%` };
  if (o.kind === 'imported') return { kind: 'dense', what: 'loaded from files', label: 'loaded' };
  const s = o.settings;
  const size = `width ${s.width}, depth ${s.depth}`;
  const other = s.width !== DEFAULT_SETTINGS.width || s.depth !== DEFAULT_SETTINGS.depth;
  const short = `${s.width}×${s.depth}`;
  if (o.distill) return { kind: 'distilled', what: `distilled student (${size}; T = ${o.distill.temperature}, ${Math.round(o.distill.hardWeight * 100)}% true labels)`, label: `distilled student, ${short}` };
  if (augmented(s)) return { kind: 'augmented', what: `augmented (${size})`, label: other ? `augmented, ${short}` : 'augmented' };
  if (other) return { kind: 'size', what: `size: ${size}`, label: `size ${short}` };
  return { kind: 'dense', what: `dense (${size})`, label: 'dense' };
}

/**
 * What the model needed trained, from itself up: a pruned model its parent and its fine-tuning, a
 * student its teacher and its own epochs (the teacher's outputs included), a fine-tuned retraining
 * its parent. A plain training run (or one resumed after a lost backend, which carries its kept
 * epochs) is all of its own cost.
 */
export function lineageParts(entry: ModelEntry, byId: ReadonlyMap<string, ModelEntry>, seen = new Set<string>()): TrainPart[] {
  if (seen.has(entry.id)) return [];
  seen.add(entry.id);
  const o = entry.origin;
  const up = (): TrainPart[] => {
    const parent = entry.parentId ? byId.get(entry.parentId) : undefined;
    // A deleted parent takes its record with it: the cost is then not known, not zero.
    return parent ? lineageParts(parent, byId, seen) : [{ modelId: entry.parentId ?? '', what: 'parent not in the registry', ms: Number.NaN, flops: Number.NaN }];
  };
  if (o.kind === 'imported') return [{ modelId: entry.id, what: 'loaded from files: training not recorded', ms: Number.NaN, flops: Number.NaN }];
  if (o.kind === 'pruned') {
    return [...up(), { modelId: entry.id, what: `fine-tuning of ${entry.name}`, ms: o.record.fineTuneMs, flops: o.record.fineTuneFlops ?? Number.NaN }];
  }
  const t = trainingCost(o.epochs);
  const own: TrainPart = { modelId: entry.id, what: `training of ${entry.name} (${t.epochs} epoch${t.epochs === 1 ? '' : 's'})`, ms: t.wallMs, flops: t.flops };
  if (o.distill || o.retrain?.from === 'fine-tune') return [...up(), own];
  return [own];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Same training recipe but the seed: the settings without seed and backend, the kind, and the parent's recipe. */
function recipeOf(m: ModelEntry, byId: ReadonlyMap<string, ModelEntry>, depth = 0): string {
  const o = m.origin;
  const parent = m.parentId ? byId.get(m.parentId) : undefined;
  const up = parent && depth < 16 ? recipeOf(parent, byId, depth + 1) : '';
  if (o.kind === 'imported') return `imported:${m.id}`;
  if (o.kind === 'pruned') return `pruned:${o.method}:${o.sparsity}:${o.schedule}:${o.scope}:${o.fineTuneEpochs}<${up}`;
  // Everything but the seed and the training backend (which changes the time, not the recipe).
  const given = o.settings as unknown as Record<string, unknown>;
  const settings = JSON.stringify(Object.keys(given).filter((k) => k !== 'seed' && k !== 'backend').sort().map((k) => [k, given[k] ?? null]));
  const distill = o.distill ? `distill:${o.distill.temperature}:${o.distill.hardWeight}<${up}` : '';
  return `trained:${m.dataset.hash || m.dataset.name}:${settings}:${distill}`;
}

function seedOf(m: ModelEntry): number | null {
  return m.origin.kind === 'trained' ? m.origin.settings.seed : null;
}

/**
 * Every option on `serveBackend`: each trained or pruned model with its Ledger row there (or, when
 * only its test-time augmentation rounds measured it there, their 1-view p50), and each measured
 * TTA setting of 2 or more views (the latest record per model, backend and view count).
 */
export function spendOptions(snapshot: RegistrySnapshot, rows: readonly LedgerRow[], tta: readonly TtaRecord[], serveBackend: string): SpendOption[] {
  const byId = new Map(snapshot.models.map((m) => [m.id, m]));
  const latest = new Map<string, TtaRecord>();
  for (const r of tta) {
    if (r.backend !== serveBackend || !byId.has(r.modelId)) continue;
    const k = `${r.modelId}|${r.views}`;
    const had = latest.get(k);
    if (!had || had.date <= r.date) latest.set(k, r);
  }
  const out: SpendOption[] = [];
  for (const m of snapshot.models) {
    if (m.origin.kind === 'imported') continue;
    const { kind, what: base0, label } = kindOf(m);
    const note = augmentationNote(m);
    // The zero-serving-cost note belongs to the model served as it is, not to its TTA options (k× per query).
    const what = note ? `${base0}; ${note}` : base0;
    const parts = lineageParts(m, byId);
    const trainMs = sum(parts.map((p) => p.ms));
    const trainFlops = sum(parts.map((p) => p.flops));
    const row = rows.find((r) => r.modelId === m.id && r.serveBackend === serveBackend && r.measured.count > 0);
    const one = latest.get(`${m.id}|1`);
    const perQueryMs = row ? row.modelP50Ms : one ? one.modelP50Ms : Number.NaN;
    const perQueryHow = row ? `the Ledger's row: ${row.servedHow}` : one ? `its 1-view test-time augmentation rounds on ${serveBackend} (${one.count} queries)` : `not served on ${serveBackend} yet`;
    const recipe = recipeOf(m, byId);
    const base = { modelId: m.id, modelName: m.name, serveBackend, trainMs, trainFlops, trainParts: parts, recipe, seed: seedOf(m) };
    out.push({ ...base, key: `${m.id}:${serveBackend}:1`, kind, what, label, views: 1, perQueryMs, perQueryFlops: m.flopsPerQuery, perQueryHow, testAcc: m.testAcc ?? Number.NaN, testCount: m.testCount });
    for (const r of [...latest.values()].filter((x) => x.modelId === m.id && x.views > 1).sort((a, b) => a.views - b.views)) {
      out.push({
        ...base,
        key: `${m.id}:${serveBackend}:${r.views}`,
        kind: 'tta',
        what: `test-time augmentation, ${r.views} views of ${base0}`,
        label: `TTA ×${r.views}`,
        views: r.views,
        perQueryMs: r.modelP50Ms,
        // The views' own construction (a flip and a crop-and-resize) is not counted: a few FLOPs per pixel against the network's millions.
        perQueryFlops: m.flopsPerQuery * r.views,
        perQueryHow: `its ${r.views}-view test-time augmentation rounds on ${serveBackend} (${r.count} queries, interleaved with 1 view)`,
        testAcc: r.testAcc,
        testCount: r.testImages,
        recipe: `${recipe}|tta:${r.views}`,
      });
    }
  }
  return out;
}

/** A recipe's options over its seeds: one seed is a single sample; several give medians and ranges. */
export interface SpendGroup extends SpendFigures {
  recipe: string;
  what: string;
  options: SpendOption[];
  seeds: number[];
  /** Smallest and largest over the seeds (equal for one seed). */
  range: { testAcc: [number, number]; trainMs: [number, number]; perQueryMs: [number, number] };
}

const span = (xs: readonly number[]): [number, number] => {
  const v = xs.filter(Number.isFinite);
  return v.length === 0 ? [Number.NaN, Number.NaN] : [Math.min(...v), Math.max(...v)];
};

/** Options grouped by recipe, in the order first seen; each figure the median over the group's seeds. */
export function groupBySeed(options: readonly SpendOption[]): SpendGroup[] {
  const groups = new Map<string, SpendOption[]>();
  for (const o of options) groups.set(o.recipe, [...(groups.get(o.recipe) ?? []), o]);
  return [...groups.entries()].map(([recipe, os]) => ({
    recipe,
    key: os[0]!.key,
    kind: os[0]!.kind,
    what: os[0]!.what,
    views: os[0]!.views,
    options: os,
    seeds: os.flatMap((o) => (o.seed === null ? [] : [o.seed])),
    trainMs: median(os.map((o) => o.trainMs)),
    trainFlops: median(os.map((o) => o.trainFlops)),
    perQueryMs: median(os.map((o) => o.perQueryMs)),
    perQueryFlops: median(os.map((o) => o.perQueryFlops)),
    testAcc: median(os.map((o) => o.testAcc)),
    testCount: sum(os.map((o) => o.testCount)),
    range: { testAcc: span(os.map((o) => o.testAcc)), trainMs: span(os.map((o) => o.trainMs)), perQueryMs: span(os.map((o) => o.perQueryMs)) },
  }));
}
