// A workbench port that survives its worker: every call goes to the current worker, and restart()
// (the watchdog's answer to a worker that stopped answering) terminates it, fails the calls in
// flight with the code 'restarted', and starts a fresh worker that is handed the dataset again.
import { WorkbenchError, type WorkbenchPort } from './protocol.ts';

export interface WorkbenchHandle {
  port: WorkbenchPort;
  /** Ends the current worker and starts a new one; calls in flight fail with code 'restarted'. */
  restart(): void;
  /** Times the worker was restarted. */
  readonly restarts: number;
}

/** Wraps `spawn` (a worker and its port); `spawn` is called once now and again on every restart. */
export function restartable(spawn: () => { port: WorkbenchPort; terminate(): void }): WorkbenchHandle {
  let current = spawn();
  let restarts = 0;
  let lastDataset: Parameters<WorkbenchPort['setDataset']>[0] | null = null;
  /** Calls in flight on the current worker: a restart fails them all. */
  const inFlight = new Set<(err: Error) => void>();
  /** A new worker gets the dataset before any other call reaches it. */
  let ready: Promise<unknown> = Promise.resolve();

  function call<T>(run: (port: WorkbenchPort) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      inFlight.add(fail);
      ready
        .then(() => run(current.port))
        .then(resolve, reject)
        .finally(() => inFlight.delete(fail));
    });
  }

  // Each method forwards to the current worker; the type keeps the list complete.
  const port: WorkbenchPort = {
    setDataset: (dataset) => {
      lastDataset = dataset;
      return call((p) => p.setDataset(dataset));
    },
    probe: () => call((p) => p.probe()),
    train: (settings, callbacks, resume) => call((p) => p.train(settings, callbacks, resume)),
    resumeCheckpoint: (checkpoint, callbacks) => call((p) => p.resumeCheckpoint(checkpoint, callbacks)),
    retrainOn: (job, callbacks) => call((p) => p.retrainOn(job, callbacks)),
    distill: (request, callbacks) => call((p) => p.distill(request, callbacks)),
    augmentSamples: (settings, count) => call((p) => p.augmentSamples(settings, count)),
    pause: () => call((p) => p.pause()),
    resume: () => call((p) => p.resume()),
    stop: () => call((p) => p.stop()),
    exportModel: () => call((p) => p.exportModel()),
    measureInference: (batchSize) => call((p) => p.measureInference(batchSize)),
    pruneSweep: (request, callbacks) => call((p) => p.pruneSweep(request, callbacks)),
    stopPrune: () => call((p) => p.stopPrune()),
    checkCurrent: () => call((p) => p.checkCurrent()),
    checkArtifacts: (artifacts, backend) => call((p) => p.checkArtifacts(artifacts, backend)),
    adoptModel: (artifacts, settings) => call((p) => p.adoptModel(artifacts, settings)),
    loseWebGLContext: () => call((p) => p.loseWebGLContext()),
    loseWebGPUDevice: () => call((p) => p.loseWebGPUDevice()),
    hang: () => call((p) => p.hang()),
    memory: () => call((p) => p.memory()),
    inside: {
      setLive: (config) => call((p) => p.inside.setLive(config)),
      activations: (pixels, size) => call((p) => p.inside.activations(pixels, size)),
      layerTable: (settings) => call((p) => p.inside.layerTable(settings)),
      profile: (batchSize) => call((p) => p.inside.profile(batchSize)),
      weights: () => call((p) => p.inside.weights()),
      trainingBreakdown: (batchSize) => call((p) => p.inside.trainingBreakdown(batchSize)),
    },
  };

  return {
    port,
    get restarts() {
      return restarts;
    },
    restart() {
      restarts++;
      current.terminate();
      const err = new WorkbenchError('restarted', 'The training worker stopped answering and was restarted.');
      for (const fail of inFlight) fail(err);
      inFlight.clear();
      current = spawn();
      const fresh = current.port;
      ready = lastDataset ? fresh.setDataset(lastDataset).catch(() => undefined) : Promise.resolve();
    },
  };
}
