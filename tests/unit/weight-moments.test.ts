import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gaussianWeightMoment, discreteWeightMoment, weightMomentSummary, discreteControlVariateSd, reference, meanAndStandardError, Random } from "elbolab";
import { assertArgumentError, assertClose } from "./setup";

const post = [[1, 0.6], [0.6, 0.8]];

/** Monte Carlo E_q[r^2] with r = p/q, q = N(shift, qCov) with diagonal qCov, in float64. */
function monteCarloSecondMoment(qStd: number[], shift: number[], n: number, seed: number) {
  const rng = new Random(seed);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = qStd.map((s, j) => shift[j] + s * rng.normal());
    const logR = reference.mvnLogPdf64(h, [0, 0], post) - reference.diagNormalLogProb64(h, shift, qStd);
    values.push(Math.exp(2 * logR));
  }
  return meanAndStandardError(values);
}

describe("exact moments of normalised importance weights", () => {
  test("q = posterior gives E[r^n] = 1 for every n", () => {
    for (const n of [1, 2, 3]) assertClose(gaussianWeightMoment(post, post, [0, 0], n), 1, 1e-12);
    const lp = [Math.log(0.2), Math.log(0.3), Math.log(0.5)];
    for (const n of [1, 2, 3]) assertClose(discreteWeightMoment(lp, lp, n), 1, 1e-12);
    assert.deepEqual(weightMomentSummary((n) => gaussianWeightMoment(post, post, [0, 0], n)).relativeVariance < 1e-12, true);
  });

  test("the exact SD of the control-variate residual −log r + β(r − 1), against the two-state case by hand", () => {
    const lp = [Math.log(0.5), Math.log(0.5)], lq = [Math.log(0.8), Math.log(0.2)];
    const r = [0.625, 2.5], q = [0.8, 0.2];
    const kl = -(q[0] * Math.log(r[0]) + q[1] * Math.log(r[1]));
    for (const beta of [0, 1, 1.53]) {
      const res = r.map((v) => -Math.log(v) + beta * (v - 1));
      const sd = Math.sqrt(q[0] * (res[0] - kl) ** 2 + q[1] * (res[1] - kl) ** 2);
      assertClose(discreteControlVariateSd(lp, lq, beta), sd, 1e-12);
    }
    // q = posterior: every residual is 0, so is its SD
    assertClose(discreteControlVariateSd(lp, lp, 1), 0, 1e-15);
    assertArgumentError(() => discreteControlVariateSd(lp, [0], 1), "logQ", "discreteControlVariateSd");
    assertArgumentError(() => discreteControlVariateSd(lp, lq, Number.NaN), "beta", "discreteControlVariateSd");
  });

  test("n = 1 gives 1 for any q (E_q[p/q] = 1)", () => {
    assertClose(gaussianWeightMoment(post, [[2, 0], [0, 3]], [0.5, -1], 1), 1, 1e-12);
  });

  test("the Gaussian E[r²] agrees with a float64 Monte Carlo estimate within 4 standard errors", () => {
    const qStd = [1.3, 1.1];
    const shift = [0.3, -0.2];
    const exact = gaussianWeightMoment(post, [[qStd[0] ** 2, 0], [0, qStd[1] ** 2]], shift, 2);
    const mc = monteCarloSecondMoment(qStd, shift, 200_000, 11);
    assert.ok(Math.abs(mc.mean - exact) < 4 * mc.se, `MC ${mc.mean} ± ${mc.se} vs exact ${exact}`);
  });

  test("the discrete moment is the finite sum Σ p^n / q^(n-1)", () => {
    const p = [0.1, 0.6, 0.3];
    const q = [0.3, 0.3, 0.4];
    const expected = p.reduce((s, pi, i) => s + pi ** 3 / q[i] ** 2, 0);
    assertClose(discreteWeightMoment(p.map(Math.log), q.map(Math.log), 3), expected, 1e-12, 1e-12);
  });

  test("a q narrower than half the posterior has infinite Var(w)", () => {
    const narrow = post.map((r) => r.map((v) => 0.4 * 0.4 * v));
    assert.equal(gaussianWeightMoment(post, narrow, [0, 0], 2), Infinity);
    assert.equal(weightMomentSummary((n) => gaussianWeightMoment(post, narrow, [0, 0], n)).relativeVariance, Infinity);
  });

  test("bad arguments are errors naming them", () => {
    assertArgumentError(() => gaussianWeightMoment(post, post, [0], 2), "qCov", "gaussianWeightMoment");
    assertArgumentError(() => gaussianWeightMoment(post, post, [0, 0], 0), "n", "gaussianWeightMoment");
    assertArgumentError(() => discreteWeightMoment([0], [0, 0], 2), "logQ", "discreteWeightMoment");
    assertArgumentError(() => discreteWeightMoment([0, NaN], [0, 0], 2), "logQ", "discreteWeightMoment");
  });
});
