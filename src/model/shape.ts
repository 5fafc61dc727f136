// The CNN's fixed shape, as plain constants with no TF.js behind the import: the model factory
// builds from it, and the page and the report name it without loading a runtime.

/** Everything about the CNN that the training settings do not set (input size, hidden units) and their defaults. */
export const DEFAULT_MODEL = {
  /** Input images are inputSize x inputSize RGB. */
  inputSize: 64,
  /** Filters in the first conv block; each further block doubles it. */
  width: 16,
  /** Conv blocks (conv 3x3 + relu + 2x2 max-pool). */
  depth: 3,
  /** Units in the hidden dense layer. */
  denseUnits: 64,
  /** Dropout before the output layer (0 disables it). */
  dropout: 0,
} as const;
