/**
 * Stratified k-fold cross-validation of the soft-margin SVM over a list of C (Stone 1974; Hastie, Tibshirani &
 * Friedman 2009, §7.10). The points are split by `stratifiedFolds` (seeded; a number seed gives the same folds
 * to every call, so two kernels compared with one seed see the same folds); on each fold, SMO (`solveSvmDual`,
 * with `options`: kernel, tolerance) is trained on the other k − 1 folds for every C, from α = 0 (a warm start
 * along the Cs was measured slower on iris, and a point on the decision line within round-off, which iris's
 * 0.1-cm grid produces, would then be classified by the path taken), and its accuracy measured on the held-out
 * fold ("test") and on the folds it was trained on ("train").
 *
 *   crossValidateSvm(data, Cs, k, seed)            per C: the k test and train accuracies, each with its mean
 *                                                  ± standard error over the folds (sd/√k, sd with k − 1)
 *   chooseSvmCByCrossValidation(train, Cs, k, seed)  the C of the best mean test accuracy, ties going to the
 *                                                  smallest C (the widest margin); the test set is never seen
 *   svmAccuracy(solution, data)                    the fraction of data's points sign f(e_j) classifies right
 *
 * The SE over folds treats the k fold accuracies as independent; they are not (the training sets overlap),
 * and no unbiased estimator of the variance of k-fold CV exists (Bengio & Grandvalet 2004): read it as the
 * scale of the fold-to-fold spread, not as an exact confidence interval.
 *
 * Errors: an empty list of C or a C ≤ 0 (ArgumentError naming `Cs` or `C`), and the errors of
 * `stratifiedFolds` (k not an integer ≥ 2, a class smaller than k) and of the solver.
 */
import { ArgumentError } from "../errors";
import type { Seed } from "../random";
import { meanAndStandardError, type MeanWithError } from "../math/statistics";
import { stratifiedFolds } from "../data/stratified-folds";
import type { LabelledPoints } from "../data/two-gaussians";
import { assertSvmC } from "./problem";
import { solveSvmDual, type SmoOptions } from "./smo";
import { predictSvm } from "./decision";
import type { SvmSolution } from "./solution";

export interface CrossValidationScore {
  C: number;
  /** Accuracy on each held-out fold, fold order. */
  foldAccuracies: number[];
  /** Accuracy on the training part of each fold. */
  trainAccuracies: number[];
  /** Mean of `foldAccuracies`. */
  meanAccuracy: number;
  test: MeanWithError;
  train: MeanWithError;
}

export interface CrossValidation {
  folds: number;
  /** Per C, in the given order. */
  scores: CrossValidationScore[];
}

export interface CrossValidatedC extends CrossValidation {
  /** The chosen C. */
  C: number;
}

export function svmAccuracy(solution: SvmSolution, data: LabelledPoints): number {
  const predicted = predictSvm(solution, data.x);
  return predicted.filter((p, i) => p === data.y[i]).length / data.y.length;
}

export function crossValidateSvm(data: LabelledPoints, Cs: readonly number[], folds: number, seed: Seed,
                                 options: Omit<SmoOptions, "warmStart"> = {}): CrossValidation {
  return crossValidate(data, Cs, folds, seed, options, "crossValidateSvm");
}

/** `crossValidateSvm`, its errors naming `fn` (the function the caller called). */
function crossValidate(data: LabelledPoints, Cs: readonly number[], folds: number, seed: Seed,
                       options: Omit<SmoOptions, "warmStart">, fn: string): CrossValidation {
  if (!Array.isArray(Cs) || Cs.length === 0) throw new ArgumentError("Cs", fn, "must be a non-empty array of C > 0");
  Cs.forEach((C) => assertSvmC(C, fn));
  const parts = stratifiedFolds(data, folds, seed);
  // accuracies[c][f]: C index c, fold f
  const test = Cs.map(() => new Array<number>(folds));
  const train = Cs.map(() => new Array<number>(folds));
  parts.forEach(({ train: t, test: v }, f) => {
    Cs.forEach((C, c) => {
      const s = solveSvmDual(t.x, t.y, C, options);
      test[c][f] = svmAccuracy(s, v);
      train[c][f] = svmAccuracy(s, t);
    });
  });
  const scores = Cs.map((C, c) => {
    const testStats = meanAndStandardError(test[c]);
    return { C, foldAccuracies: test[c], trainAccuracies: train[c], meanAccuracy: testStats.mean,
             test: testStats, train: meanAndStandardError(train[c]) };
  });
  return { folds, scores };
}

export function chooseSvmCByCrossValidation(train: LabelledPoints, Cs: number[], folds: number, seed: Seed,
                                            options: Omit<SmoOptions, "warmStart"> = {}): CrossValidatedC {
  const cv = crossValidate(train, Cs, folds, seed, options, "chooseSvmCByCrossValidation");
  const best = cv.scores.reduce((a, b) => (b.meanAccuracy > a.meanAccuracy || (b.meanAccuracy === a.meanAccuracy && b.C < a.C) ? b : a));
  return { ...cv, C: best.C };
}
