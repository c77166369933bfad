import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Vae, trainVae, estimateLogLikelihood, generateShapes, saveTensors, loadTensors, directoryHandler,
  betaElbo, elboAnalyticKl, DiagNormal, Random, tf,
} from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

const shapes = generateShapes({ n: 60, seed: 1, side: 8, positions: 3 });
const config = { inputSize: 64, hidden: [12], latentSize: 3 };
const tmp = () => mkdtempSync(join(tmpdir(), "elbolab-vae-"));

describe("directory IOHandler", () => {
  test("saveTensors / loadTensors round trip: same names, shapes, dtypes, bits; metadata kept", async () => {
    const dir = tmp();
    const tensors = { a: tf.tensor2d([[1.5, -2], [3e-8, 1e30]]), b: tf.tensor1d([7, 8, 9], "int32") };
    await saveTensors(dir, tensors, { note: "x", n: 3 });
    const back = await loadTensors(dir);
    assert.deepEqual(back.metadata, { note: "x", n: 3 });
    for (const [name, t] of Object.entries(tensors)) {
      assert.deepEqual(back.tensors[name].shape, t.shape);
      assert.equal(back.tensors[name].dtype, t.dtype);
      assert.deepEqual(Array.from(back.tensors[name].dataSync()), Array.from(t.dataSync()));
    }
    tf.dispose([...Object.values(tensors), ...Object.values(back.tensors)]);
    rmSync(dir, { recursive: true });
  });

  test("a missing directory and a truncated weights file are errors naming the argument", async () => {
    const dir = tmp();
    await assert.rejects(directoryHandler(join(dir, "nothing")).load!(), /'dir'.*'directoryHandler.load'/);
    await saveTensors(dir, { a: tf.ones([4]) });
    writeFileSync(join(dir, "weights.bin"), new Uint8Array(8));
    await assert.rejects(loadTensors(dir), /manifest describes 16/);
    rmSync(dir, { recursive: true });
    assertArgumentError(() => directoryHandler(""), "dir", "directoryHandler");
  });

  test("a saved VAE loads with identical weights and gives identical objectives", async () => {
    const dir = tmp();
    const vae = new Vae(config, 3);
    await vae.save(dir, { epochs: 0 });
    const { vae: back, metadata } = await Vae.load(dir);
    assert.equal(metadata.epochs, 0);
    assert.deepEqual(back.config, vae.config);
    const x = tf.tensor2d(shapes.images.subarray(0, 5 * 64), [5, 64]);
    assert.deepEqual(Array.from(back.objective(x, { kind: "iwae", k: 4 }, 9).dataSync()), Array.from(vae.objective(x, { kind: "iwae", k: 4 }, 9).dataSync()));
    tf.dispose(x);
    vae.dispose(); back.dispose();
    rmSync(dir, { recursive: true });
  });
});

describe("Vae objectives", () => {
  // built in a hook, after useBackend's initBackend: a suite's body runs when the file loads, before any hook
  let vae: Vae, x: tf.Tensor2D;
  before(() => {
    vae = new Vae(config, 4);
    x = tf.tensor2d(shapes.images.subarray(0, 6 * 64), [6, 64]);
  });

  test("log p(x | h) is the Bernoulli log-likelihood of the decoder's logits, computed here in float64", () => {
    const h = tf.tensor3d([[[0.3, -1, 2], [0, 0, 0], [1, 1, 1], [-0.5, 0.2, 0.1], [2, -2, 0], [0.1, 0.1, 0.1]]]);
    const lp = Array.from(vae.decode(h).logProb(x).dataSync());
    const logits = vae.decoder.apply(h).dataSync();
    const xs = x.dataSync();
    const expected = [0, 1, 2, 3, 4, 5].map((b) => {
      let s = 0;
      for (let i = 0; i < 64; i++) { const l = logits[b * 64 + i]; s += xs[b * 64 + i] * l - Math.log1p(Math.exp(l)); }
      return s;
    });
    assertClose(lp, expected, 1e-3, 1e-5);
    h.dispose();
  });

  test("the ELBO objective is betaElbo with β = 1 bit for bit; β = 0 leaves the reconstruction term", () => {
    const elbo = vae.objective(x, { kind: "elbo" }, 5).dataSync();
    const beta1 = vae.objective(x, { kind: "beta", beta: 1 }, 5).dataSync();
    assert.deepEqual(Array.from(beta1), Array.from(elbo));
    const t = vae.terms(x, 5);
    assert.deepEqual(Array.from(vae.objective(x, { kind: "beta", beta: 0 }, 5).dataSync()), Array.from(t.reconstruction.dataSync()));
    assertClose(beta1, tf.sub(t.reconstruction, t.kl).dataSync(), 1e-4, 1e-6, "ELBO = reconstruction - KL");
    // and the library functions agree with each other
    const q = vae.encode(x);
    const prior = DiagNormal.standard(3);
    assert.deepEqual(Array.from(betaElbo(t.reconstruction, q, prior, 1).dataSync()), Array.from(elboAnalyticKl(t.reconstruction, q, prior).dataSync()));
    tf.dispose([t.reconstruction, t.kl, q.loc, q.scale, prior.loc, prior.scale]);
  });

  test("L_k: shape [B], k = 1 equals the single log-weight, and the mean over draws grows with k", () => {
    const w = vae.logWeights(x, 1, 6);
    assert.deepEqual(w.shape, [1, 6]);
    assert.deepEqual(Array.from(vae.objective(x, { kind: "iwae", k: 1 }, 6).dataSync()), Array.from(w.dataSync()));
    const mean = (k: number) => { let s = 0; for (let r = 0; r < 20; r++) s += tf.mean(vae.objective(x, { kind: "iwae", k }, 100 + r)).dataSync()[0]; return s / 20; };
    assert.ok(mean(20) > mean(1));
    w.dispose();
  });

  test("no tensor leak in objectives and posteriors; bad inputs", () => {
    assertNoTensorLeak(() => {
      tf.dispose(vae.objective(x, { kind: "iwae", k: 3 }, 1));
      tf.dispose(vae.objective(x, { kind: "beta", beta: 4 }, 1));
      const p = vae.posterior(shapes.images, 7);
      tf.dispose([p.loc, p.scale]);
    });
    assertArgumentError(() => vae.objective(x, { kind: "beta", beta: -1 }, 0), "objective.beta", "Vae.objective");
    assertArgumentError(() => vae.objective(x, { kind: "iwae", k: 0 }, 0), "objective.k", "Vae.objective");
    assertArgumentError(() => vae.objective(tf.ones([2, 5]), { kind: "elbo" }, 0), "x", "Vae.objective");
    assertArgumentError(() => new Vae({ ...config, latentSize: 0 }, 0), "config.latentSize", "Vae");
  });
});

