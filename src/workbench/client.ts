// The page's handle on the training worker: spawns it and adapts its comlink proxy to the
// WorkbenchPort of the protocol, so controllers see plain async calls (callbacks are proxied here)
// and a fake port can stand in for the worker in Node tests.
import * as Comlink from 'comlink';
import type { WorkbenchApi, WorkbenchPort } from './protocol.ts';

export function spawnWorkbench(): { port: WorkbenchPort; terminate(): void } {
  const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  // The worker marks `inside` as a proxy, so its methods are calls, not a cloned object.
  const remote = Comlink.wrap<Omit<WorkbenchApi, 'inside'> & { inside: WorkbenchApi['inside'] & Comlink.ProxyMarked }>(worker);
  const port: WorkbenchPort = {
    setDataset: (dataset) => remote.setDataset(dataset),
    probe: () => remote.probe(),
    train: (settings, callbacks, resume) => remote.train(settings, Comlink.proxy(callbacks), resume),
    resumeCheckpoint: (checkpoint, callbacks) => remote.resumeCheckpoint(checkpoint, Comlink.proxy(callbacks)),
    retrainOn: (job, callbacks) => remote.retrainOn(job, Comlink.proxy(callbacks)),
    distill: (request, callbacks) => remote.distill(request, Comlink.proxy(callbacks)),
    augmentSamples: (settings, count) => remote.augmentSamples(settings, count),
    pause: () => remote.pause(),
    resume: () => remote.resume(),
    stop: () => remote.stop(),
    exportModel: () => remote.exportModel(),
    measureInference: (batchSize) => remote.measureInference(batchSize),
    pruneSweep: (request, callbacks) => remote.pruneSweep(request, Comlink.proxy(callbacks)),
    stopPrune: () => remote.stopPrune(),
    checkCurrent: () => remote.checkCurrent(),
    // The page keeps its copy: a stored model's bytes must survive the call.
    checkArtifacts: (artifacts, backend) => remote.checkArtifacts(artifacts, backend),
    adoptModel: (artifacts, settings) => remote.adoptModel(artifacts, settings),
    loseWebGLContext: () => remote.loseWebGLContext(),
    loseWebGPUDevice: () => remote.loseWebGPUDevice(),
    hang: () => remote.hang(),
    memory: () => remote.memory(),
    inside: {
      setLive: (config) => remote.inside.setLive(config),
      activations: (pixels, size) => remote.inside.activations(pixels, size),
      layerTable: (settings) => remote.inside.layerTable(settings),
      profile: (batchSize) => remote.inside.profile(batchSize),
      weights: () => remote.inside.weights(),
      trainingBreakdown: (batchSize) => remote.inside.trainingBreakdown(batchSize),
    },
  };
  return {
    port,
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
