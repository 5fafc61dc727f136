// Which registry model the training worker holds. Training replaces the worker's model with the
// one being trained; pruning and the Inside view need a finished model there, so they ask for it
// here and it is loaded back from the registry's artifacts when the worker holds another.
import type { TrainSettings } from '../train/settings.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import type { ModelEntry } from '../registry/records.ts';
import type { ModelRegistry } from './model-registry.ts';

export class ModelSession {
  /** The registry id of the model in the worker; null when it holds none or the one being trained. */
  private loadedId: string | null = null;
  private loading: Promise<ModelEntry> | null = null;

  constructor(
    private readonly deps: {
      port: Pick<WorkbenchPort, 'adoptModel'>;
      registry: ModelRegistry;
      /** Backend the worker should hold the model on (the Train view's). */
      backend: () => TrainSettings['backend'];
      /** Settings for a model that has none of its own (imported): the Train view's. */
      fallbackSettings: () => TrainSettings;
      /** True while a training run holds the worker. */
      training: () => boolean;
    },
  ) {}

  get workerModelId(): string | null {
    return this.loadedId;
  }

  /** A run started: the worker's model is now the one being trained. */
  trainingStarted(): void {
    this.loadedId = null;
  }

  /** The worker holds `id` (a run just finished and was registered as it). */
  holds(id: string): void {
    this.loadedId = id;
  }

  /** Makes the worker hold model `id`, loading it from the registry's artifacts when needed. */
  async ensureLoaded(id: string): Promise<ModelEntry> {
    const entry = this.deps.registry.get(id);
    if (!entry) throw new Error(`No model with id "${id}" in the registry.`);
    if (this.loadedId === id) return entry;
    if (this.deps.training()) throw new Error(`A training run holds the training worker: "${entry.name}" can be loaded there once the run ends.`);
    if (!entry.hasWeights) throw new Error(`"${entry.name}" has no weights here (it was read from a report), so it cannot be loaded.`);
    this.loading ??= this.load(entry).finally(() => {
      this.loading = null;
    });
    const loaded = await this.loading;
    return loaded.id === id ? loaded : this.ensureLoaded(id);
  }

  private async load(entry: ModelEntry): Promise<ModelEntry> {
    const artifacts = await this.deps.registry.artifacts(entry.id);
    const settings = { ...trainingSettingsOf(this.deps.registry, entry.id, this.deps.fallbackSettings()), backend: this.deps.backend() };
    await this.deps.port.adoptModel(artifacts, settings);
    this.loadedId = entry.id;
    return entry;
  }
}

/** The training settings behind a model: its own, or its nearest trained ancestor's, or `fallback`. */
export function trainingSettingsOf(registry: ModelRegistry, id: string, fallback: TrainSettings): TrainSettings {
  for (const m of [...registry.ancestry(id)].reverse()) {
    if (m.origin.kind === 'trained') return m.origin.settings;
    if (m.origin.kind === 'imported' && m.origin.settings) return m.origin.settings;
  }
  return fallback;
}
