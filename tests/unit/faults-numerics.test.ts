/**
 * The numerics and unclear-error cases of the issue-20 audit, one test each, every expected value computed here:
 * infinite log-weights in the jackknife, NaN and mismatched shapes in DiagNormal.logProb, chords whose points cannot
 * both be optima, subnormal rate differences, solveRateConstraint's safeguard at tight tolerances, and the primal SVM
 * solvers on the cases where only the dual converged. Each case is bounded (no loop depends on convergence).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  tf, DiagNormal, MvnTril, Bernoulli, iwaeBound, jackknifeIwaeBound, distortionRateChords, solveRateConstraint,
  solveSvmPrimal, solveSvmPrimalNorm, solveSvmDual, type RatePoint,
} from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

/** L_k^J = k L_k − (k − 1)/k Σ_i L_{k−1}^{(−i)} in float64, straight from the definition (w = exp(log w), 0 for −∞). */
function jackknife64(logWeights: number[]): number {
  const k = logWeights.length;
  const m = Math.max(...logWeights);
  const w = logWeights.map((l) => Math.exp(l - m));
  const total = w.reduce((s, v) => s + v, 0);
  const lk = Math.log(total / k) + m;
  const loo = w.map((wi) => Math.log((total - wi) / (k - 1)) + m);
  return k * lk - ((k - 1) / k) * loo.reduce((s, v) => s + v, 0);
}

/** Runs `f`, which must throw, and asserts that no tensor outlived it. */
function assertThrowsWithoutLeak(f: () => unknown, argument: string, fn: string): void {
  const before = tf.memory().numTensors;
  assertArgumentError(f, argument, fn);
  assert.equal(tf.memory().numTensors, before, "tensors leaked on the error path");
}

describe("jackknifeIwaeBound with infinite log-weights (as iwaeBound: −∞ is a zero weight)", () => {
  test("a −∞ log-weight among k = 4 is a zero weight: the float64 definition with w = 0", () => {
    const cols = [[0.3, -1.2, 2.0, -Infinity], [1.5, 0.5, -0.25, 0.75]]; // two observations, k = 4
    const lw = tf.tensor2d([0, 1, 2, 3].map((i) => cols.map((c) => c[i]))); // [k, batch]
    const got = jackknifeIwaeBound(lw).dataSync();
    cols.forEach((c, j) => assertClose(got[j], jackknife64(c), 1e-5, 1e-5, `column ${j}`));
    assert.ok(Number.isFinite(jackknife64(cols[0])));
    assertNoTensorLeak(() => jackknifeIwaeBound(lw).dispose());
    lw.dispose();
  });

  test("the audit's column: k = 2 with one −∞ — L_2 is finite, the jackknife is +∞ by its definition: an error", () => {
    const a = 3.31 + Math.log(2); // L_2 = a − log 2 = 3.31
    const lw = tf.tensor2d([[a, 0], [-Infinity, 0]]);
    const l2 = iwaeBound(lw);
    assertClose(l2.dataSync()[0], 3.31, 1e-5, 0, "L_2");
    assert.equal(jackknife64([a, -Infinity]), Infinity, "the definition gives +∞ (the leave-one-out without a is log 0)");
    assertThrowsWithoutLeak(() => jackknifeIwaeBound(lw), "logWeights", "jackknifeIwaeBound");
    assert.throws(() => jackknifeIwaeBound(lw), /column 0.*iwaeBound/);
    tf.dispose([lw, l2]);
  });

  test("+∞ (an infinite weight) is an error naming the flat index; an all-zero column gives −∞ like iwaeBound", () => {
    const inf = tf.tensor2d([[0, 1], [Infinity, 2], [0, 3]]);
    assertThrowsWithoutLeak(() => jackknifeIwaeBound(inf), "logWeights", "jackknifeIwaeBound");
    assert.throws(() => jackknifeIwaeBound(inf), /flat index 2/);
    const empty = tf.tensor2d([[-Infinity, 1], [-Infinity, 2], [-Infinity, 0.5]]);
    const got = jackknifeIwaeBound(empty).dataSync();
    assert.equal(got[0], -Infinity);
    assert.equal(iwaeBound(empty).dataSync()[0], -Infinity);
    assertClose(got[1], jackknife64([1, 2, 0.5]), 1e-5, 1e-5, "the finite column");
    assertNoTensorLeak(() => jackknifeIwaeBound(empty).dispose());
    tf.dispose([inf, empty]);
  });
});

