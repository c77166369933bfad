/**
 * Class labels for the SVM. The solvers take labels y_j ∈ {−1, +1} only (the lecture's convention,
 * Cortes & Vapnik 1995); a {0, 1} encoding is converted only when asked for, never guessed.
 */
import { ArgumentError } from "../errors";

/** The encodings `toSignedLabels` understands: "pm1" is {−1, +1} (checked, copied), "01" maps 0 → −1, 1 → +1. */
export type LabelEncoding = "pm1" | "01";

/**
 * Labels as a Float64Array of −1 and +1.
 *
 * - `encoding = "pm1"` (default): every label must be −1 or +1.
 * - `encoding = "01"`: every label must be 0 or 1; 0 becomes −1 and 1 becomes +1.
 *
 * Errors: an empty array, or any label outside the stated encoding (NaN included), names the first offending index.
 */
export function toSignedLabels(labels: ArrayLike<number>, encoding: LabelEncoding = "pm1"): Float64Array {
  const fn = "toSignedLabels";
  if (encoding !== "pm1" && encoding !== "01") {
    throw new ArgumentError("encoding", fn, `must be "pm1" or "01", got ${JSON.stringify(encoding)}`);
  }
  if (labels === null || labels === undefined || typeof labels.length !== "number") {
    throw new ArgumentError("labels", fn, "must be an array of numbers");
  }
  if (labels.length === 0) throw new ArgumentError("labels", fn, "must not be empty");
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (encoding === "pm1") {
      if (v !== -1 && v !== 1) throw new ArgumentError("labels", fn, `must contain only -1 and +1 (encoding "pm1"), got ${v} at index ${i}`);
      out[i] = v;
    } else {
      if (v !== 0 && v !== 1) throw new ArgumentError("labels", fn, `must contain only 0 and 1 (encoding "01"), got ${v} at index ${i}`);
      out[i] = v === 1 ? 1 : -1;
    }
  }
  return out;
}
