// The Drift view's state: the scenario and policies chosen, the stream's progress, the sample grid
// per day, and the comparison (the newest lifecycle record). Plain data.
import { DEFAULT_ENERGY, type EnergyAssumption } from '../drift/cost.ts';
import { DEFAULT_POLICIES, type PolicySpec } from '../drift/policy.ts';
import { DEFAULT_OWN_PLACEMENT, type OwnDayPlacement, type OwnDaySource } from '../drift/own-day.ts';
import type { LifecycleRecord } from '../drift/records.ts';
import { DEFAULT_SCENARIO, type DriftScenario } from '../drift/schedule.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { BackendName } from '../tf/backend-names.ts';

export interface DaySamples {
  day: number;
  /** What changed that day ("lighting 1.00, noise 0.60"). */
  description: string;
  images: ImageSet;
  /** Wall ms the drawing worker took for the whole day. */
  drawMs: number;
  /** Images drawn that day. */
  count: number;
  /** Set when the day serves the person's own images: class names of `images.labels`, or null for webcam frames (no labels). */
  own?: { classNames: string[] | null };
}

export interface DriftProgress {
  /** Index of the policy running, of `policies`. */
  policy: number;
  policies: number;
  /** Days served so far of `days`. */
  day: number;
  days: number;
  what: string;
}

export interface DriftState {
  scenarioName: string;
  scenario: DriftScenario;
  policies: PolicySpec[];
  servingBackend: BackendName;
  /** Epochs of a fine-tune retraining (from scratch repeats the base model's recipe). */
  fineTuneEpochs: number;
  /** The comparison's traffic (queries per day) and accuracy floor (0-1). */
  trafficPerDay: number;
  floorAcc: number;
  /** The floor is judged from this day on: on the day a shift arrives no policy can have seen it yet. */
  floorFromDay: number;
  energy: EnergyAssumption;
  configError: string | null;
  progress: DriftProgress | null;
  samples: DaySamples[];
  /** The model the newest stream started from. */
  baseModelId: string | null;
  result: LifecycleRecord | null;
  /** Lifecycle records read from reports. */
  importedCount: number;
  /** The person's own images as a later day (a folder or webcam frames), or null: every day drawn. */
  own: OwnDaySource | null;
  /** Where the own day goes in the stream (kept before any images are read). */
  ownPlacement: OwnDayPlacement;
  /** What is being read in for the own day ("decoding 16 of 40"), null when idle. */
  ownLoading: string | null;
  /** The last own-day outcome: loaded (with what was left out) or refused (and nothing changed). */
  ownMessage: { kind: 'info' | 'warn' | 'error'; text: string } | null;
}

/** Fine-tune epochs by default: 300 night-time labels, 200 replayed images and 8 epochs brought held-out night accuracy from 55% to 91% here. */
export const DEFAULT_FINE_TUNE_EPOCHS = 8;

export function initialDriftState(): DriftState {
  return {
    scenarioName: 'covariate',
    scenario: { ...DEFAULT_SCENARIO, shifts: DEFAULT_SCENARIO.shifts.map((s) => ({ ...s })) },
    policies: DEFAULT_POLICIES.map((p) => ({ ...p })),
    servingBackend: 'wasm',
    fineTuneEpochs: DEFAULT_FINE_TUNE_EPOCHS,
    trafficPerDay: 10_000,
    floorAcc: 0.85,
    floorFromDay: 2,
    energy: { ...DEFAULT_ENERGY },
    configError: null,
    progress: null,
    samples: [],
    baseModelId: null,
    result: null,
    importedCount: 0,
    own: null,
    ownPlacement: { ...DEFAULT_OWN_PLACEMENT },
    ownLoading: null,
    ownMessage: null,
  };
}
