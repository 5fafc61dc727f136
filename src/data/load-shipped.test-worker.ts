// Test fixture (module worker): loads the shipped dataset and decodes a PNG inside a Web Worker,
// proving the decode path needs no DOM. Used by decode.browser.test.ts.
import { decodeImageToRgb } from './decode.ts';
import { loadShippedDataset } from './load-shipped.ts';

export interface WorkerLoadResult {
  counts: number[];
  labelSums: number[];
  progressCalls: number;
  decodedPng: number[];
  ms: number;
}

self.onmessage = async () => {
  try {
    const started = performance.now();
    let progressCalls = 0;
    const data = await loadShippedDataset({ onProgress: () => progressCalls++ });
    const canvas = new OffscreenCanvas(10, 10);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(0,128,255)';
    ctx.fillRect(0, 0, 10, 10);
    const png = await decodeImageToRgb(await canvas.convertToBlob({ type: 'image/png' }), 4);
    const sets = [data.train, data.val, data.test];
    const result: WorkerLoadResult = {
      counts: sets.map((s) => s.count),
      labelSums: sets.map((s) => s.labels.reduce((a, b) => a + b, 0)),
      progressCalls,
      decodedPng: Array.from(png.subarray(0, 3)),
      ms: performance.now() - started,
    };
    self.postMessage({ ok: true, result });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
