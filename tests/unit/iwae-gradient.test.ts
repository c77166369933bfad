import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  LinearGaussianModel, LinearGaussianParameters, GaussianVariationalParameters, logImportanceWeights, pathLogImportanceWeights,
  iwaeGradientAutodiff, iwaeGradientWeighted, iwaeGradientFromPerSample, perSampleGradients, iwaeGradientStl, iwaeGradientDreg,
  trainLinearGaussianByIwae, gradientSnr, snrSlope, replicaColumns, meanAndStandardError, randomNormal, reference, referenceGradients as R, DiagNormal, Random, tf,
} from "elbolab";
import { assertArgumentError, assertClose, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

// a linear-Gaussian model with a one-dimensional latent (so that L_k has a quadrature reference) and a mismatched q
const model = LinearGaussianModel.random({ latentDim: 1, observedDim: 2, sigma: 0.7, seed: 5 });
const e64 = [0.8, -0.4];
const post = model.posterior64(e64);
const postSd = Math.sqrt(post.cov[0][0]);
const m = [post.mean[0] + 0.5 * postSd], s = [1.5 * postSd];
const point = { W: model.W, b: [...model.b], sigma: model.sigma, e: e64, m, s };

const flat = (g: tf.Tensor[]) => g.flatMap((t) => Array.from(t.dataSync()));

function setup(replicas?: number, loc = m, scale = s) {
  const theta = LinearGaussianParameters.fromModel(model, replicas ? { replicas } : {});
  const phi = GaussianVariationalParameters.repeated(replicas ?? 1, loc, scale);
  const e = tf.tile(tf.tensor2d([e64]), [replicas ?? 1, 1]);
  const logJoint = theta.logJoint(e);
  const dispose = () => { theta.dispose(); phi.dispose(); e.dispose(); };
  return { theta, phi, e, logJoint, vars: [...theta.variables, ...phi.variables], dispose };
}

/** log w(ε) in float64 for the parameter vector [W, b, log σ, m, log s] of the 1-D model. */
function logWeights64(v: number[], eps: number[]): number[] {
  const [W0, W1, b0, b1, logSigma, mu, logS] = v;
  const sg = Math.exp(logSigma), sc = Math.exp(logS);
  return eps.map((x) => {
    const h = mu + sc * x;
    return reference.diagNormalLogProb64(e64, [W0 * h + b0, W1 * h + b1], [sg, sg]) + reference.diagNormalLogProb64([h], [0], [1])
      - reference.diagNormalLogProb64([h], [mu], [sc]);
  });
}
const vec = [...model.W.flat(), ...model.b, Math.log(model.sigma), m[0], Math.log(s[0])];

describe("the IWAE gradient for one fixed draw", () => {
  test("autodiff and the weighted sum both equal the float64 gradient of logmeanexp(log w) (finite differences)", () => {
    const { logJoint, phi, vars, dispose } = setup();
    for (const k of [1, 2, 5]) {
      const seed = 40 + k;
      const eps = Array.from(randomNormal([k, 1, 1], seed).dataSync());
      const expected = R.centralDifferenceGradient64((v) => reference.logMeanExp64(logWeights64(v, eps)), vec);
      const lwFn = () => logImportanceWeights(logJoint, phi.q(), k, seed);
      const a = iwaeGradientAutodiff(lwFn, vars), b = iwaeGradientWeighted(lwFn, vars);
      assertClose(flat(a.grads), expected, 2e-5, 2e-5, `autodiff k=${k}`);
      assertClose(flat(b.grads), expected, 2e-5, 2e-5, `weighted k=${k}`);
      assertClose(a.value.dataSync()[0], reference.logMeanExp64(logWeights64(vec, eps)), 1e-5, 1e-5, "value");
      assertClose(b.value.dataSync()[0], a.value.dataSync()[0], 1e-6, 1e-6, "value of the weighted path");
      tf.dispose([a.value, b.value, ...a.grads, ...b.grads]);
    }
    dispose();
  });

  test("k = 1: the estimator is the ELBO gradient ∇ log w_1 (the per-sample gradient), normalised weight 1", () => {
    const { logJoint, phi, vars, dispose } = setup();
    const lwFn = () => logImportanceWeights(logJoint, phi.q(), 1, 9);
    const a = iwaeGradientAutodiff(lwFn, vars);
    const ps = perSampleGradients(lwFn, vars);
    assertClose(flat(a.grads), flat(ps), 1e-6, 1e-6, "∇ L_1 = ∇ log w_1");
    tf.dispose([a.value, ...a.grads, ...ps]);
    dispose();
  });

  test("the written-out sum Σ w̃_i ∇ log w_i from per-sample gradients equals autodiff; ∇w = w ∇log w", () => {
    const { logJoint, phi, vars, dispose } = setup(3);
    const lwFn = () => logImportanceWeights(logJoint, phi.q(), 4, 3);
    const a = iwaeGradientAutodiff(lwFn, vars);
    const ps = perSampleGradients(lwFn, vars);
    const lw = tf.tidy(lwFn);
    const c = iwaeGradientFromPerSample(lw, ps);
    assertClose(flat(c), flat(a.grads), 2e-6, 2e-6, "Σ w̃ ∇log w vs autodiff");
    const pw = perSampleGradients(() => tf.exp(lwFn()), vars);
    const w = Array.from(tf.exp(lw).dataSync());
    pw.forEach((gw, j) => {
      const per = gw.size / w.length;
      const expected = Array.from(ps[j].dataSync()).map((g, i) => w[Math.floor(i / per)] * g);
      assertClose(gw.dataSync(), expected, 1e-7, 1e-5, "∇w vs w ∇log w");
    });
    tf.dispose([a.value, ...a.grads, ...ps, ...pw, ...c, lw]);
    dispose();
  });

  test("with q the exact posterior, STL and DReG gradients for φ are exactly zero for every draw (the standard one is not)", () => {
    const { logJoint, phi, dispose } = setup(50, post.mean, [postSd]);
    for (const k of [1, 3]) {
      const stl = iwaeGradientStl(logJoint, () => phi.q(), k, 5, phi.variables);
      const dreg = iwaeGradientDreg(logJoint, () => phi.q(), k, 5, phi.variables);
      const std = iwaeGradientAutodiff(() => logImportanceWeights(logJoint, phi.q(), k, 5), phi.variables);
      assertClose(flat(stl.grads), new Array(100).fill(0), 1e-4, 0, `STL k=${k}`);
      assertClose(flat(dreg.grads), new Array(100).fill(0), 1e-4, 0, `DReG k=${k}`);
      assert.ok(Math.max(...flat(std.grads).map(Math.abs)) > 0.1, "the standard estimator has variance at the optimum");
      tf.dispose([stl.value, dreg.value, std.value, ...stl.grads, ...dreg.grads, ...std.grads]);
    }
    dispose();
  });

  test("path-only log-weights have the values of logImportanceWeights", () => {
    const { logJoint, phi, dispose } = setup(2);
    tf.tidy(() => assertClose(pathLogImportanceWeights(logJoint, phi.q(), 6, 8).dataSync(), logImportanceWeights(logJoint, phi.q(), 6, 8).dataSync(), 1e-5, 1e-6));
    dispose();
  });
});

describe("unbiased for ∇ E[L_k] (Monte Carlo over replicas, tolerance 4 standard errors)", () => {
  const M = 3000;
  const draws = (g: tf.Tensor[]) => replicaColumns(g, M);
  for (const k of [1, 2, 3]) {
    test(`k = ${k}: autodiff and DReG (φ) average to the quadrature/closed-form ∇ L_${k}`, () => {
      const { logJoint, phi, vars, dispose } = setup(M);
      const exact = R.flattenGradient64(k === 1 ? R.linearGaussianElboGradient64(point) : R.linearGaussianIwaeGradient1d64(point, k));
      const std = iwaeGradientAutodiff(() => logImportanceWeights(logJoint, phi.q(), k, 100 + k), vars);
      draws(std.grads).forEach((col, j) => {
        const { mean, se } = meanAndStandardError(col);
        assert.ok(Math.abs(mean - exact[j]) <= 4 * se, `component ${j}: ${mean} vs ${exact[j]} (${((mean - exact[j]) / se).toFixed(2)} SE)`);
      });
      const dreg = iwaeGradientDreg(logJoint, () => phi.q(), k, 200 + k, phi.variables);
      draws(dreg.grads).forEach((col, j) => {
        const { mean, se } = meanAndStandardError(col);
        assert.ok(Math.abs(mean - exact[5 + j]) <= 4 * se, `DReG φ component ${j}: ${mean} vs ${exact[5 + j]} (${((mean - exact[5 + j]) / se).toFixed(2)} SE)`);
      });
      tf.dispose([std.value, dreg.value, ...std.grads, ...dreg.grads]);
      dispose();
    });
  }
});

describe("parameterisations, SNR, training, inputs, memory", () => {
  test("LinearGaussianParameters.logJoint equals LinearGaussianModel.logJoint, shared and per replica", () => {
    const { theta, e, dispose } = setup(3);
    const h = randomNormal([4, 3, 1], 2);
    const shared = LinearGaussianParameters.fromModel(model);
    assertClose(theta.logJoint(e)(h).dataSync(), model.logJoint(e)(h).dataSync(), 1e-5, 1e-6);
    assertClose(shared.logJoint(e)(h).dataSync(), model.logJoint(e)(h).dataSync(), 1e-5, 1e-6);
    assert.deepEqual(theta.toModel(2).W.flat().map((v) => Math.fround(v)), model.W.flat().map((v) => Math.fround(v)));
    tf.dispose([h]); shared.dispose(); dispose();
  });

  test("gradientSnr and snrSlope: SNR = |mean|/sd; slope of log SNR on log k with a bootstrap SE", () => {
    assertClose(gradientSnr([1, 2, 3]), 2, 1e-12);
    const rng = new Random(1);
    const ks = [1, 4, 16, 64];
    const d = ks.map((k) => Array.from({ length: 4000 }, () => 1 + rng.normal() / Math.sqrt(k)));
    const r = snrSlope(ks, d, { seed: 2, bootstrap: 100 });
    assert.ok(Math.abs(r.slope - 0.5) < 4 * r.se && r.se > 0 && r.se < 0.05, `slope ${r.slope} ± ${r.se}`);
  });

  test("training θ by IWAE moves toward the maximum-likelihood solution (exact log-likelihood rises)", () => {
    const gen = LinearGaussianModel.random({ latentDim: 1, observedDim: 2, sigma: 0.5, seed: 3 });
    const data = gen.sample(64, 4);
    const theta = new LinearGaussianParameters({ W: [[0.1], [0.1]], b: [0, 0], sigma: 1 });
    const phi = GaussianVariationalParameters.repeated(64, [0], [1]);
    const rows = data.e.arraySync() as number[][];
    const before = rows.reduce((a, r) => a + theta.toModel().logMarginal64(r), 0) / 64;
    const hist = trainLinearGaussianByIwae(theta, phi, data.e, { k: 5, steps: 60, learningRate: 0.05, seed: 1 });
    const after = rows.reduce((a, r) => a + theta.toModel().logMarginal64(r), 0) / 64;
    const ml = R.ppcaMaximumLikelihood64(rows, 1).meanLogLikelihood;
    assert.ok(after > before && after <= ml + 1e-9, `before ${before}, after ${after}, ML ${ml}`);
    assert.equal(hist.length, 60);
    assertNoTensorLeak(() => trainLinearGaussianByIwae(theta, phi, data.e, { k: 3, steps: 1, encoderGradient: "dreg", seed: 2 }), 2);
    theta.dispose(); phi.dispose(); tf.dispose([data.e, data.h]);
  });

  test("bad inputs name the argument and the function", () => {
    const { logJoint, phi, vars, theta, e, dispose } = setup();
    const lwFn = () => logImportanceWeights(logJoint, phi.q(), 2, 1);
    assertArgumentError(() => iwaeGradientAutodiff(lwFn, []), "vars", "iwaeGradientAutodiff");
    assertArgumentError(() => iwaeGradientAutodiff(lwFn, [tf.scalar(1) as unknown as tf.Variable]), "vars", "iwaeGradientAutodiff");
    assertArgumentError(() => iwaeGradientWeighted(lwFn, [vars[0], vars[0]]), "vars", "iwaeGradientWeighted");
    assertArgumentError(() => iwaeGradientAutodiff(42 as unknown as () => tf.Tensor, vars), "logWeightsFn", "iwaeGradientAutodiff");
    assertArgumentError(() => iwaeGradientAutodiff(() => tf.scalar(1), vars), "logWeightsFn", "iwaeGradientAutodiff");
    assertArgumentError(() => iwaeGradientWeighted(() => tf.mul(tf.sum(vars[0]), tf.tensor1d([NaN, 1])), vars), "logWeightsFn", "iwaeGradientWeighted");
    assertArgumentError(() => iwaeGradientStl(logJoint, () => phi.q(), 0, 1, phi.variables), "k", "iwaeGradientStl");
    assertArgumentError(() => iwaeGradientDreg(logJoint, null as unknown as () => DiagNormal, 2, 1, phi.variables), "qOf", "iwaeGradientDreg");
    assertArgumentError(() => pathLogImportanceWeights(logJoint, {} as DiagNormal, 2, 1), "q", "pathLogImportanceWeights");
    assertArgumentError(() => perSampleGradients(lwFn, []), "vars", "perSampleGradients");
    assertArgumentError(() => iwaeGradientFromPerSample(tf.zeros([3]), [tf.zeros([2, 4])]), "perSample", "iwaeGradientFromPerSample");
    assertArgumentError(() => new LinearGaussianParameters({ W: [[1], [2, 3]], b: [0, 0], sigma: 1 }), "init.W", "LinearGaussianParameters");
    assertArgumentError(() => new LinearGaussianParameters({ W: [[1]], b: [0], sigma: 0 }), "init.sigma", "LinearGaussianParameters");
    assertArgumentError(() => LinearGaussianParameters.fromModel(model, { replicas: 2 }).logJoint(e), "e", "LinearGaussianParameters.logJoint");
    assertArgumentError(() => new GaussianVariationalParameters([[0]], [[-1]]), "scale", "GaussianVariationalParameters");
    assertArgumentError(() => trainLinearGaussianByIwae(theta, phi, e, { k: 0, steps: 1, seed: 1 }), "options.k", "trainLinearGaussianByIwae");
    assertArgumentError(() => snrSlope([1], [[1, 2]], { seed: 1 }), "ks", "snrSlope");
    assertArgumentError(() => replicaColumns([tf.zeros([2, 3])], 3), "grads", "replicaColumns");
    dispose();
  });

  test("no tensor leaks", () => {
    const { logJoint, phi, vars, dispose } = setup(2);
    const lwFn = () => logImportanceWeights(logJoint, phi.q(), 3, 1);
    const run = (g: { value: tf.Tensor; grads: tf.Tensor[] }) => tf.dispose([g.value, ...g.grads]);
    assertNoTensorLeak(() => run(iwaeGradientAutodiff(lwFn, vars)));
    assertNoTensorLeak(() => run(iwaeGradientWeighted(lwFn, vars)));
    assertNoTensorLeak(() => run(iwaeGradientStl(logJoint, () => phi.q(), 3, 1, phi.variables)));
    assertNoTensorLeak(() => run(iwaeGradientDreg(logJoint, () => phi.q(), 3, 1, phi.variables)));
    assertNoTensorLeak(() => tf.dispose(perSampleGradients(lwFn, vars)), 2);
    assertNoTensorLeak(() => { const lw = tf.tidy(lwFn); const ps = perSampleGradients(lwFn, vars); tf.dispose([lw, ...ps, ...iwaeGradientFromPerSample(lw, ps)]); }, 2);
    assertNoTensorLeak(() => { const t = LinearGaussianParameters.fromModel(model, { replicas: 2 }); const p = new GaussianVariationalParameters([[0]], [[1]]); t.dispose(); p.dispose(); });
    dispose();
  });
});
