import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  LinearGaussianModel, DiscreteLatentModel, MvnTril, CategoricalStates, GaussianEncoder, trainEncoderByElbo,
  gaussianFamily, gaussianFamilyParameters, discreteFamily, klGaussian64, logImportanceWeights, meanAndStandardError,
  referenceModels, reference, Random, tf, GAUSSIAN_FAMILY_KINDS, DISCRETE_FAMILY_KINDS,
} from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

const lg = LinearGaussianModel.random({ latentDim: 2, observedDim: 4, sigma: 0.6, seed: 11 });
const dl = DiscreteLatentModel.random({ latentDim: 3, observedDim: 4, sigma: 0.7, seed: 12 });
const rows = (t: tf.Tensor) => t.arraySync() as number[][];

describe("LinearGaussianModel", () => {
  test("log p(e) equals the float64 D×D Cholesky density of N(b, WWᵀ + σ²I)", () => {
    const { h, e } = lg.sample(5, 1);
    const expected = rows(e).map((x) => referenceModels.linearGaussianLogMarginal64(x, lg.W, lg.b, lg.sigma));
    assertClose(lg.logMarginal(e).dataSync(), expected, 1e-4, 1e-5, "logMarginal");
    assertClose(rows(e).map((x) => lg.logMarginal64(x)), expected, 1e-10, 1e-12, "logMarginal64");
    tf.dispose([h, e]);
  });

  test("the exact posterior equals the conditioned joint Gaussian (float64 reference)", () => {
    const { h, e } = lg.sample(3, 2);
    const post = lg.posterior(e);
    rows(e).forEach((x, i) => {
      const ref = referenceModels.linearGaussianPosterior64(x, lg.W, lg.b, lg.sigma);
      assertClose(rows(post.loc)[i], ref.mean, 1e-4, 1e-4, "posterior mean");
      assertClose(lg.posterior64(x).mean, ref.mean, 1e-10, 1e-10, "posterior64 mean");
      assertClose(post.covariance.flat(), ref.cov.flat(), 1e-10, 1e-10, "posterior covariance");
    });
    tf.dispose([h, e, post.loc]);
  });

  test("Bayes: log p(h) + log p(e | h) - log p(h | e) = log p(e) for any h", () => {
    const { e } = lg.sample(2, 3);
    const h = tf.tensor([[[0.3, -1.1], [2, 0.5]], [[-0.4, 0.1], [1, 1]]]); // [k=2, batch=2, d]
    const post = lg.posterior(e);
    const lhs = tf.sub(lg.logJoint(e)(h), post.logProb(h));
    const lpe = lg.logMarginal(e).dataSync();
    assertClose(lhs.dataSync(), [...lpe, ...lpe], 1e-3, 1e-5);
    tf.dispose([e, h, post.loc, lhs]);
  });

  test("closed-form ELBO: log p(e) - ELBO(q) = KL(q || p(h | e)), 0 at the exact posterior", () => {
    const e = rows(lg.sample(1, 4).e)[0];
    const post = lg.posterior64(e);
    for (const kind of GAUSSIAN_FAMILY_KINDS) {
      const { shift, cov } = gaussianFamilyParameters(lg.posteriorCovariance, kind);
      const mean = post.mean.map((v, i) => v + shift[i]);
      const gap = lg.logMarginal64(e) - lg.elbo64(e, mean, cov);
      assertClose(gap, klGaussian64(mean, cov, post.mean, post.cov), 1e-10, 1e-9, `gap of ${kind}`);
      if (kind === "exact") assertClose(gap, 0, 1e-10);
      else assert.ok(gap > 1e-3, `${kind} should have a positive gap, got ${gap}`);
    }
  });

  test("the Monte Carlo ELBO of a mismatched q matches the closed form within standard errors", () => {
    const { e } = lg.sample(1, 5);
    const q = gaussianFamily(lg, e, "narrow");
    const lw = Array.from(logImportanceWeights(lg.logJoint(e), q, 20000, 6).dataSync());
    const m = meanAndStandardError(lw);
    const ex = rows(e)[0];
    const post = lg.posterior64(ex);
    const exact = lg.elbo64(ex, post.mean, q.covariance);
    assert.ok(Math.abs(m.mean - exact) < 4 * m.se, `${m.mean} vs ${exact} ± ${m.se}`);
    tf.dispose([e, q.loc]);
  });

  test("MvnTril logProb matches the float64 density; samples have covariance L Lᵀ", () => {
    const cov = [[1.5, 0.6], [0.6, 0.8]];
    const q = MvnTril.fromCovariance(tf.tensor([[0.5, -1]]), cov);
    const x = [[0.1, 0.2], [2, -3]];
    assertClose(q.logProb(tf.tensor(x).reshape([2, 1, 2])).dataSync(), x.map((r) => reference.mvnLogPdf64(r, [0.5, -1], cov)), 1e-5, 1e-5);
    const s = rows(q.sample(3, [20000]).reshape([20000, 2]));
    const c01 = meanAndStandardError(s.map((r) => (r[0] - 0.5) * (r[1] + 1)));
    assert.ok(Math.abs(c01.mean - 0.6) < 4 * c01.se, `covariance ${c01.mean} vs 0.6 ± ${c01.se}`);
    assertClose(q.entropy().dataSync(), [0.5 * 2 * Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(1.5 * 0.8 - 0.36)], 1e-5);
  });

  test("no tensor leak; bad configuration is an error naming the argument", () => {
    const { h, e } = lg.sample(4, 7);
    assertNoTensorLeak(() => {
      const q = gaussianFamily(lg, e, "diagonal");
      tf.dispose(tf.tidy(() => [lg.logMarginal(e), lg.logJoint(e)(h.expandDims(1)), q.logProb(h), ...Object.values(q.rsample(1, [3]))]));
      q.loc.dispose();
    });
    tf.dispose([h, e]);
    assertArgumentError(() => new LinearGaussianModel({ W: [[1, 2], [3]], b: [0, 0], sigma: 1 }), "config.W", "LinearGaussianModel");
    assertArgumentError(() => new LinearGaussianModel({ W: [[1], [2]], b: [0], sigma: 1 }), "config.b", "LinearGaussianModel");
    assertArgumentError(() => new LinearGaussianModel({ W: [[1], [2]], b: [0, 0], sigma: 0 }), "config.sigma", "LinearGaussianModel");
    assertArgumentError(() => new LinearGaussianModel({ W: [[1], [NaN]], b: [0, 0], sigma: 1 }), "config.W[1]", "LinearGaussianModel");
    assertArgumentError(() => lg.logMarginal(tf.zeros([2, 3])), "e", "LinearGaussianModel.logMarginal");
    assertArgumentError(() => gaussianFamilyParameters(lg.posteriorCovariance, "narrow", 1.5), "amount", "gaussianFamilyParameters");
    assertArgumentError(() => gaussianFamilyParameters(lg.posteriorCovariance, "odd" as "exact"), "kind", "gaussianFamilyParameters");
    assertArgumentError(() => new MvnTril(tf.zeros([2]), [[1, 1], [0, 1]]), "scaleTril", "MvnTril");
    assertArgumentError(() => klGaussian64([0], [[1]], [0, 1], [[1, 0], [0, 1]]), "m2", "klGaussian64");
  });
});

