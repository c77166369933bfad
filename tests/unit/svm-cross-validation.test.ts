/**
 * crossValidateSvm (per C: test and train accuracy on each fold, mean ± SE) and nestedCrossValidateSvm
 * (C chosen inside each outer training part), recomputed here from stratifiedFolds, solveSvmDual and
 * predictSvm; and trainLibsvmLinear against libsvm-js called by hand.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import {
  chooseSvmCByCrossValidation, crossValidateSvm, irisTwoClass, linearKernel, meanAndStandardError,
  nestedCrossValidateSvm, predictSvm, rbfKernel, Random, readLibsvmModel, solveSvmDual, stratifiedFolds,
  svmAccuracy, trainLibsvmLinear, twoGaussians, type LabelledPoints,
} from "elbolab";
import { assertArgumentError } from "./setup";

const iris = irisTwoClass();
const Cs = [0.01, 1, 100];
const accuracy = (C: number, train: LabelledPoints, test: LabelledPoints, kernel = linearKernel) => {
  const p = predictSvm(solveSvmDual(train.x, train.y, C, { kernel }), test.x);
  return p.filter((v, i) => v === test.y[i]).length / test.y.length;
};

describe("crossValidateSvm", () => {
  it("test and train accuracy on each fold, their mean and SE over the folds", () => {
    for (const kernel of [linearKernel, rbfKernel(0.5)]) {
      const cv = crossValidateSvm(iris, Cs, 5, 2, { kernel });
      const folds = stratifiedFolds(iris, 5, 2);
      cv.scores.forEach((s, c) => {
        assert.deepEqual(s.foldAccuracies, folds.map((f) => accuracy(Cs[c], f.train, f.test, kernel)));
        assert.deepEqual(s.trainAccuracies, folds.map((f) => accuracy(Cs[c], f.train, f.train, kernel)));
        assert.deepEqual(s.test, meanAndStandardError(s.foldAccuracies));
        assert.deepEqual(s.train, meanAndStandardError(s.trainAccuracies));
        assert.equal(s.meanAccuracy, s.test.mean);
      });
    }
  });

  it("svmAccuracy is the fraction sign f classifies right", () => {
    const d = twoGaussians(40, 3);
    const s = solveSvmDual(d.x, d.y, 1);
    assert.equal(svmAccuracy(s, d), accuracy(1, d, d));
  });

  it("bad input names the argument and the function", () => {
    assertArgumentError(() => crossValidateSvm(iris, [], 5, 1), "Cs", "crossValidateSvm");
    assertArgumentError(() => crossValidateSvm(iris, [1, 0], 5, 1), "C", "crossValidateSvm");
    assertArgumentError(() => crossValidateSvm(iris, [1], 1, 1), "k", "stratifiedFolds");
    assertArgumentError(() => chooseSvmCByCrossValidation(iris, [], 5, 1), "Cs", "chooseSvmCByCrossValidation");
  });
});

describe("nestedCrossValidateSvm", () => {
  it("chooses C inside each outer training part and tests it on the outer fold once", () => {
    const nested = nestedCrossValidateSvm(iris, Cs, { outer: 4, inner: 3, seed: 9 });
    const rng = new Random(9);
    const outer = stratifiedFolds(iris, 4, rng);
    let correct = 0;
    outer.forEach((f, i) => {
      const { C } = chooseSvmCByCrossValidation(f.train, Cs, 3, rng);
      assert.equal(nested.folds[i].C, C);
      const acc = accuracy(C, f.train, f.test);
      assert.equal(nested.folds[i].accuracy, acc);
      correct += Math.round(acc * f.test.y.length);
    });
    assert.equal(nested.correct, correct);
    assert.equal(nested.n, iris.y.length);
    assert.equal(nested.accuracy, correct / iris.y.length);
    assert.equal(nested.folds.reduce((s, f) => s + f.n, 0), iris.y.length, "every point tested once");
  });

  it("bad input", () => {
    assertArgumentError(() => nestedCrossValidateSvm(iris, Cs, { outer: 1, inner: 3, seed: 1 }), "options.outer", "nestedCrossValidateSvm");
    assertArgumentError(() => nestedCrossValidateSvm(iris, Cs, { outer: 3, inner: 1.5, seed: 1 }), "options.inner", "nestedCrossValidateSvm");
    assertArgumentError(() => nestedCrossValidateSvm(iris, [], { outer: 3, inner: 3, seed: 1 }), "Cs", "chooseSvmCByCrossValidation");
  });
});

describe("trainLibsvmLinear", () => {
  const require = createRequire(__filename);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const SVM: any = require("libsvm-js/asm");
  const { x, y } = twoGaussians(50, 4);

  it("reads the same model as libsvm-js trained by hand", () => {
    const svm = new SVM({ kernel: SVM.KERNEL_TYPES.LINEAR, type: SVM.SVM_TYPES.C_SVC, cost: 1, tolerance: 1e-10, shrinking: false, quiet: true });
    svm.train(x, y);
    const byHand = readLibsvmModel(svm.serializeModel(), svm.getSVIndices(), x, y, 1, linearKernel);
    svm.free();
    assert.deepEqual(trainLibsvmLinear(SVM, x, y, 1), byHand);
  });

  it("checks C and the data before LIBSVM sees them", () => {
    assertArgumentError(() => trainLibsvmLinear(SVM, x, y, 0), "C", "trainLibsvmLinear");
    assertArgumentError(() => trainLibsvmLinear(SVM, x, y.map((v) => (v > 0 ? 1 : 0)), 1), "y", "trainLibsvmLinear");
  });
});
