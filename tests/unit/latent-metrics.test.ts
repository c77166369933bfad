import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { activeUnits, mutualInformationGap, discreteMutualInformation, totalCorrelation, Random, tf } from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

describe("activeUnits (Burda et al. 2016)", () => {
  test("counts dimensions whose posterior-mean variance exceeds 1e-2 (variance computed here in float64)", () => {
    const rng = new Random(1);
    const rows = Array.from({ length: 500 }, () => [rng.normal(), 0.05 * rng.normal(), 0.3 * rng.normal(), 7]);
    const r = activeUnits(rows);
    const cols = [0, 1, 2, 3].map((j) => rows.map((row) => row[j]));
    const expected = cols.map((c) => { const m = c.reduce((a, b) => a + b, 0) / c.length; return c.reduce((s, v) => s + (v - m) ** 2, 0) / (c.length - 1); });
    assertClose(r.variances, expected, 1e-12, 1e-9, "variances");
    assert.equal(r.count, expected.filter((v) => v > 1e-2).length);
    assert.equal(r.count, 2);
    assert.equal(activeUnits(tf.tensor2d(rows)).count, 2, "a tf.Tensor2D gives the same count");
    assert.equal(activeUnits(rows, 1e-4).count, 3);
  });

  test("bad inputs", () => {
    assertArgumentError(() => activeUnits([[1, 2]]), "posteriorMeans", "activeUnits");
    assertArgumentError(() => activeUnits([[1, NaN], [2, 3]]), "posteriorMeans", "activeUnits");
    assertArgumentError(() => activeUnits([[1], [2]], -1), "threshold", "activeUnits");
  });
});

describe("mutualInformationGap (Chen et al. 2018)", () => {
  const n = 5000;
  const rng = new Random(2);
  const factors = [3, 6, 6].map((m) => Int32Array.from({ length: n }, () => rng.integer(m)));

  test("discrete MI: I(a; a) = H(a), independent labels give ≈ 0", () => {
    const a = Int32Array.from({ length: 4 }, (_, i) => i % 2);
    assertClose(discreteMutualInformation(a, a), Math.log(2), 1e-12);
    assertClose(discreteMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 0, 1e-12);
  });

  test("a perfectly disentangled code scores ≈ 1 (only the plug-in bias below 1), whatever the column order", () => {
    const codes = Array.from({ length: n }, (_, i) => [factors[2][i] * 0.5 + 0.01 * rng.normal(), -factors[0][i], factors[1][i] + 0.01 * rng.normal(), rng.normal()]);
    const r = mutualInformationGap(codes, factors);
    // runner-up MI is the plug-in bias of an independent pair, about (bins - 1)(m - 1) / (2n) nats
    const bias = (20 - 1) * (6 - 1) / (2 * n);
    assert.ok(r.mig > 1 - 3 * bias / Math.log(3), `MIG ${r.mig}`);
    r.entropies.forEach((h, k) => assertClose(Math.max(...r.mutualInformation[k]), h, 1e-3, 0, `top MI of factor ${k}`));
  });

  test("a random code scores ≈ 0, and a code mixing two factors in one dimension scores lower than separating them", () => {
    const random = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
    assert.ok(mutualInformationGap(random, factors).mig < 0.03);
    const mixed = Array.from({ length: n }, (_, i) => [factors[1][i] + 6 * factors[2][i], factors[1][i] + 6 * factors[2][i] + 0.01 * rng.normal(), factors[0][i]]);
    const separate = Array.from({ length: n }, (_, i) => [factors[1][i], factors[2][i], factors[0][i]]);
    assert.ok(mutualInformationGap(mixed, factors).mig < 0.5 * mutualInformationGap(separate, factors).mig);
  });

  test("bad inputs", () => {
    assertArgumentError(() => mutualInformationGap([[1], [2]], [[0, 1]]), "codes", "mutualInformationGap");
    assertArgumentError(() => mutualInformationGap([[1, 2], [2, 3]], [[0, 1, 1]]), "factors[0]", "mutualInformationGap");
    assertArgumentError(() => mutualInformationGap([[1, 2], [2, 3]], [[1, 1]]), "factors[0]", "mutualInformationGap");
    assertArgumentError(() => mutualInformationGap([[1, 2], [2, 3]], [[0.5, 1]]), "factors[0]", "mutualInformationGap");
    assertArgumentError(() => mutualInformationGap([[1, 2], [2, 3]], [[0, 1]], 1), "bins", "mutualInformationGap");
  });
});

describe("totalCorrelation of the aggregate posterior", () => {
  test("a full grid of means with equal scales factorises: TC = 0 for every draw", () => {
    const grid: number[][] = [];
    for (const a of [-2, 0, 1.5]) for (const b of [-1, 3]) for (const c of [0, 0.5]) grid.push([a, b, c]);
    const loc = tf.tensor2d(grid);
    const scale = tf.tensor2d(grid.map(() => [0.7, 1.1, 0.4]));
    const r = totalCorrelation(loc, scale, { samples: 200, seed: 3 });
    assertClose(r.tc, 0, 1e-4);
    tf.dispose([loc, scale]);
  });

  test("two far-apart components on the diagonal: TC = log 2 (each term is exactly 2 log 2 - log 2)", () => {
    const loc = tf.tensor2d([[0, 0], [20, 20]]);
    const scale = tf.tensor2d([[0.5, 0.5], [0.5, 0.5]]);
    const r = totalCorrelation(loc, scale, { samples: 100, seed: 4 });
    assertClose(r.tc, Math.log(2), 1e-4);
    tf.dispose([loc, scale]);
  });

  test("no tensor leak; bad inputs", () => {
    const loc = tf.tensor2d([[0, 1], [2, 0], [1, 1]]);
    const scale = tf.onesLike(loc);
    assertNoTensorLeak(() => { totalCorrelation(loc, scale, { samples: 10, seed: 5 }); });
    assertArgumentError(() => totalCorrelation(loc, tf.zerosLike(loc), { seed: 0 }), "scale", "totalCorrelation");
    assertArgumentError(() => totalCorrelation(loc, tf.ones([3]), { seed: 0 }), "scale", "totalCorrelation");
    assertArgumentError(() => totalCorrelation(loc, scale, { seed: 0, samples: 0 }), "options.samples", "totalCorrelation");
    tf.dispose([loc, scale]);
  });
});