describe("DiscreteLatentModel", () => {
  test("log p(e) equals the float64 term-by-term sum over the 2^m states", () => {
    const { h, e } = dl.sample(6, 8);
    const expected = rows(e).map((x) => referenceModels.discreteLatentLogMarginal64(x, dl.W, dl.b, dl.sigma, dl.priorLogits));
    assertClose(dl.logMarginal(e).dataSync(), expected, 1e-4, 1e-5);
    tf.dispose([h, e]);
  });

  test("exact posterior: every importance weight equals p(e); families have the known gap", () => {
    const { e } = dl.sample(2, 9);
    const lpe = Array.from(dl.logMarginal(e).dataSync());
    const post = dl.posterior(e);
    const lw = rows(logImportanceWeights(dl.logJoint(e), post, 50, 10));
    lw.forEach((r) => assertClose(r, lpe, 1e-4, 1e-5, "log w under the exact posterior"));
    for (const kind of DISCRETE_FAMILY_KINDS) {
      const q = discreteFamily(dl, e, kind);
      // exact finite sums: ELBO = Σ_h q(h) [log p(e, h) - log q(h)], gap = KL(q || posterior) ≥ 0
      const lq = q.logProbabilities();
      const elbo = tf.sum(tf.mul(tf.exp(lq), tf.sub(dl.logJointAllStates(e), lq)), -1).dataSync();
      const klq = tf.sum(tf.mul(tf.exp(lq), tf.sub(lq, post.logProbabilities())), -1).dataSync();
      assertClose(Array.from(elbo).map((v, i) => lpe[i] - v), klq, 1e-4, 1e-4, `gap of ${kind}`);
      const mc = meanAndStandardError(Array.from(logImportanceWeights(dl.logJoint(e), q, 20000, 11).slice([0, 0], [20000, 1]).dataSync()));
      assert.ok(Math.abs(mc.mean - elbo[0]) <= 4 * mc.se + 1e-5, `${kind}: MC ELBO ${mc.mean} vs exact ${elbo[0]} ± ${mc.se}`);
    }
  });

  test("CategoricalStates: logProb of non-states is -Infinity; sample frequencies match", () => {
    const q = new CategoricalStates(tf.tensor([Math.log(0.2), Math.log(0.5), Math.log(0.3)]), [[0], [1], [2]]);
    assertClose(q.logProb(tf.tensor([[0], [1], [2], [7]])).dataSync(), [Math.log(0.2), Math.log(0.5), Math.log(0.3), -Infinity], 1e-6);
    const s = Array.from(q.sample(new Random(1), [10000]).dataSync());
    const f = meanAndStandardError(s.map((v) => (v === 1 ? 1 : 0)));
    assert.ok(Math.abs(f.mean - 0.5) < 4 * f.se);
    assertArgumentError(() => new CategoricalStates(tf.zeros([2]), [[0], [1], [2]]), "logits", "CategoricalStates");
    assertArgumentError(() => new DiscreteLatentModel({ W: [[1]], b: [0], sigma: 1, priorLogits: [0, 1] }), "config.priorLogits", "DiscreteLatentModel");
    assertArgumentError(() => discreteFamily(dl, tf.zeros([1, 4]), "tempered", -1), "amount", "discreteFamily");
  });
});

describe("GaussianEncoder", () => {
  test("training raises the ELBO toward log p(E), never above it beyond noise; no tensor leak", () => {
    const { h, e } = lg.sample(64, 13);
    const enc = new GaussianEncoder({ observedDim: 4, latentDim: 2, hidden: [16], seed: 14 });
    const before = tf.memory().numTensors;
    const hist = trainEncoderByElbo(enc, (x) => lg.logJoint(x), e, { steps: 150, learningRate: 0.02, seed: 15 });
    assert.equal(tf.memory().numTensors, before, "training leaks tensors");
    const first = meanAndStandardError(hist.slice(0, 10));
    const last = meanAndStandardError(hist.slice(-10));
    assert.ok(last.mean > first.mean, `ELBO ${first.mean} -> ${last.mean}`);
    const logp = tf.mean(lg.logMarginal(e)).dataSync()[0];
    assert.ok(last.mean < logp + 4 * last.sd, `ELBO ${last.mean} vs log p ${logp}`);
    assertArgumentError(() => trainEncoderByElbo(enc, (x) => lg.logJoint(x), tf.zeros([3, 5]), { steps: 1, seed: 1 }), "data", "trainEncoderByElbo");
    enc.dispose();
    tf.dispose([h, e]);
  });
});
