// The training-side levers' controller: distillation (a smaller student trained on a teacher's
// softened outputs, and the same student trained alone for comparison) and the model-size sweep,
// each run in the training worker through the task runner, each run a registry model with its
// lineage (a student's parent is its teacher); and the Train view's augmentation preview.
// The "where to spend" view and the bench read the results from here and from the registry.
import { datasetIdentity } from '../data/dataset-identity.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import type { EpochRecord } from '../metrics/report.ts';
import type { DistillRecipe, ModelEntry } from '../registry/records.ts';
import { parseDistillSettings, parseSweepSettings, studentSettings, type DistillSettings, type SizeSweepSettings } from '../train/levers-settings.ts';
import { heldEpoch, keptEpochField } from '../train/held-epoch.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { BatchProgress, RunCallbacks, TrainResult, WorkbenchPort } from '../workbench/protocol.ts';
import { initialLeversState, leversHoldReason, type DistillOutcome, type LeversJob, type LeversState, type SizeRow } from './levers-state.ts';
import { trainedLabel } from './model-recorder.ts';
import type { ModelRegistry } from './model-registry.ts';
import { trainingSettingsOf, type ModelSession } from './model-session.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

export interface LeversLabDeps {
  registry: ModelRegistry;
  session: Pick<ModelSession, 'trainingStarted' | 'holds'>;
  port: Pick<WorkbenchPort, 'train' | 'distill' | 'stop' | 'checkCurrent' | 'exportModel' | 'augmentSamples'>;
  dataset(): Promise<LabelledDataset>;
  /** The Train view's settings: the base of every run here (backend, batch, rate, data size, seed, augmentation). */
  settings(): TrainSettings;
  /** True while the Train view's run holds the worker. */
  training(): boolean;
}

const sumMs = (records: readonly EpochRecord[]): number => records.reduce((s, r) => s + r.wallMs, 0);

export class LeversLab {
  readonly store = new Store<LeversState>(initialLeversState());
  /** One job at a time (a distillation or a sweep); its failure is kept as its error. */
  readonly task = new TaskRunner();
  private previewCall = 0;

  constructor(private readonly deps: LeversLabDeps) {}

  private get state(): LeversState {
    return this.store.state;
  }

  get busy(): boolean {
    return this.task.busy;
  }

  /** Why a Train-view run must wait for this controller's job (null when none runs). */
  holdReason(): string | null {
    return leversHoldReason(this.task.state, this.state.job);
  }

  /** Applies raw form values to the distillation settings; bad fields keep their old values and get a message. */
  updateDistill(raw: Partial<Record<keyof DistillSettings, unknown>>): void {
    const { settings, errors } = parseDistillSettings(raw, this.state.distill);
    const remaining = { ...this.state.distillErrors };
    for (const key of Object.keys(raw) as (keyof DistillSettings)[]) delete remaining[key];
    this.store.set({ distill: settings, distillErrors: { ...remaining, ...errors } });
  }

  /** Applies raw form values to the sweep settings (sizes as "8x2, 16x3, 32x3"). */
  updateSweep(raw: Partial<Record<keyof SizeSweepSettings, unknown>>): void {
    const { settings, errors } = parseSweepSettings(raw, this.state.sweep);
    const remaining = { ...this.state.sweepErrors };
    for (const key of Object.keys(raw) as (keyof SizeSweepSettings)[]) delete remaining[key];
    this.store.set({ sweep: settings, sweepErrors: { ...remaining, ...errors } });
  }

  /**
   * Distils the model `teacherId` (the selected one by default) into a smaller student, then
   * trains the student's size alone for the same epochs. Resolves with the outcome, or null when
   * it failed (the error is in `task.state`) or was refused.
   */
  async distill(teacherId?: string): Promise<DistillOutcome | null> {
    const outcome = await this.task.run('Distillation', (signal) => this.runDistill(teacherId ?? this.deps.registry.state.selectedId, signal));
    this.store.set({ job: null });
    return outcome;
  }