describe("logProb: NaN in x and shapes that do not broadcast", () => {
  test("DiagNormal.logProb of an x with NaN is an error naming 'x' and the flat index, not NaN", () => {
    const d = new DiagNormal(tf.tensor2d([[0, 1], [2, 3]]), tf.tensor2d([[1, 2], [0.5, 1]]));
    const x = tf.tensor2d([[0.5, 1], [NaN, 3]]);
    assertThrowsWithoutLeak(() => d.logProb(x), "x", "DiagNormal.logProb");
    assert.throws(() => d.logProb(x), /flat index 2/);
    const m = new MvnTril(tf.tensor1d([0, 0]), [[1, 0], [0.5, 2]]);
    const xm = tf.tensor1d([NaN, 1]);
    assertThrowsWithoutLeak(() => m.logProb(xm), "x", "MvnTril.logProb");
    tf.dispose([d.loc, d.scale, x, m.loc, xm]);
  });

  test("mismatched batch shapes: an error naming 'x', the function and both shapes; broadcasting shapes still work", () => {
    const loc = tf.tensor2d([[0, 1], [2, 3], [4, 5]]), scale = tf.onesLike(loc);
    const d = new DiagNormal(loc, scale);
    const bad = tf.zeros([4, 2]);
    assertThrowsWithoutLeak(() => d.logProb(bad), "x", "DiagNormal.logProb");
    assert.throws(() => d.logProb(bad), (e: Error) => e.message.includes("[3, 2]") && e.message.includes("[4, 2]"));
    const bern = new Bernoulli(tf.zeros([3, 2]));
    assertThrowsWithoutLeak(() => bern.logProb(bad), "x", "Bernoulli.logProb");
    // x of shape [2, 3, 2] (a sample axis) and [1, 2] (broadcast over the batch): float64 values
    const xs = [[[0.5, 1.5], [2, 2], [3, 7]], [[0, 0], [1, 1], [4, 5]]];
    const got = d.logProb(tf.tensor3d(xs)).dataSync();
    const locs = [[0, 1], [2, 3], [4, 5]];
    const norm = (x: number[], mu: number[]) => x.reduce((s, v, i) => s - 0.5 * (v - mu[i]) ** 2 - 0.5 * Math.log(2 * Math.PI), 0);
    assertClose(got, xs.flatMap((row) => row.map((x, b) => norm(x, locs[b]))), 1e-5, 1e-6, "[2, 3, 2]");
    assertClose(d.logProb(tf.tensor2d([[1, 2]])).dataSync(), locs.map((mu) => norm([1, 2], mu)), 1e-5, 1e-6, "[1, 2]");
    tf.dispose([loc, scale, bad, bern.logits]);
  });
});

describe("distortionRateChords: ordering of the points, and errors that name it", () => {
  test("a chord whose rate rose with β is never bracketed, even when its slope lies in [β low, β high]", () => {
    // β = 1: mean rate 1, distortion 2; β = 2: rate 1.5 (rose), distortion 1.25 (fell): slope −0.75/−0.5 = 1.5 ∈ [1, 2]
    const lo = { beta: 1, rates: [0.9, 1.1, 1.0], distortions: [2.1, 1.9, 2.0] };
    const hi = { beta: 2, rates: [1.4, 1.6, 1.5], distortions: [1.3, 1.2, 1.25] };
    const [c] = distortionRateChords([hi, lo]);
    const ma = (1.3 + 1.2 + 1.25 - 2.1 - 1.9 - 2.0) / 3, mb = (0.9 + 1.1 + 1.0 - 1.4 - 1.6 - 1.5) / 3;
    assertClose(c.slope, ma / mb, 1e-12, 1e-12, "slope");
    assert.ok(c.slope >= 1 && c.slope <= 2, "the slope alone would be bracketed");
    assert.equal(c.bracketed, false);
    assert.match(c.violation ?? "", /rate rose .* β = 1 .* β = 2/);
    // an ordered pair (rate fell, distortion rose) has no violation
    const ok = distortionRateChords([lo, { beta: 2, rates: [0.4, 0.6, 0.5], distortions: [2.9, 3.1, 3.0] }]);
    assert.equal(ok[0].violation, null);
    assert.equal(ok[0].bracketed, ok[0].slope + 3 * ok[0].se >= 1 && ok[0].slope - 3 * ok[0].se <= 2);
  });

  test("a distortion that fell while the rate fell is reported too", () => {
    const [c] = distortionRateChords([{ beta: 1, rates: [2, 2.2], distortions: [3, 3.2] }, { beta: 4, rates: [1, 1.2], distortions: [2, 2.1] }]);
    assert.equal(c.bracketed, false);
    assert.match(c.violation ?? "", /distortion fell/);
  });

  test("subnormal rate differences: the error names distortionRateChords, not meanAndStandardError", () => {
    const pts = [{ beta: 1, rates: [2e-323, 2e-323], distortions: [1, 1.5] }, { beta: 2, rates: [1e-323, 1e-323], distortions: [2, 2.5] }];
    assertArgumentError(() => distortionRateChords(pts), "points", "distortionRateChords");
    assert.throws(() => distortionRateChords(pts), (e: Error) => !e.message.includes("meanAndStandardError"));
  });
});

