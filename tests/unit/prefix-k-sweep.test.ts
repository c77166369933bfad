import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { prefixKSweep, logWeightRows, meanAndStandardError, DiagNormal, Random, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

/** log (1/k) Σ_{i<k} exp(row[i]), directly in float64 (the values are small enough). */
function naiveBound(row: number[], k: number): number {
  return Math.log(row.slice(0, k).reduce((a, v) => a + Math.exp(v), 0) / k);
}

describe("prefixKSweep", () => {
  const S = 6, K = 9, ks = [1, 2, 5, 9];
  const lw = Array.from(new Random(11).normalArray(S * K), (v) => 0.7 * v - 3);
  const rows = Array.from({ length: S }, (_, s) => lw.slice(s * K, (s + 1) * K));
  const logp = -2.5;

  test("each estimate is the exact float64 prefix computation, with paired differences", () => {
    const out = prefixKSweep(lw, S, ks, logp);
    assert.deepEqual(out.map((p) => p.k), ks);
    for (const [j, p] of out.entries()) {
      const L = rows.map((r) => naiveBound(r, p.k));
      const A = rows.map((r) => r.slice(0, p.k).reduce((a, v) => a + v, 0) / p.k);
      const t = L.map((l) => l - logp), u = t.map((v) => Math.exp(v) - 1);
      const mt = t.reduce((a, v) => a + v, 0) / S, mu = u.reduce((a, v) => a + v, 0) / S;
      const beta = t.reduce((a, v, s) => a + (v - mt) * (u[s] - mu), 0) / u.reduce((a, v) => a + (v - mu) ** 2, 0);
      const G = t.map((v, s) => -v + beta * u[s]);
      assertClose(p.beta!, beta, 1e-9, 0, `β at k = ${p.k}`);
      assertClose(p.bound.mean, meanAndStandardError(L).mean, 1e-12, 0, `L_${p.k}`);
      assertClose(p.bound.se, meanAndStandardError(L).se, 1e-12, 0, `SE of L_${p.k}`);
      assertClose(p.outside.mean, meanAndStandardError(A).mean, 1e-12, 0, `outside ${p.k}`);
      assertClose(p.gap!.mean, meanAndStandardError(G).mean, 1e-12, 0, `gap ${p.k}`);
      if (j === 0) {
        assert.equal(p.boundIncrease, undefined);
        continue;
      }
      const prev = rows.map((r) => naiveBound(r, ks[j - 1]));
      const inc = meanAndStandardError(L.map((l, s) => l - prev[s]));
      assertClose(p.boundIncrease!.mean, inc.mean, 1e-12, 0, "increase");
      assertClose(p.boundIncrease!.se, inc.se, 1e-12, 0, "SE of increase");
      assertClose(p.gapDecrease!.mean, out[j - 1].gap!.mean - p.gap!.mean, 1e-12, 0, "gap decrease");
    }
    assert.equal(prefixKSweep(lw, S, ks)[0].gap, undefined, "no gap without log p(e)");
  });

  test("stable far from 0, and equal weights give log w for every k with zero gap", () => {
    const shifted = prefixKSweep(lw.map((v) => v - 1e4), S, ks);
    prefixKSweep(lw, S, ks).forEach((p, j) => assertClose(shifted[j].bound.mean, p.bound.mean - 1e4, 1e-8, 0, "shifted"));
    const flat = prefixKSweep(new Array(2 * 4).fill(-7), 2, [1, 4], -7);
    for (const p of flat) {
      assert.equal(p.bound.mean, -7);
      assert.equal(p.gap!.mean, 0);
    }
  });

  test("log-normal weights: E[L_1] = μ and the control-variate gap at k = 1 is σ²/2 (within 4 SE)", () => {
    // (the regression coefficient is fitted on the same rows: O(1/S) bias, far below the SE here)
    const mu = -1, s = 0.8, n = 20_000;
    const z = Array.from(new Random(5).normalArray(n * 4), (v) => mu + s * v);
    const exactLogp = mu + s * s / 2;
    const [p1, p4] = prefixKSweep(z, n, [1, 4], exactLogp);
    assert.ok(Math.abs(p1.bound.mean - mu) <= 4 * p1.bound.se, `L_1 ${p1.bound.mean} vs ${mu}`);
    assert.ok(Math.abs(p1.gap!.mean - s * s / 2) <= 4 * p1.gap!.se, `gap ${p1.gap!.mean} ± ${p1.gap!.se} vs ${s * s / 2}`);
    // the control variate resolves the gap far better than log p − L_k does
    assert.ok(p4.gap!.se < p4.bound.se / 2, `SE of the gap ${p4.gap!.se} vs SE of L_4 ${p4.bound.se}`);
    assert.ok(p4.gapDecrease!.mean > 4 * p4.gapDecrease!.se, "the gap shrinks from k = 1 to 4, resolved by pairing");
  });

  test("bad input is an error naming the argument", () => {
    assertArgumentError(() => prefixKSweep(lw, 1, ks), "replicates", "prefixKSweep");
    assertArgumentError(() => prefixKSweep(lw, 5, ks), "logWeights", "prefixKSweep");
    assertArgumentError(() => prefixKSweep([1, Number.NaN, 2, 3], 2, [1]), "logWeights", "prefixKSweep");
    assertArgumentError(() => prefixKSweep(lw, S, [2, 1]), "ks", "prefixKSweep");
    assertArgumentError(() => prefixKSweep(lw, S, [1, 10]), "ks[1]", "prefixKSweep");
    assertArgumentError(() => prefixKSweep(lw, S, []), "ks", "prefixKSweep");
    assertArgumentError(() => prefixKSweep(lw, S, ks, Number.NaN), "logEvidence", "prefixKSweep");
  });
});

describe("logWeightRows", () => {
  const q = () => DiagNormal.standard(2, [1]);
  const logJoint = (h: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(-0.5, tf.square(tf.sub(h, 0.3))), -1));

  test("rows × k log-weights, reproducible from the seed, chunked without leaking tensors", () => {
    const dist = q();
    const a = logWeightRows(logJoint, dist, 7, 5, new Random(3), 3);
    const b = logWeightRows(logJoint, dist, 7, 5, new Random(3), 3);
    assert.equal(a.length, 35);
    assert.deepEqual(a, b);
    assert.ok(a.every(Number.isFinite));
    assert.notDeepEqual(logWeightRows(logJoint, dist, 7, 5, new Random(4), 3), a);
    assertNoTensorLeak(() => { logWeightRows(logJoint, dist, 4, 3, 1, 2); });
    assertArgumentError(() => logWeightRows(logJoint, dist, 0, 5, 1), "rows", "logWeightRows");
    assertArgumentError(() => logWeightRows(logJoint, dist, 2, 1.5, 1), "k", "logWeightRows");
    assertArgumentError(() => logWeightRows(logJoint, dist, 2, 2, 1, 0), "chunkRows", "logWeightRows");
  });
});