  /** Trains every size of the sweep for the epoch budget; resolves with the rows (a stopped sweep keeps the finished sizes). */
  async sizeSweep(): Promise<SizeRow[] | null> {
    const rows = await this.task.run('Model-size sweep', (signal) => this.runSweep(signal));
    this.store.set({ job: null });
    return rows;
  }

  /** Stops the job after the batch in progress; finished models stay in the registry. */
  stop(): void {
    if (!this.busy) return;
    this.task.stop();
    void this.deps.port.stop();
  }

  /** Fetches the augmentation preview for the Train view's settings (only the newest request lands). */
  async previewAugmentation(count = 8): Promise<void> {
    const call = ++this.previewCall;
    try {
      const samples = await this.deps.port.augmentSamples(this.deps.settings(), count);
      if (call === this.previewCall) this.store.set({ samples, samplesError: null });
    } catch (err) {
      if (call === this.previewCall) this.store.set({ samplesError: (err as Error).message });
    }
  }

  private checkFree(): void {
    if (this.deps.training()) throw new Error('A training run holds the training worker: this job can start once it ends.');
  }

  private async runDistill(teacherId: string | null, signal: AbortSignal): Promise<DistillOutcome> {
    const { registry } = this.deps;
    if (Object.keys(this.state.distillErrors).length > 0) throw new Error(Object.values(this.state.distillErrors).join(' '));
    const teacher = registry.get(teacherId);
    if (!teacher) throw new Error('No teacher: select a trained model (Train a model first, or pick one in the Models view).');
    if (!teacher.hasWeights) throw new Error(`"${teacher.name}" has no weights here (it was read from a report), so it cannot teach.`);
    this.checkFree();
    const dataset = await this.deps.dataset();
    const { temperature, hardWeight, shrink, epochs } = this.state.distill;
    // The student trains as the teacher did (its data size, batch, rate, seed, augmentation), on the Train view's backend.
    const base = { ...trainingSettingsOf(registry, teacher.id, this.deps.settings()), backend: this.deps.settings().backend };
    const made = studentSettings(base, shrink, epochs);
    if ('error' in made) throw new Error(made.error);
    const student = made.settings;
    const teacherArtifacts = await registry.artifacts(teacher.id);
    this.store.set({ distillResult: null });

    this.deps.session.trainingStarted();
    const distilled = await this.deps.port.distill({ teacher: teacherArtifacts, student, temperature, hardWeight }, this.callbacks({ kind: 'distill', step: 'distilled student', run: 1, runs: 2, epochs }));
    const recipe: DistillRecipe = { teacherId: teacher.id, temperature, hardWeight, teacherMs: distilled.teacherMs };
    const studentEntry = await this.record(dataset, student, distilled, teacher.id, `student of ${teacher.name.split(' · ')[0]} (T ${temperature}, α ${hardWeight}, ${shrink}), ${trainedLabel(student, distilled.records.length, distilled.end)}`, recipe);
    const outcome: DistillOutcome = { teacherId: teacher.id, studentId: studentEntry.id, baselineId: null, temperature, hardWeight, shrink, epochs, teacherMs: distilled.teacherMs, studentTrainMs: sumMs(distilled.records), baselineTrainMs: Number.NaN };
    this.store.set({ distillResult: outcome });
    if (signal.aborted || distilled.end === 'stopped') return this.done(outcome);

    this.deps.session.trainingStarted();
    const alone = await this.deps.port.train(student, this.callbacks({ kind: 'distill', step: 'same student trained alone', run: 2, runs: 2, epochs }));
    const baseline = await this.record(dataset, student, alone, null, `student size alone (for ${teacher.name.split(' · ')[0]}), ${trainedLabel(student, alone.records.length, alone.end)}`);
    return this.done({ ...outcome, baselineId: baseline.id, baselineTrainMs: sumMs(alone.records) });
  }

  private done(outcome: DistillOutcome): DistillOutcome {
    this.store.set({ distillResult: outcome, job: null });
    return outcome;
  }