describe("solveRateConstraint at a tight tolerance (SE 1e-9), in its default 6 rounds", () => {
  test("options null is an ArgumentError naming 'options'", async () => {
    const sweep: RatePoint[] = [{ beta: 1, rate: 2, se: 0 }, { beta: 4, rate: 0.5, se: 0 }];
    await assert.rejects(solveRateConstraint([1], sweep, (b) => b.map((beta) => ({ beta, rate: 1, se: 1 })), null as never),
      (e: Error & { argument?: string; fn?: string }) => e.argument === "options" && e.fn === "solveRateConstraint");
  });

  // A Gaussian source with independent components of variances σ_i², distortion D = Σ E(x_i − x̂_i)²: the
  // rate–distortion function is reverse water-filling (Cover & Thomas 2006, Theorem 10.3.3), R = Σ_i ½ log(σ_i²/D_i),
  // D_i = min(θ, σ_i²). Minimising D + βR gives θ = β/2, so R(β) = Σ_{i: 2σ_i² > β} ½ log(2σ_i²/β): piecewise
  // linear in log β with kinks at β = 2σ_i².
  const variances = [0.3, 1, 2.5, 6, 14];
  const rate = (beta: number) => variances.reduce((s, v) => s + (2 * v > beta ? 0.5 * Math.log((2 * v) / beta) : 0), 0);
  /** The root in closed form: for the m largest variances active, log β = (Σ_{i ≤ m} log 2σ_i² − 2ε) / m. */
  function waterFillingRoot(epsilon: number): { beta: number; active: number } {
    const desc = [...variances].sort((p, q) => q - p);
    for (let m = 1; m <= desc.length; m++) {
      const beta = Math.exp((desc.slice(0, m).reduce((s, v) => s + Math.log(2 * v), 0) - 2 * epsilon) / m);
      if (beta < 2 * desc[m - 1] && (m === desc.length || beta >= 2 * desc[m])) return { beta, active: m };
    }
    throw new Error("no root");
  }

  test("reverse water-filling: 5 ε converge within the default rounds, β* equal to the closed form", async () => {
    const se = 1e-9;
    const sweep: RatePoint[] = [0.25, 1, 4, 16].map((beta) => ({ beta, rate: rate(beta), se: 0 }));
    const epsilons = [0.4, 1.1, 2.3, 3.7, 5.2];
    const sols = await solveRateConstraint(epsilons, sweep, (betas) => betas.map((beta) => ({ beta, rate: rate(beta), se })));
    sols.forEach((sol, i) => {
      const root = waterFillingRoot(epsilons[i]);
      assert.ok(Math.abs(rate(root.beta) - epsilons[i]) < 1e-12, "the closed-form root solves R(β) = ε");
      assert.ok(sol.active, `ε = ${epsilons[i]}: not within 1 SE after ${sol.iterates.length} rounds`);
      assert.ok(sol.iterates.length <= 6);
      // dR/d log β = −m/2 on the active piece, so |Δ log β| ≤ 2·se/m
      assert.ok(Math.abs(Math.log(sol.beta / root.beta)) <= (2 * se) / root.active + 1e-12, `β* ${sol.beta} vs ${root.beta}`);
    });
  });

  // The tractable β-VAE of rate-constraint.test.ts (linear-Gaussian decoder, Gaussian encoder optimal in closed
  // form): smooth R(β), where the old 96 %-of-bracket guard needed 7–22 rounds.
  const a = 1.3, s = 0.4, sx = 1.7;
  const vaeRate = (beta: number) => {
    const m = a / (a * a + beta * s * s), v = (beta * s * s) / (beta * s * s + a * a);
    return 0.5 * (m * m * sx * sx + v - 1 - Math.log(v));
  };
  function rootByBisection(epsilon: number): number {
    let lo = Math.log(1e-3), hi = Math.log(1e3);
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (vaeRate(Math.exp(mid)) > epsilon) lo = mid; else hi = mid;
    }
    return Math.exp((lo + hi) / 2);
  }

  test("a closed-form β-VAE: 5 ε converge within the default rounds, β* equal to the bisection root", async () => {
    const se = 1e-9;
    const sweep: RatePoint[] = [0.25, 1, 4, 16, 64].map((beta) => ({ beta, rate: vaeRate(beta), se: 0 }));
    const epsilons = [0.05, 0.3, 0.7, 1.2, 1.8];
    const sols = await solveRateConstraint(epsilons, sweep, (betas) => betas.map((beta) => ({ beta, rate: vaeRate(beta), se })));
    sols.forEach((sol, i) => {
      assert.ok(sol.active, `ε = ${epsilons[i]}: not within 1 SE after ${sol.iterates.length} rounds`);
      const ref = rootByBisection(epsilons[i]);
      const dRdBeta = (vaeRate(ref * 1.001) - vaeRate(ref / 1.001)) / (ref * (1.001 - 1 / 1.001));
      assert.ok(Math.abs(sol.beta - ref) <= (2 * se) / Math.abs(dRdBeta) + 1e-12 * ref, `β* ${sol.beta} vs ${ref}`);
    });
  });
});

