/**
 * Choosing C by stratified k-fold cross-validation on the training set only (the test set is never
 * seen): for each C, SMO (`solveSvmDual`, with `options`: kernel, tolerance) is trained on k − 1
 * folds and its accuracy measured on the held-out fold; the score of C is the mean over the k folds
 * (`stratifiedFolds`, seeded, the same folds for every C). The chosen C is the best mean accuracy,
 * ties going to the smallest C (the widest margin). Returns every C's fold accuracies and mean.
 * Errors: an empty list of C or a C ≤ 0, and the errors of `stratifiedFolds`.
 */
import { ArgumentError } from "../errors";
import type { Seed } from "../random";
import { stratifiedFolds } from "../data/stratified-folds";
import type { LabelledPoints } from "../data/two-gaussians";
import { assertSvmC } from "./problem";
import { solveSvmDual, type SmoOptions } from "./smo";
import { predictSvm } from "./decision";

export interface CrossValidatedC {
  /** The chosen C. */
  C: number;
  /** Per C (in the given order): the accuracy on each fold and their mean. */
  scores: { C: number; foldAccuracies: number[]; meanAccuracy: number }[];
  folds: number;
}

export function chooseSvmCByCrossValidation(train: LabelledPoints, Cs: number[], folds: number, seed: Seed,
                                            options: Omit<SmoOptions, "warmStart"> = {}): CrossValidatedC {
  const fn = "chooseSvmCByCrossValidation";
  if (!Array.isArray(Cs) || Cs.length === 0) throw new ArgumentError("Cs", fn, "must be a non-empty array of C > 0");
  Cs.forEach((C) => assertSvmC(C, fn));
  const parts = stratifiedFolds(train, folds, seed);
  const scores = Cs.map((C) => {
    const foldAccuracies = parts.map(({ train: t, test: v }) => {
      const predicted = predictSvm(solveSvmDual(t.x, t.y, C, options), v.x);
      return predicted.filter((p, i) => p === v.y[i]).length / v.y.length;
    });
    return { C, foldAccuracies, meanAccuracy: foldAccuracies.reduce((s, a) => s + a, 0) / folds };
  });
  const best = scores.reduce((a, b) => (b.meanAccuracy > a.meanAccuracy || (b.meanAccuracy === a.meanAccuracy && b.C < a.C) ? b : a));
  return { C: best.C, scores, folds };
}