  private async runSweep(signal: AbortSignal): Promise<SizeRow[]> {
    if (Object.keys(this.state.sweepErrors).length > 0) throw new Error(Object.values(this.state.sweepErrors).join(' '));
    this.checkFree();
    const dataset = await this.deps.dataset();
    const { sizes, epochs, targetValAcc } = this.state.sweep;
    const rows: SizeRow[] = [];
    this.store.set({ sweepRows: rows, sweepTarget: targetValAcc });
    for (const [i, size] of sizes.entries()) {
      if (signal.aborted) break;
      const settings: TrainSettings = { ...this.deps.settings(), ...size, epochs, patience: 0 };
      this.deps.session.trainingStarted();
      const result = await this.deps.port.train(settings, this.callbacks({ kind: 'sweep', step: `width ${size.width}, depth ${size.depth}`, run: i + 1, runs: sizes.length, epochs }));
      if (result.records.length === 0) break;
      const entry = await this.record(dataset, settings, result, null, `size ${size.width}×${size.depth}, ${trainedLabel(settings, result.records.length, result.end)}`);
      rows.push(sizeRow(size, entry, result.records, targetValAcc, dataset.val.count));
      this.store.set({ sweepRows: [...rows] });
      if (result.end === 'stopped') break;
    }
    this.store.set({ job: null });
    return rows;
  }

  private callbacks(job: Omit<LeversJob, 'epoch' | 'batch' | 'batches'>): RunCallbacks {
    this.store.set({ job: { ...job, epoch: 0, batch: 0, batches: 0 } });
    return {
      onBatch: (p: BatchProgress) => this.store.set({ job: { ...job, epoch: p.epoch, batch: p.batch, batches: p.batches } }),
      // Across the worker boundary every member of a proxied callbacks object looks present, so
      // the worker calls each of these: an absent one fails on the page. These runs are not
      // resumable after a reload (no checkpoint is kept).
      onEpoch: () => undefined,
      onCheckpoint: () => undefined,
      // The Inside view's live snapshots are of the Train view's runs, not of these.
      onActivations: () => undefined,
      onWeights: () => undefined,
    };
  }

  /** A finished run as a registry model: its weights and test accuracy come from the worker now, which then holds it. */
  private async record(dataset: LabelledDataset, settings: TrainSettings, result: TrainResult, parentId: string | null, label: string, distill?: DistillRecipe): Promise<ModelEntry> {
    if (result.records.length === 0) throw new Error('The run stopped before its first epoch finished, so it kept no model.');
    const { port, registry } = this.deps;
    const check = await port.checkCurrent();
    const artifacts = await port.exportModel();
    const entry = registry.add(
      {
        label,
        parentId,
        origin: { kind: 'trained', settings: { ...settings }, end: result.end, trainBackend: result.backend, epochs: result.records, ...keptEpochField(result.keptEpoch), ...(distill ? { distill } : {}) },
        dataset: await datasetIdentity(dataset),
        testAcc: check.testAcc,
        testCount: check.testCount,
        params: check.params,
        weightBytes: check.weightBytes,
        flopsPerQuery: check.flopsPerQuery,
        inputSize: check.inputSize,
        numClasses: check.numClasses,
        valAcc: heldEpoch(result.records, result.keptEpoch)?.valAcc ?? null,
      },
      artifacts,
    );
    this.deps.session.holds(entry.id);
    return entry;
  }
}

/** A size's row: the budget's time and best validation accuracy, and the time to the target if it was reached. */
export function sizeRow(size: { width: number; depth: number }, entry: ModelEntry, records: readonly EpochRecord[], target: number, valCount: number): SizeRow {
  let best = records[0]!;
  for (const r of records) if (r.valAcc > best.valAcc) best = r;
  const reached = records.findIndex((r) => r.valAcc >= target);
  return {
    ...size,
    modelId: entry.id,
    epochs: records.length,
    trainMs: sumMs(records),
    bestValAcc: best.valAcc,
    bestEpoch: best.epoch,
    valCount,
    msToTarget: reached < 0 ? null : sumMs(records.slice(0, reached + 1)),
    epochToTarget: reached < 0 ? null : records[reached]!.epoch,
    testAcc: entry.testAcc ?? Number.NaN,
    testCount: entry.testCount,
    params: entry.params,
    flopsPerQuery: entry.flopsPerQuery,
  };
}
