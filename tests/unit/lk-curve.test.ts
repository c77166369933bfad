import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { estimateLkCurve, estimateLogLikelihoodParallel, generateShapes, Random, selectImages, tf, Vae, WorkerPool } from "elbolab";
import { assertArgumentError, assertClose, useBackend } from "./setup";

useBackend();

/** log (1/n) Σ exp(v) in float64. */
function logMeanExp(v: number[]): number {
  const max = Math.max(...v);
  return max + Math.log(v.reduce((s, x) => s + Math.exp(x - max), 0) / v.length);
}

describe("estimateLkCurve (common random numbers across k)", () => {
  const data = selectImages(generateShapes({ n: 7, seed: 2 }), [0, 1, 2, 3, 4, 5, 6]);
  const config = { inputSize: data.dim, hidden: [16], latentSize: 3 };
  const opts = { ks: [1, 2, 3, 6, 12, 18], chunk: 6, batchSize: 3, seed: 9 };

  test("L_k of every image is the log-mean-exp of the first k of the same draws (float64 reference here)", async () => {
    const vae = new Vae(config, 1);
    const curve = await estimateLkCurve(vae, data, { ...opts, workers: 0 });
    // log-weights [6, B] of every chunk c of every batch b, drawn from seed.fork(b, c), as rows per image
    const weights: number[][] = Array.from({ length: data.n }, () => []);
    for (let b = 0; b * 3 < data.n; b++) {
      const rows = Math.min(3, data.n - 3 * b);
      const x = tf.tensor2d(data.images.subarray(3 * b * data.dim, (3 * b + rows) * data.dim), [rows, data.dim]);
      for (let c = 0; c < 3; c++) {
        const lw = vae.logWeights(x, 6, new Random(9).fork(b, c));
        const v = lw.arraySync() as number[][];
        lw.dispose();
        for (let j = 0; j < rows; j++) weights[3 * b + j].push(...v.map((row) => row[j]));
      }
      x.dispose();
    }
    curve.forEach((est, i) => {
      const k = opts.ks[i];
      assert.equal(est.k, k);
      const expected = weights.map((w) => logMeanExp(w.slice(0, k)));
      // float32 arithmetic against float64: about 100 ulps of the value (the bound sums 256 pixel terms)
      expected.forEach((e, j) => assertClose(est.perImage[j], e, 0, 1e-5, `L_${k} of image ${j}`));
    });
    vae.dispose();
  });

  test("the largest k is exactly estimateLogLikelihoodParallel's L_K; 0 workers and a pool agree bit for bit", async () => {
    const vae = new Vae(config, 2);
    const here = await estimateLkCurve(vae, data, { ...opts, workers: 0 });
    const direct = await estimateLogLikelihoodParallel(vae, data, { k: 18, chunk: 6, batchSize: 3, seed: 9, workers: 0 });
    assert.deepEqual(here.at(-1), direct);
    const pool = await WorkerPool.create(1);
    try {
      const pooled = await estimateLkCurve(vae, data, { ...opts, pool });
      assert.deepEqual(pooled, here);
    } finally {
      await pool.close();
    }
    vae.dispose();
  });

  test("bad ks are errors naming the argument; no tensor survives", async () => {
    const vae = new Vae(config, 3);
    const before = tf.memory().numTensors;
    await estimateLkCurve(vae, data, { ...opts, workers: 0 });
    assert.equal(tf.memory().numTensors, before);
    const fails = async (ks: unknown, argument: string) => {
      await assert.rejects(estimateLkCurve(vae, data, { ...opts, ks: ks as number[], workers: 0 }), (e: Error) => {
        assertArgumentError(() => { throw e; }, argument, "estimateLkCurve");
        return true;
      });
    };
    await fails([1, 7, 12], "options.ks");
    await fails([], "options.ks");
    await fails([0, 6], "options.ks[0]");
    await fails("6", "options.ks");
    vae.dispose();
  });
});
