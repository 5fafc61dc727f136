// Turns what the workbench made into registry models: a finished (or kept) training run, each
// level of a pruning sweep, a model read from files. Each gets its lineage, dataset identity,
// measured test accuracy and size, and its artifacts, so it can be served, pruned and stored.
import { datasetIdentity } from '../data/dataset-identity.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import { pruneLevelName } from '../metrics/ledger.ts';
import type { ModelEntry } from '../registry/records.ts';
import { heldEpoch, keptEpochField } from '../train/held-epoch.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { ModelCheck, PruneSweepOutcome, PruneSweepRequest, WorkbenchPort } from '../workbench/protocol.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { FinishedRun } from './training-lab.ts';

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export const END_LABELS: Record<string, string> = {
  completed: '',
  stopped: ' (stopped)',
  'early-stopped': ' (early-stopped)',
  'backend-lost': ' (kept after a lost backend)',
};

/** "wasm, 3 epochs × 512 images, seed 42" (and how the run ended when not completed). */
export function trainedLabel(settings: TrainSettings, epochs: number, end: string): string {
  return `${settings.backend}, ${plural(epochs, 'epoch')} × ${settings.trainSize.toLocaleString('en')} images, seed ${settings.seed}${END_LABELS[end] ?? ` (${end})`}`;
}

export class ModelRecorder {
  constructor(
    private readonly deps: {
      registry: ModelRegistry;
      port: Pick<WorkbenchPort, 'exportModel' | 'checkCurrent'>;
    },
  ) {}

  /** A run that kept a model: its artifacts and test accuracy are taken from the worker now. */
  async trained(run: FinishedRun, resumedFrom: string | null): Promise<ModelEntry> {
    const { port, registry } = this.deps;
    const check = await port.checkCurrent();
    const artifacts = await port.exportModel();
    const { settings, result } = run;
    return registry.add(
      {
        label: trainedLabel(settings, result.records.length, result.end),
        parentId: resumedFrom,
        origin: { kind: 'trained', settings: { ...settings }, end: result.end, trainBackend: result.backend, epochs: result.records, ...keptEpochField(result.keptEpoch) },
        dataset: await datasetIdentity(run.dataset),
        ...fromCheck(check),
        valAcc: heldEpoch(result.records, result.keptEpoch)?.valAcc ?? null,
      },
      artifacts,
    );
  }

  /** Every finished level of a sweep of `parentId`, each a child model with its own artifacts. */
  async pruned(parentId: string, request: PruneSweepRequest, outcome: PruneSweepOutcome): Promise<ModelEntry[]> {
    const { registry } = this.deps;
    const parent = registry.get(parentId);
    if (!parent) throw new Error(`The pruned model's parent "${parentId}" is no longer in the registry.`);
    return outcome.levels.map((level) => {
      const r = level.record;
      return registry.add(
        {
          label: `${pruneLevelName(r)}, ${plural(request.epochs, 'fine-tune epoch')}`,
          parentId,
          origin: { kind: 'pruned', method: r.method, sparsity: r.sparsity, schedule: request.schedule, scope: request.scope, fineTuneEpochs: request.epochs, record: { ...r, p50Ms: Number.NaN, modelP50Ms: Number.NaN } },
          dataset: parent.dataset,
          testAcc: r.testAcc,
          testCount: parent.testCount,
          valAcc: null,
          params: r.params,
          weightBytes: r.weightBytes,
          flopsPerQuery: r.flopsPerQuery,
          inputSize: parent.inputSize,
          numClasses: parent.numClasses,
        },
        level.artifacts,
      );
    });
  }

  /** A model read from files and checked against the dataset in use; it keeps the id its file names when that id is free. */
  async imported(file: string, name: string, settings: TrainSettings | null, valAcc: number | null, check: ModelCheck, dataset: LabelledDataset, artifacts: SerializedModel, id?: string): Promise<ModelEntry> {
    return this.deps.registry.add(
      { ...(id ? { id } : {}), label: `${name} (from ${file})`, parentId: null, origin: { kind: 'imported', file, settings }, dataset: await datasetIdentity(dataset), ...fromCheck(check), valAcc },
      artifacts,
    );
  }
}

function fromCheck(check: ModelCheck): Pick<ModelEntry, 'testAcc' | 'testCount' | 'params' | 'weightBytes' | 'flopsPerQuery' | 'inputSize' | 'numClasses'> {
  return { testAcc: check.testAcc, testCount: check.testCount, params: check.params, weightBytes: check.weightBytes, flopsPerQuery: check.flopsPerQuery, inputSize: check.inputSize, numClasses: check.numClasses };
}
