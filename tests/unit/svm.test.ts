/**
 * Soft-margin SVM solvers on problems whose solution is known by hand, the hinge at its kink, primal = dual,
 * and the lecture's ||w|| form against the standard ½||w||² form.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  analyzeSvm, decisionFunction, hinge, linearKernel, predictSvm, rbfKernel, Random, slacksFromDecision,
  solveSvmDual, solveSvmPrimal, solveSvmPrimalNorm, twoGaussians,
} from "elbolab";
import { assertClose } from "./setup";

// Symmetric set: two points per class mirrored in the x2 axis. By symmetry w = (a, 0), b = 0, and every point has
// functional margin a, so ½||w||² + C Σξ = ½a² + 4C max(0, 1 − a) is minimised by a = min(1, 4C), with all α_j equal
// to a/4 (from w = Σ α_j y_j e_j), and ||w|| + C Σξ = a + 4C max(0, 1 − a) by a = 0 if 4C < 1, a = 1 if 4C > 1.
const SYM_X = [[1, 1], [1, -1], [-1, 1], [-1, -1]];
const SYM_Y = [1, 1, -1, -1];

// The solvers certify ½||w − w*||² ≤ P(w, b) − P* ≤ gap (the objective is 1-strongly convex in w): tolerances below
// come from that, plus float64 round-off.
const ROUND = 1e-9;

describe("soft-margin SVM: symmetric set with w by hand", () => {
  for (const C of [0.01, 0.1, 0.2, 0.25, 0.5, 10]) {
    it(`C = ${C}: w = (min(1, 4C), 0), b = 0 for primal and dual`, () => {
      const a = Math.min(1, 4 * C);
      for (const sol of [solveSvmPrimal(SYM_X, SYM_Y, C), solveSvmDual(SYM_X, SYM_Y, C)]) {
        const an = analyzeSvm(sol);
        const tol = Math.sqrt(2 * Math.max(an.gap, 0)) + ROUND;
        assertClose(sol.w!, [a, 0], tol, 0, `${sol.solver} w`);
        assertClose(sol.b, 0, tol + ROUND, 0, `${sol.solver} b`);
        assertClose(an.primalObjective, 0.5 * a * a + 4 * C * Math.max(0, 1 - a), 1e-8, 1e-8, `${sol.solver} objective`);
        assertClose(an.marginWidth, 2 / a, (2 * tol) / (a * (a - tol)) + ROUND, 0, "margin width 2/||w||");
        // α is unique only when 4C < 1 (all at the bound C); above, w = (Σα, α₁ − α₂ − α₃ + α₄) leaves a family
        if (4 * C < 1) assertClose(sol.alpha, [C, C, C, C], 1e-9, 1e-9, `${sol.solver} alpha`);
      }
    });
  }

  it("the ||w|| form gives w = 0 below C₀ = 1/4 and the hard margin above it", () => {
    const below = solveSvmPrimalNorm(SYM_X, SYM_Y, 0.2);
    const above = solveSvmPrimalNorm(SYM_X, SYM_Y, 0.3);
    // objective of the norm form = a + 4C(1 − a) on [0, 1]: slope 1 − 4C; gapBound bounds the objective error,
    // which for slope s bounds |a − a*| ≤ gap / |s|
    assertClose(below.w!, [0, 0], below.gapBound / 0.2 + ROUND, 0, "w below C₀");
    assertClose(above.w!, [1, 0], above.gapBound / 0.2 + ROUND, 0, "w above C₀");
    // and above C₀ it is the standard solution at C' = C·||w*||
    const standard = solveSvmPrimal(SYM_X, SYM_Y, 0.3 * 1);
    assertClose(above.w!, standard.w!, 1e-6, 0, "norm form = squared form at C' = C||w*||");
  });

  it("on-margin support vectors have zero slack at the kink", () => {
    const an = analyzeSvm(solveSvmDual(SYM_X, SYM_Y, 10));
    // every point lies on its margin (y f = 1); the support vectors (α > 0) are all classified as on-margin
    assertClose(an.decision, [1, 1, -1, -1], 1e-9, 0, "decision values");
    assert.ok(an.supportVectors.length >= 2);
    assert.deepEqual(an.onMargin, an.supportVectors);
    assert.deepEqual(an.insideOrMisclassified, []);
    assertClose(an.slacks, [0, 0, 0, 0], 1e-9, 0, "slacks");
    assert.equal(an.trainingError, 0);
  });
});

describe("hinge", () => {
  it("is max(0, 1 − m): zero at and beyond the kink m = 1, linear before it", () => {
    assert.equal(hinge(1), 0);
    assert.equal(hinge(1 + 1e-12), 0);
    assert.equal(hinge(2), 0);
    assertClose(hinge(1 - 1e-12), 1e-12, 1e-24, 1e-4, "just inside the margin");
    assert.equal(hinge(0), 1);
    assert.equal(hinge(-3), 4);
    assert.deepEqual(Array.from(slacksFromDecision([1, -1, 1], [1, -1, -0.5])), [0, 0, 1.5]);
  });
});

// A separable set whose hard-margin SVM is the perpendicular bisector of its closest pair x₊ = (2, 1), x₋ = (0, 0):
// w_h = 2(x₊ − x₋)/||x₊ − x₋||² = (0.8, 0.4), b_h = −w_h·(x₊ + x₋)/2 = −1, α = 2/||x₊ − x₋||² = 0.4 on both.
// Other points are drawn from a seed and kept only if y(w_h·e + b_h) ≥ 1.5, so the bisector stays feasible with the
// same margin (it is then the max-margin line of the whole set). For C ≥ 0.4 the soft SVM is this hard SVM.
function separableSet() {
  const x: number[][] = [[2, 1], [0, 0]];
  const y: number[] = [1, -1];
  const rng = new Random(7);
  while (x.length < 40) {
    const p = [4 * rng.normal() + 1, 4 * rng.normal() + 0.5];
    const f = 0.8 * p[0] + 0.4 * p[1] - 1;
    if (Math.abs(f) >= 1.5) { x.push(p); y.push(f > 0 ? 1 : -1); }
  }
  return { x, y };
}

describe("soft SVM reduces to the hard SVM on a separable set for large C", () => {
  const { x, y } = separableSet();
  for (const C of [0.5, 1, 1000]) {
    it(`C = ${C}`, () => {
      for (const sol of [solveSvmPrimal(x, y, C), solveSvmDual(x, y, C)]) {
        const an = analyzeSvm(sol);
        const tol = Math.sqrt(2 * Math.max(an.gap, 0)) + ROUND;
        assertClose(sol.w!, [0.8, 0.4], tol, 0, `${sol.solver} w`);
        assertClose(sol.b, -1, 10 * tol, 0, `${sol.solver} b`);
        assertClose(an.sumSlacks, 0, 10 * tol * x.length, 0, "Σξ");
        assertClose(an.marginWidth, 2 / Math.sqrt(0.8), 1e-6, 0, "margin = ||x₊ − x₋||");
      }
      const norm = solveSvmPrimalNorm(x, y, C);
      assertClose(norm.w!, [0.8, 0.4], 1e-4, 0, "norm form w");
    });
  }
  it("C = 0.2 < 0.4 is genuinely soft: a smaller w and positive slack", () => {
    const an = analyzeSvm(solveSvmDual(x, y, 0.2));
    assert.ok(an.normW < Math.hypot(0.8, 0.4) - 1e-3, `||w|| = ${an.normW}`);
    assert.ok(an.sumSlacks > 1e-3, `Σξ = ${an.sumSlacks}`);
  });
});

describe("primal and dual agree on overlapping classes", () => {
  const { x, y } = twoGaussians(120, 11);
  for (const C of [0.01, 1, 10]) {
    it(`C = ${C}: objective, w, b; gap and KKT residual`, () => {
      const p = solveSvmPrimal(x, y, C);
      const d = solveSvmDual(x, y, C);
      const ap = analyzeSvm(p);
      const ad = analyzeSvm(d);
      // weak duality: D(α_dual) ≤ P* ≤ P(w_primal): the cross gap is ≥ −round-off and ≤ both gaps
      const cross = ap.primalObjective - d.dualObjective;
      assert.ok(cross >= -1e-12 * ap.primalObjective, `P − D = ${cross}`);
      assert.ok(cross <= p.gapBound + ad.gap + 1e-12 * ap.primalObjective, `P − D = ${cross} vs ${p.gapBound} + ${ad.gap}`);
      const wTol = Math.sqrt(2 * p.gapBound) + Math.sqrt(2 * Math.max(ad.gap, 0)) + ROUND;
      assertClose(p.w!, d.w!, wTol, 0, "w");
      // b is unique when the dual solution has a free α_j (0 < α_j < C): then y_j(w·e_j + b) = 1 for every optimum,
      // so |Δb| ≤ ||Δw||·max||e_j|| + both KKT residuals. Without one, b ranges over an interval (both answers are
      // optimal: their objectives agree within the gaps, checked above through P − D).
      const free = Array.from(d.alpha).some((a) => a > 1e-8 * C && a < C * (1 - 1e-8));
      const R = Math.max(...x.map((r) => Math.hypot(r[0], r[1])));
      if (free) assertClose(p.b, d.b, Math.SQRT2 * wTol * R + ap.kktResidual + ad.kktResidual, 0, "b");
      assert.equal(free, C !== 0.01, "at C = 0.01 every point is inside the margin (no free α), above there are free ones");
      assert.ok(ad.kktResidual <= 1e-9, `dual KKT residual ${ad.kktResidual}`);
      assert.ok(Math.abs(ad.gap) <= 1e-9 * Math.max(1, ad.primalObjective), `dual gap ${ad.gap}`);
    });
  }

  it("warm-started SMO (rescaled α along a C sweep) reaches the same solution", () => {
    const cold = solveSvmDual(x, y, 3);
    const start = solveSvmDual(x, y, 1).alpha.map((a) => a * 3);
    const warm = solveSvmDual(x, y, 3, { warmStart: start });
    const tol = Math.sqrt(2 * Math.max(analyzeSvm(cold).gap, 0)) + Math.sqrt(2 * Math.max(analyzeSvm(warm).gap, 0)) + ROUND;
    assertClose(warm.w!, cold.w!, tol, 0, "w");
  });

  it("the margin width is non-increasing in C (||w(C)|| non-decreasing, a consequence of optimality)", () => {
    // For C₁ < C₂ optimality gives Σξ(C₁) ≥ Σξ(C₂), then ½||w₁||² ≤ ½||w₂||²: monotone, but only weakly.
    let prev = Infinity;
    for (const C of [0.001, 0.01, 0.1, 1, 10, 100]) {
      const an = analyzeSvm(solveSvmPrimal(x, y, C));
      assert.ok(an.marginWidth <= prev * (1 + 1e-6), `C = ${C}: ${an.marginWidth} > ${prev}`);
      prev = an.marginWidth;
    }
  });
});

describe("RBF kernel", () => {
  // Two points of opposite class, k = K(e₁, e₂) = exp(−γ||e₁ − e₂||²). By symmetry α₁ = α₂ = α and the dual
  // 2α − α²(1 − k) is maximised by α = min(C, 1/(1 − k)), b = 0, f(e₊) = α(1 − k).
  const x = [[0, 0], [1, 2]];
  const y = [1, -1];
  const gamma = 0.3;
  const k = Math.exp(-gamma * 5);
  for (const C of [0.5, 100]) {
    it(`C = ${C}: α = min(C, 1/(1 − k))`, () => {
      const sol = solveSvmDual(x, y, C, { kernel: rbfKernel(gamma) });
      const a = Math.min(C, 1 / (1 - k));
      assertClose(sol.alpha, [a, a], 1e-9, 1e-9, "alpha");
      assertClose(sol.b, 0, 1e-9, 0, "b");
      assert.equal(sol.w, null);
      assertClose(decisionFunction(sol, [[0, 0]]), a * (1 - k), 1e-9, 1e-9, "f(e₊)");
      assert.deepEqual(Array.from(predictSvm(sol, x)), y);
      const an = analyzeSvm(sol);
      assertClose(an.normW, Math.sqrt(2 * a * a * (1 - k)), 1e-9, 1e-9, "feature-space ||w||");
    });
  }
  it("a linear kernel passed explicitly is the default", () => {
    const { x: gx, y: gy } = twoGaussians(40, 3);
    assertClose(solveSvmDual(gx, gy, 1, { kernel: linearKernel }).w!, solveSvmDual(gx, gy, 1).w!, 0, 0, "w");
  });
});
