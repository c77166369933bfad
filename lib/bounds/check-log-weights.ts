/**
 * Up-front checks shared by the bound estimators: a tensor, a valid k axis with at least `minK`
 * samples, and (when `scanValues`, the default) no NaN: a NaN is an error naming the argument, never a
 * silent NaN result; -Infinity, a zero weight, is allowed. Scanning reads the values back
 * synchronously, so estimators used inside gradient loops (iwaeBound) pass scanValues = false.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, normaliseAxis } from "../errors";

export function checkLogWeightsArgument(t: unknown, name: string, axis: number, fn: string, minK = 1, scanValues = true): number {
  if (!(t instanceof tf.Tensor)) throw new ArgumentError(name, fn, "must be a tf.Tensor");
  const ax = normaliseAxis(axis, t.rank, "axis", fn);
  if (t.shape[ax] < minK) throw new ArgumentError(name, fn, `must hold k >= ${minK} samples along axis ${axis}, got ${t.shape[ax]}`);
  if (!scanValues) return ax;
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) throw new ArgumentError(name, fn, `must not contain NaN, found at flat index ${i}`);
  }
  return ax;
}