describe("primal SVM solvers where the dual converges: solved, or an error that says why and names solveSvmDual", () => {
  // Two classes in the plane, symmetric about the line x1 = x2 (so w = (w1, w1)).
  const base = [[0, 0], [1, 0], [0, 1], [2, 2], [3, 2], [2, 3]];
  const labels = [-1, -1, -1, 1, 1, 1];
  const scaled = (c: number) => base.map((r) => r.map((v) => v * c));
  // Expected w, in closed form: for C·scale² tiny every point lies inside the margin, α_j = C and w = C Σ y_j e_j
  // = C·c·(6, 6); at large C the classes are separated with the hard margin through (1, 0), (0, 1) and (2, 2):
  // w = (2/3, 2/3)/c. Every point twice, with opposite labels: each pair's hinge terms sum to ≥ 2, with equality iff
  // |w·e + b| ≤ 1, so w = 0 (with b = 0) attains the minimum of both terms: w* = 0.
  const pts = [[0.3, -1.2], [1.7, 0.4], [-0.8, 2.1], [2.5, 1.1], [-1.4, -0.6]];
  const twinned = [...pts, ...pts], twinLabels = [1, -1, 1, -1, 1, -1, 1, -1, 1, -1];
  const cases: { name: string; x: number[][]; y: number[]; C: number; w: number[] }[] = [
    { name: "one point twice, opposite labels", x: [[1, 2], [1, 2]], y: [1, -1], C: 1, w: [0, 0] },
    { name: "every point twice, opposite labels", x: twinned, y: twinLabels, C: 1, w: [0, 0] },
    { name: "C = 1e-300", x: base, y: labels, C: 1e-300, w: [6e-300, 6e-300] },
    { name: "features at scale 1e-8", x: scaled(1e-8), y: labels, C: 1, w: [6e-8, 6e-8] },
    { name: "features at scale 1e-4", x: scaled(1e-4), y: labels, C: 1, w: [6e-4, 6e-4] },
    { name: "features at scale 1e150", x: scaled(1e150), y: labels, C: 1, w: [(2 / 3) * 1e-150, (2 / 3) * 1e-150] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const dual = solveSvmDual(c.x, c.y, c.C);
      const scaleW = Math.max(...c.w.map(Math.abs));
      assertClose(dual.w!, c.w, 1e-9 * scaleW + (scaleW === 0 ? 1e-12 : 0), 0, "dual w");
      for (const [name, solve] of [["solveSvmPrimal", solveSvmPrimal], ["solveSvmPrimalNorm", solveSvmPrimalNorm]] as const) {
        let w: Float64Array;
        try {
          w = solve(c.x, c.y, c.C).w!;
        } catch (e) {
          const msg = (e as Error).message;
          assert.ok(msg.startsWith(`${name}:`), `the error names ${name}: ${msg}`);
          assert.match(msg, /solveSvmDual/, `the error points to the dual: ${msg}`);
          assert.match(msg, /RMS-1|RMS 1|w\* = 0|cannot be resolved|cannot resolve/, `the error says why: ${msg}`);
          continue;
        }
        if (name === "solveSvmPrimal") assertClose(w, c.w, 1e-6 * scaleW + (scaleW === 0 ? 1e-8 : 0), 0, `${name} w`);
        else {
          // the norm form solves the standard form with C' = C·||w*||: w agrees in direction (or both are 0)
          const n = Math.hypot(...w), m = Math.hypot(...c.w);
          if (m === 0 || n === 0) assert.ok(n <= 1e-8 * Math.max(1, m), `${name} w = ${Array.from(w)}`);
          else assertClose(Array.from(w, (v) => v / n), c.w.map((v) => v / m), 1e-6, 0, `${name} direction`);
        }
      }
    });
  }
});
