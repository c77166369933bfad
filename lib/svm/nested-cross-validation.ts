/**
 * Nested cross-validation of the soft-margin SVM with C chosen inside (Varma & Simon 2006; Cawley & Talbot 2010:
 * choosing C on the folds that are then reported biases the accuracy upwards). The points are split into
 * `outer` stratified folds; for each, C is chosen by `chooseSvmCByCrossValidation` with `inner` folds of the
 * outer training part only, SMO is trained on that whole part at the chosen C and tested on the held-out outer
 * fold. Every point is tested exactly once, so the pooled accuracy is correct / n over all n points, an honest
 * estimate of "choose C by CV, then train" on data of this size.
 *
 * One `Random` made from `seed` deals the outer folds and then, in order, each inner split (a number seed gives
 * the same result every call). Errors: those of `chooseSvmCByCrossValidation` and `stratifiedFolds` (naming
 * `Cs`, `C` or `k`), `outer` / `inner` not integers ≥ 2 (ArgumentError naming them).
 */
import { assertInteger } from "../errors";
import { toRandom, type Seed } from "../random";
import { stratifiedFolds } from "../data/stratified-folds";
import type { LabelledPoints } from "../data/two-gaussians";
import { chooseSvmCByCrossValidation, svmAccuracy } from "./cross-validation";
import { solveSvmDual, type SmoOptions } from "./smo";

export interface NestedCrossValidation {
  /** Correct predictions over all points / n. */
  accuracy: number;
  correct: number;
  n: number;
  /** Per outer fold: the C chosen inside it, its held-out accuracy and size. */
  folds: { C: number; accuracy: number; n: number }[];
}

export function nestedCrossValidateSvm(data: LabelledPoints, Cs: number[],
  options: { outer: number; inner: number; seed: Seed; smo?: Omit<SmoOptions, "warmStart"> }): NestedCrossValidation {
  const fn = "nestedCrossValidateSvm";
  assertInteger(options?.outer, "options.outer", fn, 2);
  assertInteger(options.inner, "options.inner", fn, 2);
  const rng = toRandom(options.seed, fn);
  const folds = stratifiedFolds(data, options.outer, rng).map(({ train, test }) => {
    const { C } = chooseSvmCByCrossValidation(train, Cs, options.inner, rng, options.smo);
    const solution = solveSvmDual(train.x, train.y, C, options.smo);
    return { C, accuracy: svmAccuracy(solution, test), n: test.y.length };
  });
  const correct = Math.round(folds.reduce((s, f) => s + f.accuracy * f.n, 0));
  const n = data.y.length;
  return { accuracy: correct / n, correct, n, folds };
}
