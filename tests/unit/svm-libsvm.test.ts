/**
 * An independent implementation: libsvm-js (LIBSVM 3.22 compiled to asm.js, Chang & Lin 2011) solves the same
 * problems. LIBSVM caches its kernel matrix in single precision (Qfloat = float), so its α are accurate to about
 * 1e-7 relative; tolerances therefore come from the duality gap of each solution, computed here in float64:
 * ½||w − w*||² ≤ P(w, b) − P* ≤ gap, and |P_a − P_b| ≤ gap_a + gap_b.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { analyzeSvm, linearKernel, readLibsvmModel, solveSvmDual, twoGaussians } from "elbolab";
import { assertClose } from "./setup";

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SVM: any = require("libsvm-js/asm");

describe("agreement with libsvm-js (C-SVC, linear kernel)", () => {
  const { x, y } = twoGaussians(100, 21);
  for (const C of [0.05, 1, 5]) {
    it(`C = ${C}`, () => {
      const svm = new SVM({ kernel: SVM.KERNEL_TYPES.LINEAR, type: SVM.SVM_TYPES.C_SVC, cost: C, tolerance: 1e-10, shrinking: false, quiet: true });
      svm.train(x, y);
      const model = readLibsvmModel(svm.serializeModel(), svm.getSVIndices(), x, y, C, linearKernel);
      svm.free();
      const ours = solveSvmDual(x, y, C);
      const theirs = { ...ours, alpha: model.alpha, w: model.w, b: model.bFromAlpha };
      const a = analyzeSvm(ours);
      const b = analyzeSvm(theirs);
      assert.ok(b.gap >= -1e-12 * b.primalObjective && b.gap < 1e-5 * b.primalObjective, `libsvm gap ${b.gap}`);
      assertClose(b.primalObjective, a.primalObjective, Math.max(a.gap, 0) + Math.max(b.gap, 0) + 1e-12 * a.primalObjective, 0, "objective");
      assertClose(model.w!, ours.w!, Math.sqrt(2 * Math.max(a.gap, 0)) + Math.sqrt(2 * b.gap) + 1e-12, 0, "w");
      // b is unique when there is a free α (see svm.test.ts): |Δb| ≤ ||Δw||·max||e_j|| + both KKT residuals
      const wTol = Math.sqrt(2 * Math.max(a.gap, 0)) + Math.sqrt(2 * b.gap) + 1e-12;
      const R = Math.max(...x.map((r) => Math.hypot(r[0], r[1])));
      assert.ok(Array.from(ours.alpha).some((v) => v > 1e-8 * C && v < C * (1 - 1e-8)), "a free α");
      assertClose(model.bFromAlpha, ours.b, Math.SQRT2 * wTol * R + a.kktResidual + b.kktResidual, 0, "b");
      // ρ is printed with 6 significant digits
      assertClose(model.bFromModel, model.bFromAlpha, 5e-6 * Math.abs(model.bFromAlpha) + 1e-12, 0, "b (model text)");
    });
  }
});
