// What the lab is doing that a page reload would lose (a training run, a prune sweep, a serve
// bench, images being read), read from the controllers' stores: an app update waits for it to end.
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy } from '../state/lab-state.ts';
import type { BusyReason } from './update-gate.ts';

export interface ActivitySnapshot {
  /** A training run holds the worker (starting, running, paused or stopping). */
  training: boolean;
  pruning: boolean;
  /** A serve bench (closed loop, open loop, comparison) or "Try it" is running. */
  serving: boolean;
  /** The Data view is reading a person's images. */
  loadingImages: boolean;
}

/** The first thing running, in the words the badge ends its sentence with; null when idle. */
export function busyReason(s: ActivitySnapshot): BusyReason {
  if (s.training) return 'training';
  if (s.pruning) return 'the prune sweep';
  if (s.serving) return 'the serve bench';
  if (s.loadingImages) return 'the image import';
  return null;
}

export type LabActivitySource = Pick<Lab, 'store' | 'prune' | 'serve' | 'data'>;

export function activityOf(lab: LabActivitySource): ActivitySnapshot {
  return {
    training: isTrainingBusy(lab.store.state),
    pruning: lab.prune.busy,
    serving: lab.serve.busy,
    loadingImages: lab.data.store.state.loading !== null,
  };
}

export interface LabActivity {
  busy(): BusyReason;
  /** Calls `listener` whenever something starts or ends; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** Watches the stores whose changes can start or end an activity (each woken only by its own slice). */
export function labActivity(lab: LabActivitySource): LabActivity {
  return {
    busy: () => busyReason(activityOf(lab)),
    subscribe(listener) {
      const offs = [
        lab.store.select((s) => isTrainingBusy(s), listener),
        lab.prune.task.store.select((s) => s.status, listener),
        lab.serve.task.store.select((s) => s.status, listener),
        lab.serve.store.select((s) => s.trying, listener),
        lab.data.store.select((s) => s.loading === null, listener),
      ];
      return () => offs.forEach((off) => off());
    },
  };
}
