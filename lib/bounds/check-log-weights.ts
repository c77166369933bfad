/**
 * Up-front checks shared by the bound estimators: a tensor, a valid k axis with at least `minK`
 * samples, and (when `scanValues`, the default) no NaN: a NaN is an error naming the argument, never a
 * silent NaN result; -Infinity, a zero weight, is allowed. Scanning reads the values back
 * synchronously, so estimators that check their (smaller) result instead pass scanValues = false
 * (iwaeBound and elboFromLogWeights: a NaN among the log-weights makes the result NaN).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertTensor, normaliseAxis } from "../errors";

export function checkLogWeightsArgument(t: unknown, name: string, axis: number, fn: string, minK = 1, scanValues = true): number {
  assertTensor(t, name, fn);
  const ax = normaliseAxis(axis, t.rank, "axis", fn);
  if (t.shape[ax] < minK) throw new ArgumentError(name, fn, `must hold k >= ${minK} samples along axis ${axis}, got ${t.shape[ax]}`);
  if (!scanValues) return ax;
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) throw new ArgumentError(name, fn, `must not contain NaN, found at flat index ${i}`);
  }
  return ax;
}
