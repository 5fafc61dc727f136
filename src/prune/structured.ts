// Structured (filter) pruning after Li et al. 2017: rank each conv layer's filters by L1 norm,
// drop the lowest fraction, and build a physically smaller model with the kept weights copied in.
import * as tf from '@tensorflow/tfjs';
import { planFilterPruning, type FilterNorms, type FilterPlan } from './plan.ts';
import { sliceWeights, type LayerWeights } from './slice-weights.ts';

export { droppedFilterCount, planFilterPruning, type FilterNorms, type FilterPlan } from './plan.ts';

type Layer = tf.LayersModel['layers'][number];

const isConv = (l: Layer): boolean => l.getClassName() === 'Conv2D';

function convKernel(layer: Layer): tf.Tensor {
  if (layer.getConfig()['dataFormat'] === 'channelsFirst') {
    throw new Error(`Layer '${layer.name}' is channelsFirst; filter pruning here handles channelsLast only.`);
  }
  const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
  if (!kernel) throw new Error(`Layer '${layer.name}' has no kernel.`);
  return kernel.read();
}

/** Per conv layer (in order), sum |W[:, :, :, f]| for each filter f. */
export async function filterL1Norms(model: tf.LayersModel): Promise<FilterNorms[]> {
  const out: FilterNorms[] = [];
  for (const layer of model.layers.filter(isConv)) {
    const normsT = tf.tidy(() => tf.sum(tf.abs(convKernel(layer)), [0, 1, 2]));
    try {
      out.push({ layer: layer.name, norms: Array.from(await normsT.data()) });
    } finally {
      normsT.dispose();
    }
  }
  return out;
}

/**
 * The masked form of a plan: zeroes the dropped filters' kernels and biases in the live model.
 * A zeroed filter outputs relu(0) = 0, so the model computes what the smaller one will.
 */
export function zeroFilters(model: tf.LayersModel, plan: readonly FilterPlan[]): void {
  tf.tidy(() => {
    for (const { layer: name, filters, kept } of plan) {
      const keep = new Float32Array(filters);
      for (const f of kept) keep[f] = 1;
      const mask = tf.tensor1d(keep);
      // Every weight of a conv layer (kernel [kh, kw, cin, cout], bias [cout]) ends in the filter axis.
      for (const w of model.getLayer(name).weights) w.write(tf.add(tf.mul(w.read(), mask), 0)); // + 0: no -0
    }
  });
}

/** The model's layer weights as plain arrays, in layer order. */
async function readWeights(model: tf.LayersModel): Promise<LayerWeights[]> {
  return Promise.all(
    model.layers.map(async (layer) => {
      const input = layer.input;
      if (Array.isArray(input)) throw new Error(`Layer '${layer.name}' has several inputs; filter pruning handles chains of layers.`);
      const weights = await Promise.all(
        layer.weights.map(async (w) => ({ name: w.originalName, shape: w.shape as number[], values: (await w.read().data()) as Float32Array })),
      );
      return { name: layer.name, className: layer.getClassName(), inputShape: input.shape, weights };
    }),
  );
}

/** Keras topology with each planned conv layer's `filters` reduced to what it keeps. */
function shrunkTopology(model: tf.LayersModel, plan: readonly FilterPlan[]): tf.io.ModelArtifacts['modelTopology'] {
  // A deep copy through JSON: the topology is plain JSON by construction.
  const topology = JSON.parse(JSON.stringify(model.toJSON(null, false))) as { config: { layers: { config: Record<string, unknown> }[] } };
  for (const { layer, kept } of plan) {
    const entry = topology.config.layers.find((l) => l.config['name'] === layer);
    if (!entry) throw new Error(`Layer '${layer}' is not in the model's topology.`);
    entry.config['filters'] = kept.length;
  }
  return topology as unknown as tf.io.ModelArtifacts['modelTopology'];
}

/**
 * Builds the physically smaller model of a plan: the same layers with fewer filters, the kept
 * filters' weights copied in, the next layer's input channels (or dense rows) sliced to match.
 * Returns the model (caller disposes it) and its artifacts (the same bytes it was loaded from).
 */
export async function buildPrunedModel(model: tf.LayersModel, plan: readonly FilterPlan[]): Promise<{ model: tf.LayersModel; artifacts: tf.io.ModelArtifacts }> {
  const sliced = sliceWeights(await readWeights(model), plan);
  const total = sliced.reduce((s, w) => s + w.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const w of sliced) {
    data.set(w.values, offset);
    offset += w.values.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: shrunkTopology(model, plan),
    format: 'layers-model',
    generatedBy: 'train-serve-lab structured pruning',
    convertedBy: null,
    weightSpecs: sliced.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })),
    weightData: data.buffer,
  };
  const small = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model: small, artifacts };
}

/** Ranks, plans and builds in one call. */
export async function pruneFilters(
  model: tf.LayersModel,
  fraction: number,
  layers?: readonly string[],
): Promise<{ model: tf.LayersModel; artifacts: tf.io.ModelArtifacts; plan: FilterPlan[] }> {
  const plan = planFilterPruning(await filterL1Norms(model), fraction, layers);
  return { ...(await buildPrunedModel(model, plan)), plan };
}
