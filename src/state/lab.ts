// Wiring only: builds the app's controllers, hands each the narrow dependencies it uses, and
// makes the connections between them (a run finished -> the registry records its model and
// selects it -> the views follow). Views and the headless bench reach the controllers from here.
import { loadShippedInWorker } from '../data/decode-client.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { spawnWorkbench } from '../workbench/client.ts';
import { restartable, type WorkbenchHandle } from '../workbench/restartable.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import { DataLab } from './data-lab.ts';
import { DatasetLab } from './dataset-lab.ts';
import { FrameGapMonitor } from './frame-gap-monitor.ts';
import { InsideLab } from './inside-lab.ts';
import { initialLabState, isTrainingBusy, type LabState, type TrainingState } from './lab-state.ts';
import { LedgerLab } from './ledger-lab.ts';
import { IdbCheckpointStore, type CheckpointStore } from './checkpoint-db.ts';
import { ModelRecorder } from './model-recorder.ts';
import { ModelRegistry, type RegistryStorage, type RegistrySync } from './model-registry.ts';
import { broadcastSync } from './registry-sync.ts';
import { ModelSession } from './model-session.ts';
import { ModelsLab } from './models-lab.ts';
import { LeversLab } from './levers-lab.ts';
import { DriftLab } from './drift-lab.ts';
import { spawnDriftDrawer } from '../data/drift-draw-client.ts';
import { ServeClient } from '../serve/client.ts';
import { nextTask } from '../serve/yield.ts';
import { PruneLab } from './prune-lab.ts';
import { IdbRegistryStorage, storageEstimate } from './registry-db.ts';
import { ServeLab } from './serve-lab.ts';
import { SpendLab, TTA_STORAGE_KEY } from './spend-lab.ts';
import { localTextStorage } from './local-text-storage.ts';
import { Store } from './store.ts';
import { TrainingLab, type TrainingLabDeps } from './training-lab.ts';

export interface LabOptions {
  /** The training worker (a fake in Node tests; its `restart`, if any, stands for restarting the worker). */
  port?: WorkbenchPort & { restart?(): void };
  /** When the training watchdog calls a silence a hang (tests shorten it). */
  watchdog?: TrainingLabDeps['watchdog'];
  /** Where the registry persists (IndexedDB by default; null keeps it in memory). */
  storage?: RegistryStorage | null;
  /** How other tabs hear of this one's writes (a BroadcastChannel with the default storage). */
  sync?: RegistrySync;
  /** Where each epoch's checkpoint goes (IndexedDB by default; null: runs are not resumable). */
  checkpoints?: CheckpointStore | null;
  /** Loads the shipped dataset (decoded in a worker by default). */
  loadShipped?: (onProgress: (done: number, total: number) => void) => Promise<LabelledDataset>;
}

export class Lab {
  readonly store = new Store<LabState>(initialLabState());
  readonly port: WorkbenchPort;
  /** The training worker behind the port, restartable when it stops answering. */
  readonly workbench: Pick<WorkbenchHandle, 'restart'>;
  /** Every model the app holds, their measurements and the selected one. */
  readonly registry: ModelRegistry;
  /** Which registry model the training worker holds. */
  readonly session: ModelSession;
  readonly datasets: DatasetLab;
  readonly training: TrainingLab;
  readonly serve: ServeLab;
  readonly prune: PruneLab;
  readonly inside: InsideLab;
  /** The Data view's controller: a person's own images. */
  readonly data: DataLab;
  readonly ledger: LedgerLab;
  readonly models: ModelsLab;
  /** Training-side levers: distillation, the model-size sweep, the augmentation preview. */
  readonly levers: LeversLab;
  /** The Drift view's controller: a drifting world, retraining policies and what staying accurate costs. */
  readonly drift: DriftLab;
  /** The Ledger's "where to spend" section: test-time augmentation and every option priced side by side. */
  readonly spend: SpendLab;

