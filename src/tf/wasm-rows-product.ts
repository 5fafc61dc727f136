// Running the SIMD rows product (wasm-simd-rows-product.ts) on the wasm backend's tensors: the
// table of row addresses, the zeroed sum, and a last partial tile of 4 rows.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeInfos } from './wasm-kernel-utils.ts';
import type { RowsProductSimd } from './wasm-simd-rows-product.ts';

/** Right-operand rows per block: 8 columns of 256 rows (8 KB) stay in the first-level cache across the row tiles. */
const BLOCK_ROWS = 256;

/** Where the operands lie, read after every allocation (growing the heap detaches older views). */
export interface RowsProductOperands {
  /** Byte address of A's row r (`length` floats from there). */
  rowAddress(r: number): number;
  /** Byte address of the right operand, [length x n] float32, row-major. */
  rightAddress: number;
}

/**
 * A fresh float32 tensor of `shape` (rows x n values) holding A x right, by the SIMD module. Rows
 * go 4 at a time; a last partial tile repeats row 0 and those extra rows are dropped. `operands`
 * runs once everything is allocated and may fill the operands first.
 */
export function rowsProductTensor(
  backend: BackendWasm, simd: RowsProductSimd, shape: number[], rows: number, n: number, length: number,
  operands: () => RowsProductOperands,
): tf.TensorInfo {
  const paddedRows = Math.ceil(rows / 4) * 4;
  const out = backend.makeOutput(shape, 'float32');
  const table = backend.makeOutput([paddedRows], 'int32');
  const extra = paddedRows > rows ? backend.makeOutput([paddedRows * n], 'float32') : null;
  try {
    const { rowAddress, rightAddress } = operands();
    const addresses = backend.typedArrayFromHeap(table) as Int32Array;
    for (let r = 0; r < rows; r++) addresses[r] = rowAddress(r);
    addresses.fill(rowAddress(0), rows);
    const sum = backend.typedArrayFromHeap(extra ?? out) as Float32Array;
    sum.fill(0);
    simd(addresses.byteOffset, paddedRows, rightAddress, n * 4, length, sum.byteOffset, BLOCK_ROWS);
    if (extra) (backend.typedArrayFromHeap(out) as Float32Array).set(sum.subarray(0, rows * n));
    return out;
  } catch (e) {
    disposeInfos(backend, [out]);
    throw e;
  } finally {
    disposeInfos(backend, extra ? [table, extra] : [table]);
  }
}