describe("trainVae", () => {
  test("same seed, same parameters bit for bit; the objective improves; no tensor survives training", () => {
    const before = tf.memory().numTensors;
    const run = (seed: number) => {
      const vae = new Vae(config, 7);
      const h = trainVae(vae, shapes, { objective: { kind: "iwae", k: 3 }, epochs: 6, batchSize: 16, seed, learningRate: 3e-3 });
      const w = vae.variables.map((v) => Array.from(v.dataSync()));
      vae.dispose();
      return { h, w };
    };
    const a = run(8), b = run(8), c = run(9);
    assert.deepEqual(a.w, b.w);
    assert.notDeepEqual(a.w, c.w);
    assert.ok(a.h[5].objective > a.h[0].objective, `objective per epoch ${a.h.map((e) => e.objective)}`);
    assert.equal(tf.memory().numTensors, before, "live tensors after training and disposing");
  });

  test("no tensor leak across repeated training runs on one model (binarised, beta objective)", () => {
    const vae = new Vae(config, 10);
    const grey = { ...shapes, images: shapes.images.map((v) => v * 0.8 + 0.1) };
    assertNoTensorLeak(() => { trainVae(vae, grey, { objective: { kind: "beta", beta: 2 }, epochs: 1, batchSize: 25, seed: new Random(1), binarize: true }); }, 3);
    vae.dispose();
  });

  test("bad options are errors naming the argument", () => {
    const vae = new Vae(config, 11);
    assertArgumentError(() => trainVae(vae, shapes, { objective: { kind: "elbo" }, epochs: 0, seed: 0 }), "options.epochs", "trainVae");
    assertArgumentError(() => trainVae(vae, generateShapes({ n: 4, seed: 0 }), { objective: { kind: "elbo" }, epochs: 1, seed: 0 }), "data.dim", "trainVae");
    assertArgumentError(() => trainVae(vae, { ...shapes, images: shapes.images.map((v, i) => (i === 3 ? NaN : v)) }, { objective: { kind: "elbo" }, epochs: 1, seed: 0 }), "data.images", "trainVae");
    vae.dispose();
  });
});

describe("estimateLogLikelihood (chunked L_k)", () => {
  test("chunks combine exactly: L_k from C chunks equals log-mean-exp of the chunk bounds, computed here in float64", () => {
    const vae = new Vae(config, 12);
    const data = { ...shapes, n: 3, images: shapes.images.subarray(0, 3 * 64) };
    const est = estimateLogLikelihood(vae, data, { k: 40, chunk: 10, batchSize: 3, seed: 13 });
    const x = tf.tensor2d(data.images, [3, 64]);
    const rng = new Random(13);
    const chunkBounds = [0, 1, 2, 3].map((c) => {
      const w = vae.logWeights(x, 10, rng.fork(0, c));
      const v = w.arraySync() as number[][];
      w.dispose();
      return [0, 1, 2].map((b) => { const col = v.map((r) => r[b]); const m = Math.max(...col); return m + Math.log(col.reduce((s, u) => s + Math.exp(u - m), 0) / 10); });
    });
    const expected = [0, 1, 2].map((b) => { const col = chunkBounds.map((r) => r[b]); const m = Math.max(...col); return m + Math.log(col.reduce((s, u) => s + Math.exp(u - m), 0) / 4); });
    assertClose(est.perImage, expected, 1e-4, 1e-6);
    assert.equal(est.k, 40);
    x.dispose();
    assertNoTensorLeak(() => { estimateLogLikelihood(vae, data, { k: 20, chunk: 7, seed: 1 }); }, 2);
    assertArgumentError(() => estimateLogLikelihood(vae, data, { k: 0, seed: 1 }), "options.k", "estimateLogLikelihood");
    vae.dispose();
  });
});