  constructor(options: LabOptions = {}) {
    const given = options.port;
    this.workbench = given ? { restart: () => given.restart?.() } : restartable(spawnWorkbench);
    const port = (this.port = given ?? (this.workbench as WorkbenchHandle).port);
    const store = this.store;
    const training = () => isTrainingBusy(store.state);
    // The app's own IndexedDB is shared by its tabs: they keep each other in step over a BroadcastChannel.
    const registry = (this.registry = options.storage === undefined ? new ModelRegistry(new IdbRegistryStorage(), broadcastSync()) : new ModelRegistry(options.storage, options.sync ?? null));
    const session = (this.session = new ModelSession({ port, registry, backend: () => store.state.settings.backend, fallbackSettings: () => store.state.settings, training }));
    const recorder = new ModelRecorder({ registry, port });
    this.prune = new PruneLab({ registry, session, port, recorder, dataset: () => this.datasets.dataset, training });
    this.datasets = new DatasetLab({
      store,
      port,
      loadShipped: options.loadShipped ?? loadShippedInWorker,
      pruning: () => this.prune.busy,
      updateSettings: (raw) => this.training.updateSettings(raw),
    });
    this.inside = new InsideLab({ lab: store, port, registry, session });
    this.training = new TrainingLab({
      store,
      port,
      loadDataset: () => this.datasets.load(),
      frames: new FrameGapMonitor(),
      checkpoints: options.checkpoints === undefined ? new IdbCheckpointStore() : options.checkpoints,
      liveCallbacks: () => this.inside.liveCallbacks(),
      onStarted: () => session.trainingStarted(),
      // A fresh worker holds no model and no run.
      restartWorker: () => {
        this.workbench.restart();
        session.trainingStarted();
      },
      ...(options.watchdog ? { watchdog: options.watchdog } : {}),
      // A run that kept a model becomes a registry model, is selected, and is what the worker holds.
      onFinished: async (run) => {
        const entry = await recorder.trained(run, run.resumed ? this.resumeSource : null);
        // A run kept after a lost backend is what a resume goes on from.
        this.resumeSource = run.result.end === 'backend-lost' ? entry.id : null;
        session.holds(entry.id);
        registry.select(entry.id);
        return entry.id;
      },
    });
    this.serve = new ServeLab({ registry, dataset: () => this.datasets.load(), backends: () => store.state.backends });
    this.data = new DataLab(this.datasets);
    this.ledger = new LedgerLab({
      registry,
      backends: () => store.state.backends,
      serveResults: () => this.serve.store.state.results,
      scaleRecords: (ids) => this.serve.scaleRecords(ids),
      extraRecords: () => ({ ...this.spend.records(), ...this.drift.reportRecords() }),
      onImported: (report) => {
        this.spend.importReport(report);
        this.drift.importReport(report);
      },
    });
    this.spend = new SpendLab({
      registry,
      rows: () => this.ledger.rows(),
      queriesPerDay: () => this.ledger.store.state.settings.queriesPerDay,
      dataset: () => this.datasets.load(),
      // Another seed of a recipe is a Train-view run with those settings; the form gets its own back after.
      trainRecipe: async (settings) => {
        const before = store.state.settings;
        this.training.updateSettings(settings);
        try {
          return (await this.training.train()).phase === 'finished' ? registry.state.selectedId : null;
        } finally {
          this.training.updateSettings(before);
        }
      },
      // A student's other seeds come from the levers controller (its own distillation settings).
      distill: async (teacherId) => (await this.levers.distill(teacherId))?.studentId ?? null,
      serveModel: async (modelId, backend) => {
        registry.select(modelId);
        this.serve.updateSettings({ backend });
        await this.serve.run({ batchSizes: [] });
      },
      storage: options.storage === null ? null : localTextStorage(TTA_STORAGE_KEY),
    });
    this.drift = new DriftLab({
      registry,
      port,
      dataset: () => this.datasets.load(),
      settings: () => store.state.settings,
      training,
      spawnServer: () => ServeClient.spawn({ name: 'drift-server' }),
      spawnDrawer: spawnDriftDrawer,
      yieldNow: nextTask,
    });
    this.levers = new LeversLab({ registry, session, port, dataset: () => this.datasets.load(), settings: () => store.state.settings, training });
    this.models = new ModelsLab({
      registry,
      port,
      recorder,
      dataset: () => this.datasets.load(),
      settings: () => store.state.settings,
      openView: (view) => store.set({ view }),
      training,
      estimate: storageEstimate,
    });
  }

  /** The kept model a resume after a lost backend trains on. */
  private resumeSource: string | null = null;

  // The entry points the views, the shortcuts and the headless bench share.

  get dataset(): LabelledDataset | null {
    return this.datasets.dataset;
  }

  loadDataset(): Promise<LabelledDataset> {
    return this.datasets.load();
  }

  get busy(): boolean {
    return this.training.busy;
  }

  train(): Promise<TrainingState> {
    // A Levers job holds the worker: say why here rather than let the worker refuse mid-start.
    const held = this.levers.holdReason();
    if (held) return Promise.reject(new Error(held));
    return this.training.train();
  }

  resumeOn(backend: BackendName): Promise<TrainingState> {
    return this.training.resumeOn(backend);
  }

  updateSettings(raw: Partial<Record<keyof TrainSettings, unknown>>): void {
    this.training.updateSettings(raw);
  }

  pause(): void {
    this.training.pause();
  }

  resume(): void {
    this.training.resume();
  }

  stop(): void {
    this.training.stop();
  }

  async probeBackends(): Promise<void> {
    this.store.set({ backends: await this.port.probe() });
  }

  /** Brings back the stored registry (models, measurements, the last selection) and an interrupted run; call once at start. */
  async startStorage(): Promise<void> {
    await this.registry.restore();
    await this.training.loadInterrupted();
    await this.models.refreshEstimate();
  }

  /** Fault drill and tests: loses the training worker's WebGL context mid-run. */
  loseTrainingContext(): Promise<boolean> {
    return this.port.loseWebGLContext();
  }

  /** Fault drill and tests: destroys the training worker's WebGPU device mid-run. */
  loseTrainingDevice(): Promise<boolean> {
    return this.port.loseWebGPUDevice();
  }

  measureInference(batchSize: number) {
    return this.port.measureInference(batchSize);
  }

  /** The bench: one training batch of the held model profiled by kernel family, in the training worker. */
  profileTrainingBatch(batchSize: number) {
    return this.port.inside.trainingBreakdown(batchSize);
  }

  workerMemory() {
    return this.port.memory();
  }
}
