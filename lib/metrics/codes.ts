/** Reads an [n, d] matrix of codes (a tf.Tensor2D or rows of numbers) into float64 columns, checked finite. */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";

export type CodeMatrix = tf.Tensor | readonly (readonly number[])[];

/** columns[j][i] = code j of observation i. */
export function codeColumns(codes: CodeMatrix, argument: string, fn: string, minRows = 2): Float64Array[] {
  let rows: number, cols: number, flat: ArrayLike<number>;
  if (codes instanceof tf.Tensor) {
    if (codes.rank !== 2) throw new ArgumentError(argument, fn, `must have shape [n, d], got [${codes.shape.join(", ")}]`);
    rows = codes.shape[0]!;
    cols = codes.shape[1]!;
    flat = codes.dataSync();
  } else if (Array.isArray(codes) && codes.length > 0 && Array.isArray(codes[0])) {
    rows = codes.length;
    cols = codes[0].length;
    const f = new Float64Array(rows * cols);
    codes.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== cols) throw new ArgumentError(argument, fn, `must have rows of equal length ${cols}, row ${i} differs`);
      f.set(r, i * cols);
    });
    flat = f;
  } else {
    throw new ArgumentError(argument, fn, "must be a tf.Tensor of shape [n, d] or an array of rows");
  }
  if (rows < minRows || cols < 1) throw new ArgumentError(argument, fn, `must have at least ${minRows} rows and 1 column, got [${rows}, ${cols}]`);
  const out = Array.from({ length: cols }, () => new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = flat[i * cols + j];
      if (!Number.isFinite(v)) throw new ArgumentError(argument, fn, `must contain only finite numbers, found ${v} at row ${i}, column ${j}`);
      out[j][i] = v;
    }
  }
  return out;
}
