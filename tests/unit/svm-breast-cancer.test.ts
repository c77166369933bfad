/**
 * The SVM solvers on real data (issue 11): the breast-cancer Wisconsin diagnostic set, 569 × 30 standardised; the
 * log-barrier primal in both forms converges with default options for C from 0.01 to 100 and agrees with SMO;
 * options are checked up front; extreme coordinates give a named error or a correct answer, never NaN or a wrong w.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  analyzeSvm, loadBreastCancer, solveSvmDual, solveSvmPrimal, solveSvmPrimalNorm, twoGaussians, BREAST_CANCER_SHA256,
} from "elbolab";
import { assertArgumentError } from "./setup";

const bc = loadBreastCancer();

describe("loadBreastCancer", () => {
  it("569 cases, 30 features, 212 malignant (+1) and 357 benign (−1), standardised columns", () => {
    assert.equal(bc.x.length, 569);
    assert.ok(bc.x.every((r) => r.length === 30));
    assert.equal(bc.y.filter((v) => v === 1).length, 212);
    assert.equal(bc.y.filter((v) => v === -1).length, 357);
    assert.equal(bc.features.length, 30);
    for (let k = 0; k < 30; k++) {
      const col = bc.x.map((r) => r[k]);
      const mean = col.reduce((s, v) => s + v, 0) / 569;
      const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / 569;
      assert.ok(Math.abs(mean) < 1e-12 && Math.abs(variance - 1) < 1e-12, `column ${k}: mean ${mean}, variance ${variance}`);
    }
    const raw = loadBreastCancer({ standardize: false });
    assert.equal(raw.x[0][0], 17.99, "the first case's mean radius, as in the CSV");
    assert.ok(Math.abs((raw.x[0][0] - raw.means[0]) / raw.sds[0] - bc.x[0][0]) < 1e-15);
  });

  it("a missing or altered file is a named error", () => {
    assertArgumentError(() => loadBreastCancer({ path: "/nonexistent/breast_cancer.csv" }), "options.path", "loadBreastCancer");
    const dir = mkdtempSync(join(tmpdir(), "bc-"));
    writeFileSync(join(dir, "b.csv"), "569,30,malignant,benign\n1,2\n");
    assert.throws(() => loadBreastCancer({ path: join(dir, "b.csv") }), new RegExp(BREAST_CANCER_SHA256));
  });
});

describe("primal solvers converge on breast cancer with default options (C = 0.01 … 100)", () => {
  for (const C of [0.01, 1, 100]) {
    it(`C = ${C}: both forms converge; the squared form equals SMO; KKT residual and gap at round-off`, () => {
      const primal = solveSvmPrimal(bc.x, bc.y, C);
      const dual = solveSvmDual(bc.x, bc.y, C);
      const ap = analyzeSvm(primal);
      const ad = analyzeSvm(dual);
      // weak duality for the barrier's own multipliers (≥ 0 up to round-off), and the relative gap promised by
      // the default gapTolerance 1e-10; the KKT residual is at most the complementarity min(α_j, s_j) ≤ √(1/τ)
      const roundOff = 1e-12 * ap.primalObjective;
      assert.ok(ap.gap >= -roundOff && ap.gap <= 1e-10 * ap.primalObjective, `gap ${ap.gap}, objective ${ap.primalObjective}`);
      assert.ok(primal.gapBound <= 1e-10 * ap.primalObjective);
      assert.ok(ap.kktResidual <= Math.sqrt(primal.gapBound), `KKT residual ${ap.kktResidual} vs √gap ${Math.sqrt(primal.gapBound)}`);
      // strong convexity in w: ½||w_p − w_d||² ≤ gap_p + gap_d
      const dw = Math.hypot(...primal.w!.map((v, k) => v - dual.w![k]));
      assert.ok(dw <= Math.sqrt(2 * (primal.gapBound + Math.max(0, ad.gap))) + 1e-12, `||Δw|| ${dw}`);
      // support vectors by the margin condition, not by α > 0 (every barrier α is > 0)
      assert.ok(Array.from(primal.alpha).every((a) => a >= 0));
      assert.deepEqual(ap.supportVectors, ad.supportVectors);
      assert.ok(ap.supportVectors.length < 569);

      const norm = solveSvmPrimalNorm(bc.x, bc.y, C);
      const an = analyzeSvm(norm);
      assert.ok(an.gap >= -1e-12 * an.primalObjective && an.gap <= 1e-10 * an.primalObjective, `norm-form gap ${an.gap}`);
      assert.ok(an.kktResidual <= Math.sqrt(norm.gapBound), `norm-form KKT residual ${an.kktResidual}`);
      // the lecture's form at C solves the squared form at C' = C||w*|| (notebook 01)
      const rescaled = solveSvmPrimal(bc.x, bc.y, C * an.normW);
      const dwn = Math.max(...norm.w!.map((v, k) => Math.abs(v - rescaled.w![k])));
      assert.ok(dwn <= 1e-4 * an.normW, `norm form vs squared form at C||w*||: ${dwn}`);
    });
  }
});

describe("barrier options are checked up front (a named error, never a hang)", () => {
  const x = [[0, 0], [1, 1], [2, 0], [3, 1]];
  const y = [-1, -1, 1, 1];
  for (const [name, solve] of [["solveSvmPrimal", solveSvmPrimal], ["solveSvmPrimalNorm", solveSvmPrimalNorm]] as const) {
    it(`${name}: mu ≤ 1, gapTolerance ≤ 0 or ≥ 1, NaN, maxNewtonSteps ≤ 0 or fractional`, () => {
      for (const mu of [1, 0.5, 0, -2, NaN, Infinity]) assertArgumentError(() => solve(x, y, 1, { mu }), "options.mu", name);
      for (const gapTolerance of [0, -1e-10, 1, NaN]) assertArgumentError(() => solve(x, y, 1, { gapTolerance }), "options.gapTolerance", name);
      for (const maxNewtonSteps of [0, -5, 2.5, NaN]) assertArgumentError(() => solve(x, y, 1, { maxNewtonSteps }), "options.maxNewtonSteps", name);
      assertArgumentError(() => solve(x, y, 1, null as never), "options", name);
      // a bad option is reported before bad data
      assertArgumentError(() => solve([], [], 1, { mu: 1 }), "options.mu", name);
    });
    it(`${name}: slow but valid options still converge (mu = 1.5)`, () => {
      const s = solve(x, y, 1, { mu: 1.5 });
      const a = analyzeSvm(s);
      // two points lie on the margin with α = 0 (degenerate): the barrier gives them α ≈ √(1/τ), so the KKT
      // residual is of the order of √gap, not of the gap
      assert.ok(a.gap >= 0 && a.gap <= 1e-10 * a.primalObjective, `gap ${a.gap}`);
      assert.ok(a.kktResidual <= Math.sqrt(s.gapBound), `KKT residual ${a.kktResidual}`);
    });
  }
});

describe("extreme coordinates: a named error or a correct answer", () => {
  it("coordinates near 1e200 (SMO returned b = NaN): a named error in every solver", () => {
    const x = [[1e200, 0], [-1e200, 1], [2e200, 0.5], [-3e200, 1]];
    const y = [1, -1, 1, -1];
    for (const [name, solve] of [["solveSvmDual", solveSvmDual], ["solveSvmPrimal", solveSvmPrimal], ["solveSvmPrimalNorm", solveSvmPrimalNorm]] as const) {
      assertArgumentError(() => solve(x, y, 1), "x[0]", name);
    }
  });

  it("features scaled by 1e4 and 1e-4: w scales back exactly (checked against SMO on the unscaled problem at C·scale²)", () => {
    const data = twoGaussians(100, 5);
    for (const [scale, C] of [[1e4, 1e-8], [1e4, 1e-6], [1e-4, 1e8]]) {
      const x = data.x.map((r) => r.map((v) => v * scale));
      const p = solveSvmPrimal(x, data.y, C);
      const ref = solveSvmDual(data.x, data.y, C * scale * scale); // the same problem in the original units
      const rel = Math.max(...p.w!.map((v, k) => Math.abs(v * scale - ref.w![k]) / Math.hypot(...ref.w!)));
      assert.ok(rel < 1e-5, `scale ${scale}, C ${C}: relative error of w ${rel}`);
      assert.ok(p.w!.every(Number.isFinite) && Number.isFinite(p.b));
    }
  });

  it("feature scale 1e8 at C = 1 (w was 100× off): an error naming the scale, or the right w", () => {
    const data = twoGaussians(100, 5);
    const x = data.x.map((r) => r.map((v) => v * 1e8));
    let p;
    try {
      p = solveSvmPrimal(x, data.y, 1);
    } catch (e) {
      assert.match((e as Error).message, /solveSvmPrimal: .*RMS 1\.\d+e\+8.*C = 1\.\d+e\+16.*standardise the features/);
      return;
    }
    const ref = solveSvmDual(data.x, data.y, 1e16, { maxIterations: 1e7 });
    const rel = Math.max(...p.w!.map((v, k) => Math.abs(v * 1e8 - ref.w![k]) / Math.hypot(...ref.w!)));
    assert.ok(rel < 1e-5, `relative error of w ${rel}`);
  });
});
