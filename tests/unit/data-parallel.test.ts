import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Vae, WorkerPool, Random, defaultShards, tf, trainVae, trainVaeParallel, trainVaesParallel, type ImageSet, type VaeObjective } from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

useBackend();

const CONFIG = { inputSize: 16, hidden: [12, 10], latentSize: 3 };

function images(n: number, seed: number): ImageSet {
  const rng = new Random(seed);
  return { images: Float32Array.from({ length: n * 16 }, () => (rng.uniform() < 0.35 ? 1 : 0)), n, dim: 16, side: 4 };
}

const weights = (vae: Vae) => vae.variables.map((v) => Array.from(v.dataSync()));

describe("data-parallel trainVae (shards on worker threads)", () => {
  for (const objective of [{ kind: "elbo" }, { kind: "iwae", k: 4 }, { kind: "beta", beta: 2 }] as VaeObjective[]) {
    test(`${objective.kind}: the same parameters and history, bit for bit, with 0, 1 and 2 workers; tensors back to baseline`, async () => {
      const data = images(23, 1);
      const options = { objective, epochs: 2, batchSize: 10, seed: 5, shards: 3, binarize: true };
      const before = tf.memory().numTensors;
      const runs: { w: number[][]; h: number[] }[] = [];
      for (const workers of [0, 1, 2]) {
        const vae = new Vae(CONFIG, 2);
        const history = await trainVaeParallel(vae, data, { ...options, workers });
        runs.push({ w: weights(vae), h: history.map((e) => e.objective) });
        vae.dispose();
        assert.equal(tf.memory().numTensors, before, `live tensors after the run with ${workers} workers`);
      }
      assert.deepEqual(runs[1], runs[0], "1 worker vs this thread");
      assert.deepEqual(runs[2], runs[0], "2 workers vs this thread");
      // and the training did something: the parameters moved from their initial values
      const init = new Vae(CONFIG, 2);
      assert.notDeepEqual(runs[0].w, weights(init));
      init.dispose();
    });
  }

  test("a pool is reused for two trainings in a row and left open; a bad pool or shards is an error naming it", async () => {
    const data = images(12, 3);
    const pool = await WorkerPool.create(2);
    try {
      const a = new Vae(CONFIG, 4), b = new Vae(CONFIG, 4), c = new Vae(CONFIG, 4);
      const options = { objective: { kind: "iwae" as const, k: 3 }, epochs: 1, batchSize: 6, seed: 9 };
      trainVae(a, data, { ...options, pool });
      trainVae(b, data, { ...options, pool }); // immediately again: the replicas of the first run have left
      trainVae(c, data, options);
      assert.deepEqual(weights(a), weights(c));
      assert.deepEqual(weights(b), weights(c));
      [a, b, c].forEach((v) => v.dispose());
    } finally {
      await pool.close();
    }
    const vae = new Vae(CONFIG, 4);
    assertArgumentError(() => trainVae(vae, data, { objective: { kind: "elbo" }, epochs: 1, seed: 1, shards: 0 }), "options.shards", "trainVae");
    assertArgumentError(() => trainVae(vae, data, { objective: { kind: "elbo" }, epochs: 1, seed: 1, pool: {} as WorkerPool }), "options.pool", "trainVae");
    // the default cut depends on the batch's decoded samples only (B·k ≥ 200: 2 shards)
    assert.deepEqual([defaultShards(100, { kind: "iwae", k: 50 }), defaultShards(20, { kind: "iwae", k: 10 }), defaultShards(100, { kind: "elbo" }), defaultShards(1, { kind: "iwae", k: 500 })], [2, 2, 1, 1]);
    await assert.rejects(trainVaeParallel(vae, data, { objective: { kind: "elbo" }, epochs: 1, seed: 1, workers: -1 }), /options\.workers/);
    // capped like every worker count (4 × cores): no thread per requested worker until memory runs out
    await assert.rejects(trainVaeParallel(vae, data, { objective: { kind: "elbo" }, epochs: 1, seed: 1, workers: 1e6 }), /options\.workers.*at most 4 × the/);
    vae.dispose();
  });

  test("trainVaesParallel with one job trains it data-parallel: the same bits as trainVae in this thread, epochs reported", async () => {
    const data = images(14, 8);
    const options = { objective: { kind: "iwae" as const, k: 2 }, epochs: 2, batchSize: 7, seed: 4 };
    const a = new Vae(CONFIG, 5), b = new Vae(CONFIG, 5);
    const reported: number[] = [];
    const [history] = await trainVaesParallel([{ vae: a, options }], data, { workers: 2, onEpoch: (job, e) => reported.push(job, e.epoch) });
    const expected = trainVae(b, data, options);
    assert.deepEqual(weights(a), weights(b));
    assert.deepEqual(history.map((e) => e.objective), expected.map((e) => e.objective));
    assert.deepEqual(reported, [0, 0, 0, 1]);
    a.dispose();
    b.dispose();
  });

  test("one shard per batch is the plain full-batch gradient step (same bits as optimizer.minimize on the mean)", () => {
    const data = images(8, 6);
    const a = new Vae(CONFIG, 7), b = new Vae(CONFIG, 7);
    trainVae(a, data, { objective: { kind: "elbo" }, epochs: 1, batchSize: 8, seed: 3, shards: 1 });
    // the same step by hand: noise of example j of step 0 from seed.fork(1).fork(0, j)
    const noise = new Random(3).fork(1);
    const eps = tf.tensor2d(Array.from({ length: 8 }, (_, j) => Array.from(noise.fork(0, j).normalArray(3))));
    const perm = new Random(3).fork(0).permutation(8);
    const x = tf.tensor2d(Array.from(perm, (p) => Array.from(data.images.subarray(p * 16, (p + 1) * 16))));
    const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-4);
    opt.minimize(() => tf.mul(tf.sum(b.objectiveWithNoise(x, { kind: "elbo" }, eps)), -1 / 8) as tf.Scalar, false, b.variables);
    assert.deepEqual(weights(a), weights(b));
    tf.dispose([eps, x]);
    opt.dispose();
    a.dispose();
    b.dispose();
  });
  test("a training that diverges says so, with the epoch, the step and what to change, in this thread and on 2 workers", async () => {
    const data = images(40, 10);
    const options = { objective: { kind: "elbo" as const }, epochs: 20, batchSize: 10, seed: 2, learningRate: 1e6, shards: 2 };
    const pool = await WorkerPool.create(2);
    const before = tf.memory().numTensors;
    try {
      for (const where of [undefined, pool]) {
        const vae = new Vae(CONFIG, 11);
        assert.throws(() => trainVae(vae, data, { ...options, pool: where }),
          /^Error: trainVae: training diverged at epoch \d+, step \d+: NaN from its weights .*lower options\.learningRate/s);
        vae.dispose();
        assert.equal(tf.memory().numTensors, before, "live tensors after the failed training");
      }
    } finally {
      await pool.close();
    }
  });
});
