// The in-memory form of a labelled image set: plain bytes, no tensors, so it can cross to a
// worker (transferable) and be sliced into batches by whoever owns the tensors.

export interface ImageSet {
  /** RGB pixels, count * height * width * 3 bytes, NHWC row-major. */
  pixels: Uint8Array;
  /** Class index per image. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  /** Where each image came from (file name or dataset id), for the misclassified-images grid. */
  ids: string[];
}

export interface LabelledDataset {
  /** Dataset name shown in the UI and written in the report. */
  name: string;
  classNames: string[];
  train: ImageSet;
  val: ImageSet;
  test: ImageSet;
}

export function emptyImageSet(height: number, width: number): ImageSet {
  return { pixels: new Uint8Array(0), labels: new Uint8Array(0), count: 0, height, width, ids: [] };
}

/** The first `n` images of a set (views, no copy). */
export function headOf(set: ImageSet, n: number): ImageSet {
  const count = Math.min(n, set.count);
  const stride = set.height * set.width * 3;
  return {
    ...set,
    count,
    pixels: set.pixels.subarray(0, count * stride),
    labels: set.labels.subarray(0, count),
    ids: set.ids.slice(0, count),
  };
}
