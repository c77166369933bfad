import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  analyzeSvm, solveSvmDual, solveSvmPrimal, solveSvmPrimalNorm, svmAgreement, svmFigure, svmFigureDomain, twoGaussians,
  SVM_LINES, SVM_POINT_ROLES,
} from "elbolab";
import { assertArgumentError } from "./setup";

const data = twoGaussians(60, 7);

describe("svmAgreement", () => {
  it("the barrier primal and SMO agree within their gap-derived bounds; the bounds are the formulas", () => {
    const smo = solveSvmDual(data.x, data.y, 1);
    const primal = solveSvmPrimal(data.x, data.y, 1);
    const g = svmAgreement(smo, primal);
    assert.ok(g.ok);
    const A = analyzeSvm(smo), B = analyzeSvm(primal);
    assert.equal(g.objectiveDiff, Math.abs(A.primalObjective - B.primalObjective));
    assert.equal(g.wBound, Math.sqrt(2 * Math.max(0, A.gap)) + Math.sqrt(2 * Math.max(0, B.gap)) + 1e-12 * Math.max(A.normW, 1));
    assert.equal(g.wDiff, Math.hypot(...smo.w!.map((v, k) => v - primal.w![k])));
  });

  it("fails for the solution of another C passed off as this one (its multipliers break the box, so its 'gap' is < 0)", () => {
    const smo = solveSvmDual(data.x, data.y, 1);
    const other = solveSvmDual(data.x, data.y, 1.2);
    const g = svmAgreement(smo, { ...other, C: 1 });
    assert.equal(g.ok, false);
    assert.ok(g.analysisB.gap < 0, "weak duality fails for infeasible multipliers");
    // a perturbed but still dual-feasible pair stays within its own, larger gap: the bound is a theorem
    const w = Float64Array.from(smo.w!);
    w[0] += 1e-3;
    const h = svmAgreement(smo, { ...smo, w });
    assert.ok(h.ok && h.wBound >= 1e-3);
  });

  it("bad inputs", () => {
    const smo = solveSvmDual(data.x, data.y, 1);
    assertArgumentError(() => svmAgreement(smo, solveSvmDual(data.x, data.y, 2)), "b", "svmAgreement");
    assertArgumentError(() => svmAgreement(smo, solveSvmPrimalNorm(data.x, data.y, 1)), "b.form", "svmAgreement");
    assertArgumentError(() => svmAgreement(smo, { ...smo, w: null }), "b.w", "svmAgreement");
  });
});

describe("svmFigure", () => {
  const sol = solveSvmDual(data.x, data.y, 0.5);
  const an = analyzeSvm(sol);
  const spec = svmFigure(sol, { title: "t" });
  const [slackLayer, lineLayer, plain, support] = spec.layer as { data: { values: Record<string, number | string>[] } }[];

  it("draws f = 0 and f = ±1 where w·u + b equals 0 and ±1", () => {
    const [w1, w2] = sol.w!;
    const levels = [0, 1, -1];
    for (const p of lineLayer.data.values) {
      const level = levels[SVM_LINES.indexOf(p.line as (typeof SVM_LINES)[number])];
      assert.ok(Math.abs(w1 * (p.x as number) + w2 * (p.y as number) + sol.b - level) < 1e-9);
    }
    assert.equal(lineLayer.data.values.length, 6);
  });

  it("one slack segment per point with ξ > 0, of length ξ/||w||, ending on its own margin f = y", () => {
    const withSlack = Array.from(an.slacks).filter((s) => s > 0).length;
    assert.equal(slackLayer.data.values.length, withSlack);
    const [w1, w2] = sol.w!;
    for (const s of slackLayer.data.values) {
      const len = Math.hypot((s.x2 as number) - (s.x as number), (s.y2 as number) - (s.y as number));
      assert.ok(Math.abs(len - (s.xi as number) / an.normW) < 1e-9);
      const f = w1 * (s.x2 as number) + w2 * (s.y2 as number) + sol.b;
      assert.ok(Math.abs(Math.abs(f) - 1) < 1e-9, `segment ends at f = ${f}`);
    }
  });

  it("every point appears once, with the role analyzeSvm gives it", () => {
    assert.equal(plain.data.values.length + support.data.values.length, data.x.length);
    const count = (role: string) => [...plain.data.values, ...support.data.values].filter((p) => p.role === role).length;
    assert.equal(count(SVM_POINT_ROLES[1]), an.onMargin.length);
    assert.equal(count(SVM_POINT_ROLES[2]), an.insideOrMisclassified.length);
  });

  it("bad inputs", () => {
    const threeD = solveSvmDual([[0, 0, 0], [1, 1, 1]], [-1, 1], 1);
    assertArgumentError(() => svmFigure(threeD), "solution", "svmFigure");
    assertArgumentError(() => svmFigure({ ...sol, w: null }), "solution.w", "svmFigure");
    assertArgumentError(() => svmFigure({ ...sol, w: new Float64Array(2) }), "solution.w", "svmFigure");
    assert.deepEqual(svmFigureDomain([[0, 1], [2, -1]], 0.5), [[-0.5, 2.5], [-1.5, 1.5]]);
  });
});
