/** Every bad input to the SVM solvers is an error naming the argument and the function; labels convert only on request. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  chooseSvmCByCrossValidation, irisTwoClass, predictSvm, rbfKernel, solveSvmDual, stratifiedFolds, solveSvmPrimal, solveSvmPrimalNorm, stratifiedSplit, toSignedLabels, twoGaussians,
} from "elbolab";
import { assertArgumentError } from "./setup";

const X = [[0, 0], [1, 1], [2, 0], [3, 1]];
const Y = [-1, -1, 1, 1];
const solvers = [
  ["solveSvmPrimal", (x: number[][], y: number[], C: number) => solveSvmPrimal(x, y, C)],
  ["solveSvmPrimalNorm", (x: number[][], y: number[], C: number) => solveSvmPrimalNorm(x, y, C)],
  ["solveSvmDual", (x: number[][], y: number[], C: number) => solveSvmDual(x, y, C)],
] as const;

describe("SVM solvers reject bad input", () => {
  for (const [name, solve] of solvers) {
    it(`${name}: C ≤ 0, non-finite C`, () => {
      for (const C of [0, -1, NaN, Infinity]) assertArgumentError(() => solve(X, Y, C), "C", name);
    });
    it(`${name}: one class only`, () => {
      assertArgumentError(() => solve(X, [1, 1, 1, 1], 1), "y", name);
      assertArgumentError(() => solve(X, [-1, -1, -1, -1], 1), "y", name);
    });
    it(`${name}: empty data, empty points`, () => {
      assertArgumentError(() => solve([], [], 1), "x", name);
      assertArgumentError(() => solve([[], []], [1, -1], 1), "x[0]", name);
    });
    it(`${name}: NaN and infinite coordinates`, () => {
      assertArgumentError(() => solve([[0, 0], [1, NaN], [2, 0], [3, 1]], Y, 1), "x[1]", name);
      assertArgumentError(() => solve([[0, 0], [1, 1], [Infinity, 0], [3, 1]], Y, 1), "x[2]", name);
      assertArgumentError(() => solve(X, [-1, NaN, 1, 1], 1), "y", name);
    });
    it(`${name}: mismatched shapes`, () => {
      assertArgumentError(() => solve(X, [-1, 1, 1], 1), "y", name);
      assertArgumentError(() => solve([[0, 0], [1, 1, 1], [2, 0], [3, 1]], Y, 1), "x[1]", name);
    });
    it(`${name}: 0/1 labels are not converted silently`, () => {
      assert.throws(() => solve(X, [0, 0, 1, 1], 1), /toSignedLabels\(y, "01"\)/);
      assert.doesNotThrow(() => solve(X, Array.from(toSignedLabels([0, 0, 1, 1], "01")), 1));
    });
  }
  it("solveSvmDual: bad kernel, tolerance, warm start, iteration limit", () => {
    assertArgumentError(() => solveSvmDual(X, Y, 1, { kernel: { type: "poly" } as never }), "kernel", "solveSvmDual");
    assertArgumentError(() => rbfKernel(0), "gamma", "rbfKernel");
    assertArgumentError(() => solveSvmDual(X, Y, 1, { tolerance: 0 }), "options.tolerance", "solveSvmDual");
    assertArgumentError(() => solveSvmDual(X, Y, 1, { warmStart: [0.5, 0, 0.5] }), "options.warmStart", "solveSvmDual");
    assertArgumentError(() => solveSvmDual(X, Y, 1, { warmStart: [2, 0, 2, 0] }), "options.warmStart", "solveSvmDual");
    assertArgumentError(() => solveSvmDual(X, Y, 1, { warmStart: [0.5, 0, 0, 0] }), "options.warmStart", "solveSvmDual");
    const g = twoGaussians(100, 1);
    assertArgumentError(() => solveSvmDual(g.x, g.y, 100, { maxIterations: 3 }), "options.maxIterations", "solveSvmDual");
  });
});

describe("labels", () => {
  it("toSignedLabels checks ±1 and maps 0/1 only when asked", () => {
    assert.deepEqual(Array.from(toSignedLabels([1, -1, 1])), [1, -1, 1]);
    assert.deepEqual(Array.from(toSignedLabels([0, 1, 1], "01")), [-1, 1, 1]);
    assertArgumentError(() => toSignedLabels([0, 1]), "labels", "toSignedLabels");
    assertArgumentError(() => toSignedLabels([-1, 1], "01"), "labels", "toSignedLabels");
    assertArgumentError(() => toSignedLabels([]), "labels", "toSignedLabels");
    assertArgumentError(() => toSignedLabels([1], "pm" as never), "encoding", "toSignedLabels");
  });
});

describe("data for notebook 01", () => {
  it("twoGaussians: seeded, balanced, interleaved labels, errors", () => {
    const a = twoGaussians(10, 5);
    assert.deepEqual(a, twoGaussians(10, 5));
    assert.notDeepEqual(a.x, twoGaussians(10, 6).x);
    assert.deepEqual(a.y, [-1, 1, -1, 1, -1, 1, -1, 1, -1, 1]);
    assertArgumentError(() => twoGaussians(7, 1), "n", "twoGaussians");
    assertArgumentError(() => twoGaussians(10, 1, { sd: 0 }), "options.sd", "twoGaussians");
  });
  it("irisTwoClass: 50 versicolor (−1) and 50 virginica (+1) with 4 features; stratified split", () => {
    const d = irisTwoClass();
    assert.equal(d.x.length, 100);
    assert.equal(d.y.filter((v) => v === 1).length, 50);
    assert.ok(d.x.every((r) => r.length === 4));
    const { train, test } = stratifiedSplit(d, 0.3, 2);
    assert.equal(test.y.length, 30);
    assert.equal(test.y.filter((v) => v === 1).length, 15);
    assert.equal(train.x.length, 70);
    assertArgumentError(() => irisTwoClass("versicolor", "versicolor"), "positive", "irisTwoClass");
    assertArgumentError(() => stratifiedSplit(d, 1, 0), "testFraction", "stratifiedSplit");
  });
  it("stratifiedFolds: k stratified folds whose test sets partition the data; the same seed, the same folds", () => {
    const d = irisTwoClass();
    const folds = stratifiedFolds(d, 3, 7);
    assert.equal(folds.length, 3);
    const key = (x: number[], y: number) => `${x.join(",")}|${y}`;
    const all = d.x.map((x, i) => key(x, d.y[i])).sort();
    const tests = folds.flatMap((f) => f.test.x.map((x, i) => key(x, f.test.y[i]))).sort();
    assert.deepEqual(tests, all);
    for (const f of folds) {
      assert.equal(f.train.x.length + f.test.x.length, d.x.length);
      for (const label of [-1, 1]) {
        const m = f.test.y.filter((v) => v === label).length;
        assert.ok(m === Math.floor(50 / 3) || m === Math.ceil(50 / 3), `class ${label}: ${m} in a fold`);
      }
      // train and test together are the data, each point once (iris has duplicate rows: multisets)
      const both = [...f.train.x.map((x, i) => key(x, f.train.y[i])), ...f.test.x.map((x, i) => key(x, f.test.y[i]))];
      assert.deepEqual(both.sort(), all);
    }
    assert.deepEqual(stratifiedFolds(d, 3, 7), folds);
    assert.notDeepEqual(stratifiedFolds(d, 3, 8), folds);
  });
  it("chooseSvmCByCrossValidation: each score is the mean held-out accuracy over the folds; the best C wins", () => {
    const d = irisTwoClass();
    const Cs = [0.001, 1, 100];
    const cv = chooseSvmCByCrossValidation(d, Cs, 4, 3);
    const folds = stratifiedFolds(d, 4, 3);
    cv.scores.forEach((s, j) => {
      const expected = folds.map((f) => {
        const p = predictSvm(solveSvmDual(f.train.x, f.train.y, Cs[j]), f.test.x);
        return p.filter((v, i) => v === f.test.y[i]).length / f.test.y.length;
      });
      assert.deepEqual(s.foldAccuracies, expected);
      assert.ok(Math.abs(s.meanAccuracy - expected.reduce((a, b) => a + b, 0) / 4) < 1e-15);
    });
    const top = Math.max(...cv.scores.map((s) => s.meanAccuracy));
    assert.equal(cv.C, Math.min(...cv.scores.filter((s) => s.meanAccuracy === top).map((s) => s.C)));
  });
});
