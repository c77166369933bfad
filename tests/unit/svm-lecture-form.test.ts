/**
 * The lecture's form ||w|| + C Σ ξ along a sweep of C, and its relation to the standard ½||w||² + C' Σ ξ:
 * solveSvmCSweep's rows are analyzeSvm's numbers, its certified width bound holds against SMO's (exact to
 * 1e-10) width at C' = C||w||, C₀ is where the lecture's form loses its line, asStandardForm rescales by
 * ||w*||, compareSvmForms agrees within gap-derived bounds, barrierCertificate accepts a converged barrier
 * point and rejects a perturbed one, decadeGrid / decadeExponent. Expected values are computed here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  analyzeSvm, asStandardForm, barrierCertificate, compareSvmForms, decadeExponent, decadeGrid, hasLine,
  lectureCAlongStandardPath, marginWidthError, normFormThreshold, solveSvmCSweep, solveSvmDual, solveSvmPrimal,
  solveSvmPrimalNorm, twoGaussians,
} from "elbolab";
import { assertArgumentError } from "./setup";

const data = twoGaussians(60, 5);
const sumYE = data.x.reduce((s, p, j) => [s[0] + data.y[j] * p[0], s[1] + data.y[j] * p[1]], [0, 0]);
const C0 = 1 / Math.hypot(sumYE[0], sumYE[1]);

describe("decadeGrid and decadeExponent", () => {
  it("gives perDecade points per decade, both ends included, and finds the powers of ten", () => {
    const g = decadeGrid(-2, 1, 2);
    assert.equal(g.length, 7);
    g.forEach((v, i) => assert.ok(Math.abs(Math.log10(v) - (-2 + i / 2)) < 1e-12, String(v)));
    assert.deepEqual(g.map(decadeExponent), [-2, null, -1, null, 0, null, 1]);
    assertArgumentError(() => decadeGrid(1, 1, 2), "to", "decadeGrid");
    assertArgumentError(() => decadeGrid(0.5, 2, 2), "from", "decadeGrid");
    assertArgumentError(() => decadeGrid(0, 2, 0), "perDecade", "decadeGrid");
    assertArgumentError(() => decadeExponent(0), "v", "decadeExponent");
  });
});

describe("solveSvmCSweep", () => {
  const Cs = [3 * C0, 0.1, 1, 10];

  it("lecture's form: one barrier solution per C, each row the numbers of analyzeSvm", () => {
    const sweep = solveSvmCSweep(data, Cs);
    assert.equal(sweep.form, "norm");
    sweep.solutions.forEach((s, i) => {
      assert.equal(s.form, "norm");
      assert.equal(s.C, Cs[i]);
      const a = analyzeSvm(solveSvmPrimalNorm(data.x, data.y, Cs[i]));
      const r = sweep.rows[i];
      assert.equal(r.margin_width, a.marginWidth);
      assert.equal(r.support_vectors, a.supportVectors.length);
      assert.equal(r.on_margin + r.inside_or_misclassified, a.supportVectors.length);
      assert.equal(r.misclassified, a.misclassified.length);
      assert.equal(r.sum_slack, a.sumSlacks);
      assert.equal(r.gap, a.gap);
      assert.equal(r.kkt, a.kktResidual);
    });
  });

  it("the certified width bound covers the exact width at C' = C||w|| (SMO, KKT 1e-10)", () => {
    for (const s of solveSvmCSweep(data, Cs).solutions) {
      const a = analyzeSvm(s);
      const exact = analyzeSvm(solveSvmDual(data.x, data.y, s.C * a.normW)).marginWidth;
      const bound = marginWidthError(s, a);
      assert.ok(bound > 0 && Number.isFinite(bound));
      assert.ok(Math.abs(a.marginWidth - exact) <= bound, `C = ${s.C}: |${a.marginWidth} − ${exact}| > ${bound}`);
    }
  });

  it("standard form: warm-started SMO gives the cold-started answer", () => {
    const sweep = solveSvmCSweep(data, Cs, { form: "squared" });
    sweep.solutions.forEach((s, i) => {
      const cold = solveSvmDual(data.x, data.y, Cs[i]);
      assert.ok(Math.hypot(s.w![0] - cold.w![0], s.w![1] - cold.w![1]) < 1e-7, `C = ${Cs[i]}`);
    });
  });

  it("a C below C₀ is an error naming Cs and giving C₀; other bad input", () => {
    assert.throws(() => solveSvmCSweep(data, [0.5 * C0, 1]), (e: Error) =>
      /'Cs'/.test(e.message) && /'solveSvmCSweep'/.test(e.message) && e.message.includes(C0.toPrecision(4)));
    assertArgumentError(() => solveSvmCSweep(data, []), "Cs", "solveSvmCSweep");
    assertArgumentError(() => solveSvmCSweep(data, [1, -1]), "C", "solveSvmCSweep");
    assertArgumentError(() => solveSvmCSweep(data, [1], { form: "cube" as "norm" }), "options.form", "solveSvmCSweep");
  });
});

describe("the lecture's form against the standard form", () => {
  it("C₀ = 1/||Σ y_j e_j||: no line below it, a line above it", () => {
    assert.ok(Math.abs(normFormThreshold(data) - C0) <= 1e-15 * C0);
    assert.equal(hasLine(solveSvmPrimalNorm(data.x, data.y, 0.5 * C0)), false);
    assert.equal(hasLine(solveSvmPrimalNorm(data.x, data.y, 2 * C0)), true);
    assertArgumentError(() => normFormThreshold({ x: [[0, 0], [1, 1], [2, 2]], y: [1, 1, -1] }), "data.y", "normFormThreshold");
    assertArgumentError(() => hasLine({ ...solveSvmDual(data.x, data.y, 1), w: null }), "solution.w", "hasLine");
  });

  it("asStandardForm: C' = C||w*||, α' = ||w*|| α, the same line", () => {
    const lect = solveSvmPrimalNorm(data.x, data.y, 1);
    const normW = Math.hypot(lect.w![0], lect.w![1]);
    const std = asStandardForm(lect);
    assert.equal(std.form, "squared");
    assert.equal(std.C, 1 * normW);
    assert.deepEqual(Array.from(std.alpha), Array.from(lect.alpha, (a) => a * normW));
    assert.equal(std.w, lect.w);
    assert.equal(std.b, lect.b);
    assertArgumentError(() => asStandardForm(solveSvmDual(data.x, data.y, 1)), "solution.form", "asStandardForm");
    assertArgumentError(() => asStandardForm({ ...lect, w: new Float64Array(2) }), "solution.w", "asStandardForm");
  });

  it("compareSvmForms: the two lines agree within their gap-derived bounds above C₀, nothing to compare below", () => {
    for (const f of [1.5, 10, 300]) {
      const r = compareSvmForms(data, f * C0);
      assert.ok(r.agreement && r.agreement.ok, `C = ${f} C₀`);
      assert.equal(r.Cprime, r.C * r.normW);
    }
    const none = compareSvmForms(data, 0.5 * C0);
    assert.equal(none.agreement, null);
    assert.equal(none.Cprime, null);
    assertArgumentError(() => compareSvmForms(data, 0), "C", "compareSvmForms");
  });

  it("lectureCAlongStandardPath: C = C'/||w(C')||, equal to C₀ where every α = C'", () => {
    const path = lectureCAlongStandardPath(data, [1e-4, 1]);
    const w1 = solveSvmPrimal(data.x, data.y, 1).w!;
    assert.equal(path[1].C, 1 / Math.hypot(w1[0], w1[1]));
    // every α = C' there, so w = C' Σ y_j e_j exactly; the barrier's w is within √(2 gap) of it
    const s = solveSvmPrimal(data.x, data.y, 1e-4);
    const normW = Math.hypot(s.w![0], s.w![1]);
    const r = Math.sqrt(2 * Math.max(0, analyzeSvm(s).gap));
    assert.ok(Math.abs(path[0].C / C0 - 1) <= r / (normW - r), `${path[0].C / C0 - 1} vs ${r / (normW - r)}`);
    assertArgumentError(() => lectureCAlongStandardPath(data, []), "Cprimes", "lectureCAlongStandardPath");
  });
});

describe("barrierCertificate", () => {
  it("accepts the barrier solvers' answers and rejects a perturbed w", () => {
    for (const s of [solveSvmPrimal(data.x, data.y, 1), solveSvmPrimalNorm(data.x, data.y, 1)]) {
      const c = barrierCertificate(s);
      const a = analyzeSvm(s);
      assert.ok(c.ok, c.detail);
      assert.equal(c.gap, a.gap);
      assert.equal(c.target, 1e-10 * a.primalObjective);
      assert.equal(c.kktBound, Math.sqrt(s.gapBound));
      const w = Float64Array.from(s.w!);
      w[0] *= 1.01;
      assert.equal(barrierCertificate({ ...s, w }).ok, false, "1 % off in w is far outside the gap target");
    }
    assertArgumentError(() => barrierCertificate(solveSvmDual(data.x, data.y, 1) as never), "solution", "barrierCertificate");
    assertArgumentError(() => barrierCertificate(solveSvmPrimal(data.x, data.y, 1), { gapTolerance: 2 }), "options.gapTolerance", "barrierCertificate");
  });
});
