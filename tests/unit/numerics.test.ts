/**
 * Float32 accuracy of the reductions on the default backend (wasm here): gradients through logSumExp
 * with tied maxima, normalised weights at large offsets, means over 1e6 terms, and any k in chunking.
 * Expected values are computed in float64 inside the tests.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  accurateMean, batchImages, blockedSum, combineChunkBounds, elboFromLogWeights, estimateLogLikelihood,
  estimateLogLikelihoodParallel, iwaeBound, logMeanExp, logSumExp, normalizedWeights, planChunks, planLogLikelihood,
  Random, tf, Vae,
} from "elbolab";
import { assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

/** Σ in float64 of a float32 array (the exact sum of the float32 inputs, up to float64 rounding). */
function sum64(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** The spacing of float32 numbers at |x| (one unit in the last place). */
function ulp32(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
}

describe("logSumExp: the gradient does not flow through the max shift", () => {
  for (const k of [1e4, 1e5]) {
    test(`tied maximal log-weights at k = ${k}: the weights' gradient sums to 1 within 1e-4`, () => {
      for (const offset of [0, -1e5]) {
        const x = tf.fill([k], offset);
        const g = tf.grad((v: tf.Tensor) => logMeanExp(v, 0))(x);
        const total = sum64(g.dataSync());
        assert.ok(Math.abs(total - 1) <= 1e-4, `Σ ∂L/∂log w = ${total} at offset ${offset}, want 1 ± 1e-4`);
        tf.dispose([x, g]);
      }
    });
  }

  test("two tied maxima among others: the gradient is the softmax (float64 in the test)", () => {
    const v = [3, 3, 1, -2];
    const g = tf.grad((x: tf.Tensor) => logSumExp(x, 0))(tf.tensor(v)).dataSync();
    const z = v.map((a) => Math.exp(a - 3));
    const s = sum64(z);
    assertClose(g, z.map((a) => a / s), 1e-7);
  });
});

describe("normalizedWeights sum to 1 at any offset", () => {
  for (const offset of [-1e5, -1e6, -1e7]) {
    test(`offset ${offset}: Σ w̃ = 1 within 1e-5 (k = 1000, log w = offset + N(0, 2²))`, () => {
      const rng = new Random(7);
      const lw = Float32Array.from({ length: 1000 }, () => offset + 2 * rng.normal());
      const w = normalizedWeights(tf.tensor2d(lw, [1000, 1]), 0);
      const total = sum64(w.dataSync());
      assert.ok(Math.abs(total - 1) <= 1e-5, `Σ w̃ = ${total}`);
      // and each weight is the float64 softmax of the float32 inputs, to float32 relative precision
      const m = Math.max(...lw);
      const e = Array.from(lw, (a) => Math.exp(a - m));
      const s = sum64(e);
      assertClose(w.dataSync(), e.map((a) => a / s), 1e-7, 1e-5, "w̃");
      w.dispose();
    });
  }
});

describe("reductions over 1e6 terms", () => {
  const n = 1_000_000;
  const rng = new Random(11);
  const lw = Float32Array.from({ length: n }, () => -1e5 + 30 * rng.normal());
  const exactMean = sum64(lw) / n;

  test("the mean of 1e6 log-weights near -1e5 is accurate to float32 rounding of the result", () => {
    const x = tf.tensor2d(lw, [n, 1]);
    const elbo = elboFromLogWeights(x, 0).dataSync()[0];
    const mean = accurateMean(x, 0).dataSync()[0];
    // One rounding of the result to float32 is half an ulp; the shifted, blocked sum adds far less.
    const tol = ulp32(exactMean);
    assert.ok(Math.abs(elbo - exactMean) <= tol, `elboFromLogWeights ${elbo} vs float64 ${exactMean} (tolerance ${tol})`);
    assert.equal(mean, elbo);
    const naive = tf.mean(x, 0).dataSync()[0];
    console.log(`  mean of 1e6 log-weights: float64 ${exactMean}, accurateMean ${mean}, tf.mean ${naive}`);
    x.dispose();
  });

  test("blockedSum of 1e6 terms is within the blocked-summation error bound 2√n·u·Σ|x| (u = 2^-24)", () => {
    const x = tf.tensor1d(lw);
    const s = blockedSum(x, 0).dataSync()[0];
    const naive = tf.sum(x).dataSync()[0];
    const exact = sum64(lw);
    const bound = 2 * Math.sqrt(n) * 2 ** -24 * Math.abs(exact);
    console.log(`  Σ of 1e6 terms: float64 ${exact}, blockedSum ${s} (error ${s - exact}), tf.sum ${naive} (error ${naive - exact})`);
    assert.ok(Math.abs(s - exact) <= bound, `blockedSum ${s} vs float64 ${exact} (bound ${bound})`);
    x.dispose();
  });

  test("logMeanExp of 1e6 log-weights near -1e5 equals the float64 value to float32 rounding", () => {
    const x = tf.tensor1d(lw);
    const lme = logMeanExp(x, 0).dataSync()[0];
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (lw[i] > max) max = lw[i];
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(lw[i] - max);
    const exact = max + Math.log(s / n);
    assert.ok(Math.abs(lme - exact) <= ulp32(exact), `logMeanExp ${lme} vs float64 ${exact}`);
    x.dispose();
  });

  test("blocked reductions of short axes are tf.sum / tf.mean bit for bit, and leak nothing", () => {
    const x = tf.tensor2d(lw.subarray(0, 3000), [1000, 3]);
    assert.deepEqual(Array.from(blockedSum(x, 0).dataSync()), Array.from(tf.sum(x, 0).dataSync()));
    assert.deepEqual(Array.from(accurateMean(x, 0).dataSync()), Array.from(tf.mean(x, 0).dataSync()));
    const y = tf.tensor2d(lw.subarray(0, 6006), [3, 2002]);
    assertNoTensorLeak(() => {
      blockedSum(y, 1).dispose();
      accurateMean(y, 1, true).dispose();
      elboFromLogWeights(y, 1).dispose();
    });
    tf.dispose([x, y]);
  });
});

describe("planChunks and combineChunkBounds: any k", () => {
  test("chunk sizes: sum to k, at most the limit, differ by at most one, C = ⌈k / limit⌉", () => {
    for (const [k, limit] of [[100_003, 500], [100_000, 500], [5000, 500], [7, 500], [1, 1], [1009, 10], [12, 5]]) {
      const sizes = planChunks(k, limit);
      assert.equal(sizes.length, Math.ceil(k / limit), `C for k = ${k}`);
      assert.equal(sizes.reduce((a, b) => a + b, 0), k);
      assert.ok(Math.max(...sizes) <= limit && Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes for k = ${k}`);
    }
    // a prime k no longer collapses the chunk size to 1
    assert.ok(Math.min(...planChunks(100_003, 500)) >= 497); // 201 chunks of 497 or 498
    // where an equal split exists it is the one chosen (the largest divisor of k not above the limit)
    assert.deepEqual(planChunks(5000, 500), new Array(10).fill(500));
  });

  test("combining unequal chunks gives the L_k of all k weights (float64 in the test)", () => {
    const rng = new Random(3);
    const k = 1009;
    const lw = Float32Array.from({ length: k * 2 }, () => -50 + 3 * rng.normal()); // [k, 2]
    const sizes = planChunks(k, 100);
    const parts: number[] = [];
    let start = 0;
    for (const m of sizes) {
      const chunk = tf.tensor2d(lw.subarray(start * 2, (start + m) * 2), [m, 2]);
      const b = iwaeBound(chunk, 0);
      parts.push(...b.dataSync());
      tf.dispose([chunk, b]);
      start += m;
    }
    const bounds = tf.tensor2d(parts, [sizes.length, 2]);
    const combined = combineChunkBounds(bounds, sizes).dataSync();
    for (let j = 0; j < 2; j++) {
      let max = -Infinity;
      for (let i = 0; i < k; i++) max = Math.max(max, lw[i * 2 + j]);
      let s = 0;
      for (let i = 0; i < k; i++) s += Math.exp(lw[i * 2 + j] - max);
      const exact = max + Math.log(s / k);
      assert.ok(Math.abs(combined[j] - exact) <= 4 * ulp32(exact), `L_k[${j}] ${combined[j]} vs ${exact}`);
    }
    bounds.dispose();
  });

  test("equal chunks combine exactly as iwaeBound over the chunk axis", () => {
    const b = tf.tensor2d([[-3, -1], [-2, -4], [-5, 0]]);
    assert.deepEqual(Array.from(combineChunkBounds(b, [4, 4, 4]).dataSync()), Array.from(iwaeBound(b, 0).dataSync()));
    b.dispose();
  });
});

describe("estimateLogLikelihood with a k that the chunk limit does not divide", () => {
  test("k = 13 in chunks of ≤ 5: the estimate is L_13 of the 13 draws of its units, with 0 or 1 worker", async () => {
    const vae = new Vae({ inputSize: 4, hidden: [3], latentSize: 2 }, 5);
    const images = Float32Array.from([0, 0.5, 1, 0.25, 1, 1, 0, 0, 0.2, 0.4, 0.6, 0.8]);
    const data = { images, n: 3, dim: 4, side: 2 };
    const options = { k: 13, chunk: 5, batchSize: 2, seed: 9 };
    const plan = planLogLikelihood(vae, data, options);
    assert.deepEqual(plan.sizes, [5, 4, 4]);
    const est = estimateLogLikelihood(vae, data, options);
    // the same units by hand: batch b, chunk c draws plan.sizes[c] samples from fork(b, c); L_13 of all of them
    for (let b = 0; b < plan.batches; b++) {
      const rowsB = batchImages(data, plan, b);
      const n = rowsB.length / 4;
      const lw = tf.tidy(() => tf.concat(plan.sizes.map((m, c) => vae.logWeights(tf.tensor2d(rowsB, [n, 4]), m, new Random(plan.seed).fork(b, c))), 0));
      const exact = Array.from(lw.dataSync());
      for (let j = 0; j < n; j++) {
        const col = Array.from({ length: 13 }, (_, i) => exact[i * n + j]);
        const m = Math.max(...col);
        const l13 = m + Math.log(col.reduce((s, v) => s + Math.exp(v - m), 0) / 13);
        assert.ok(Math.abs(est.perImage[b * plan.batchSize + j] - l13) <= 4 * ulp32(l13), `image ${b * plan.batchSize + j}: ${est.perImage[b * plan.batchSize + j]} vs ${l13}`);
      }
      lw.dispose();
    }
    const par = await estimateLogLikelihoodParallel(vae, data, { ...options, workers: 1 });
    assert.deepEqual(Array.from(par.perImage), Array.from(est.perImage), "1 worker gives the same bits as this thread");
    vae.dispose();
  });
});
