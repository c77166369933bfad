import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import {
  Vae, WorkerPool, estimateLogLikelihood, estimateLogLikelihoodParallel, trainVae, trainVaesParallel,
  defaultWorkerCount, vaeSnapshot, vaeFromSnapshot, generateShapes, tf,
} from "elbolab";
import { assertArgumentError, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

const shapes = generateShapes({ n: 23, seed: 1, side: 8, positions: 3 });
const config = { inputSize: 64, hidden: [12], latentSize: 3 };
const opts = { k: 60, chunk: 7, batchSize: 4, seed: 11 }; // m = 6, 10 chunks, 6 batches (the last of 3 images)
const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? "NaN" : v.toString()));

describe("worker threads: identical numbers whatever the number of workers", () => {
  let pool: WorkerPool;
  before(async () => {
    pool = await WorkerPool.create(2);
  });
  after(async () => {
    await pool.close();
  });

  test("L_k with 0 (in this thread), 1 and 2 workers, and a reused pool, is estimateLogLikelihood bit for bit", async () => {
    const vae = new Vae(config, 5);
    const reference = estimateLogLikelihood(vae, shapes, opts);
    for (const workers of [0, 1, 2]) {
      const est = await estimateLogLikelihoodParallel(vae, shapes, { ...opts, workers });
      assert.deepEqual(bits(est.perImage), bits(reference.perImage), `${workers} workers`);
      assert.equal(est.mean, reference.mean);
      assert.equal(est.se, reference.se);
    }
    const pooled = await estimateLogLikelihoodParallel(vae, shapes, { ...opts, pool });
    assert.deepEqual(bits(pooled.perImage), bits(reference.perImage), "reused pool");
    vae.dispose();
  });

  test("a sweep of trainings on workers ends with the weights of trainVae in this thread, bit for bit", async () => {
    const data = { ...shapes, n: 12, images: shapes.images.subarray(0, 12 * 64) };
    const make = () => [{ kind: "elbo" as const }, { kind: "iwae" as const, k: 3 }, { kind: "beta" as const, beta: 4 }].map((objective, i) => ({
      vae: new Vae(config, 20 + i), options: { objective, epochs: 2, batchSize: 5, seed: 30 + i },
    }));
    const here = make();
    const expected = here.map((job) => trainVae(job.vae, data, job.options));
    const there = make();
    const reported: [number, number, number][] = [];
    const histories = await trainVaesParallel(there, data, { pool, onEpoch: (job, e) => { reported.push([job, e.epoch, e.objective]); } });
    assert.deepEqual(histories.map((h) => h.map((e) => e.objective)), expected.map((h) => h.map((e) => e.objective)));
    const sortedReports = [...reported].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(sortedReports, expected.flatMap((h, job) => h.map((e): [number, number, number] => [job, e.epoch, e.objective])),
                     "onEpoch reports every epoch of every job, from the workers");
    there.forEach((job, i) => {
      assert.deepEqual(vaeSnapshot(job.vae).weights.map(bits), vaeSnapshot(here[i].vae).weights.map(bits), `job ${i}`);
    });
    [...here, ...there].forEach((job) => job.vae.dispose());
  });

  test("the tensor count does not grow across repeated evaluations (here and in the workers) and training steps", async () => {
    const vae = new Vae(config, 6);
    const data = { ...shapes, n: 10, images: shapes.images.subarray(0, 10 * 64) };
    const count = async () => [tf.memory().numTensors, ...(await pool.broadcast<{ numTensors: number }>("memory", {})).map((m) => m.numTensors)];
    await estimateLogLikelihoodParallel(vae, data, { k: 20, chunk: 5, seed: 1, pool }); // warm-up
    const start = await count();
    for (let i = 0; i < 3; i++) await estimateLogLikelihoodParallel(vae, data, { k: 20, chunk: 5, seed: i, pool });
    assert.deepEqual(await count(), start, "tensors (this thread, worker 1, worker 2) after 3 evaluations");
    assertNoTensorLeak(() => { estimateLogLikelihood(vae, data, { k: 20, chunk: 5, seed: 2 }); }, 3);
    assertNoTensorLeak(() => { trainVae(vae, data, { objective: { kind: "iwae", k: 5 }, epochs: 1, batchSize: 5, seed: 3 }); }, 3);
    assertNoTensorLeak(() => { trainVae(vae, data, { objective: { kind: "elbo" }, epochs: 1, batchSize: 5, seed: 3 }); }, 3);
    vae.dispose();
  });

  test("a snapshot rebuilds the same VAE; a failing task rejects with its message; a closed pool refuses work", async () => {
    const vae = new Vae(config, 7);
    const copy = vaeFromSnapshot(vaeSnapshot(vae));
    const x = tf.tensor2d(shapes.images.subarray(0, 3 * 64), [3, 64]);
    assert.deepEqual(bits(copy.objective(x, { kind: "iwae", k: 4 }, 1).dataSync()), bits(vae.objective(x, { kind: "iwae", k: 4 }, 1).dataSync()));
    tf.dispose(x);
    await assert.rejects(pool.run("vae:chunk", { id: "missing", images: new Float32Array(64), m: 2, seed: 0, b: 0, c: 0 }), /no VAE loaded with id missing.*vae:chunk/);
    await assert.rejects(pool.run("no-such-task", {}), /unknown task "no-such-task"/);
    const small = await WorkerPool.create(1);
    await small.close();
    await assert.rejects(small.run("memory", {}), /closed/);
    vae.dispose(); copy.dispose();
  });
});

describe("shutdown", () => {
  test("a process whose pool was never closed still exits once its work is done", () => {
    const script = `
      const { WorkerPool } = require("elbolab");
      WorkerPool.create(2).then(async (pool) => { await pool.broadcast("memory", {}); console.log("done"); });`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.signal, null, "the process had to be killed: idle workers kept it alive");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /done/);
  });
});

describe("argument checks", () => {
  test("workers must be an integer >= 0; ELBOLAB_WORKERS is read and checked", async () => {
    const vae = new Vae(config, 8);
    await assert.rejects(estimateLogLikelihoodParallel(vae, shapes, { ...opts, workers: -1 }), /'options.workers'.*'estimateLogLikelihoodParallel'/);
    await assert.rejects(estimateLogLikelihoodParallel(vae, shapes, { ...opts, k: 0, workers: 0 }), /'options.k'.*'estimateLogLikelihoodParallel'/);
    const saved = process.env.ELBOLAB_WORKERS;
    try {
      process.env.ELBOLAB_WORKERS = "3";
      assert.equal(defaultWorkerCount(), 3);
      process.env.ELBOLAB_WORKERS = "two";
      assertArgumentError(() => defaultWorkerCount(), "ELBOLAB_WORKERS", "defaultWorkerCount");
    } finally {
      if (saved === undefined) delete process.env.ELBOLAB_WORKERS;
      else process.env.ELBOLAB_WORKERS = saved;
    }
    vae.dispose();
  });
});
