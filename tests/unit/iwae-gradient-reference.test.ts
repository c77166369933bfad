import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LinearGaussianModel, referenceGradients as R, referenceModels, symmetricEigen64, Random } from "elbolab";
import { assertArgumentError, assertClose } from "./setup";

const model = LinearGaussianModel.random({ latentDim: 2, observedDim: 3, sigma: 0.6, seed: 21 });
const point = { W: model.W, b: [...model.b], sigma: model.sigma, e: [0.4, -1.1, 0.7], m: [0.3, -0.2], s: [0.5, 0.8] };
const D = 3, d = 2;

/** The point's parameters as one vector [W, b, log σ, m, log s], and a float64 function of it. */
const vec = [...point.W.flat(), ...point.b, Math.log(point.sigma), ...point.m, ...point.s.map(Math.log)];
const unpack = (v: number[]) => ({
  W: [0, 1, 2].map((i) => v.slice(i * d, i * d + d)), b: v.slice(6, 9), sigma: Math.exp(v[9]), m: v.slice(10, 12), s: v.slice(12, 14).map(Math.exp),
});

describe("float64 reference gradients of the linear-Gaussian model", () => {
  test("the closed-form ELBO gradient equals finite differences of LinearGaussianModel.elbo64", () => {
    const f = (v: number[]) => {
      const p = unpack(v);
      return new LinearGaussianModel({ W: p.W, b: p.b, sigma: p.sigma }).elbo64(point.e, p.m, p.m.map((_, i) => p.m.map((__, j) => (i === j ? p.s[i] ** 2 : 0))));
    };
    assertClose(R.flattenGradient64(R.linearGaussianElboGradient64(point)), R.centralDifferenceGradient64(f, vec), 1e-7, 1e-7, "∇ELBO");
  });

  test("the exact ∇ log p(e) equals finite differences of the Cholesky log-density (φ part zero)", () => {
    const f = (v: number[]) => { const p = unpack(v); return referenceModels.linearGaussianLogMarginal64(point.e, p.W, p.b, p.sigma); };
    assertClose(R.flattenGradient64(R.linearGaussianLogMarginalGradient64(point)), R.centralDifferenceGradient64(f, vec), 1e-7, 1e-7, "∇log p");
  });

  test("Gauss-Hermite: weights sum to 1 and the moments of N(0, 1) are exact up to degree 2n - 1", () => {
    const { nodes, weights } = R.gaussHermite64(10);
    const moment = (p: number) => nodes.reduce((a, x, j) => a + weights[j] * x ** p, 0);
    assertClose([moment(0), moment(1), moment(2), moment(4), moment(6), moment(18)], [1, 0, 1, 3, 15, 34459425], 1e-12, 1e-12, "moments");
  });

  test("1-D quadrature of L_k: k = 1 is the closed-form ELBO; n = 40 and 60 agree; L_k rises with k toward log p(e)", () => {
    const m1 = LinearGaussianModel.random({ latentDim: 1, observedDim: 2, sigma: 0.7, seed: 5 });
    const p1 = { W: m1.W, b: [...m1.b], sigma: m1.sigma, e: [0.8, -0.4], m: [0.9], s: [0.3] };
    const elbo = m1.elbo64(p1.e, p1.m, [[p1.s[0] ** 2]]);
    assertClose(R.linearGaussianIwaeBound1d64(p1, 1, 40), elbo, 1e-12, 1e-12, "L_1");
    const l = [1, 2, 3].map((k) => R.linearGaussianIwaeBound1d64(p1, k, 40));
    assertClose([1, 2, 3].map((k) => R.linearGaussianIwaeBound1d64(p1, k, 60)), l, 1e-8, 0, "n = 60 vs 40 (quadrature error ~1e-9)");
    const logp = m1.logMarginal64(p1.e);
    assert.ok(l[0] < l[1] && l[1] < l[2] && l[2] < logp, `L_1 ${l[0]} < L_2 ${l[1]} < L_3 ${l[2]} < log p ${logp}`);
    assertClose(R.flattenGradient64(R.linearGaussianIwaeGradient1d64(p1, 1)), R.flattenGradient64(R.linearGaussianElboGradient64(p1)), 1e-8, 1e-8, "∇L_1");
  });

  test("symmetric eigen-decomposition reconstructs the matrix with orthonormal vectors, values sorted", () => {
    const rng = new Random(3);
    const B = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const A = B.map((r, i) => r.map((_, j) => B.reduce((a, row) => a + row[i] * row[j], 0)));
    const { values, vectors } = symmetricEigen64(A);
    const back = A.map((r, i) => r.map((_, j) => values.reduce((a, l, k) => a + vectors[i][k] * l * vectors[j][k], 0)));
    assertClose(back.flat(), A.flat(), 1e-10, 1e-10, "V Λ Vᵀ");
    assert.ok(values.every((v, i) => i === 0 || v <= values[i - 1]));
  });

  test("PPCA maximum likelihood: stationary (zero exact gradient), log-likelihood = mean exact log p, above perturbations", () => {
    const gen = LinearGaussianModel.random({ latentDim: 2, observedDim: 4, sigma: 0.5, seed: 8 });
    const rng = new Random(4);
    const data = Array.from({ length: 300 }, () => {
      const h = [rng.normal(), rng.normal()];
      return gen.W.map((row, i) => row[0] * h[0] + row[1] * h[1] + gen.b[i] + 0.5 * rng.normal());
    });
    const ml = R.ppcaMaximumLikelihood64(data, 2);
    const meanLogp = (W: number[][], b: number[], sigma: number) => data.reduce((a, e) => a + referenceModels.linearGaussianLogMarginal64(e, W, b, sigma), 0) / data.length;
    assertClose(meanLogp(ml.W, ml.b, ml.sigma), ml.meanLogLikelihood, 1e-9, 1e-10, "mean log-likelihood");
    const grads = data.map((e) => R.flattenGradient64(R.linearGaussianLogMarginalGradient64({ W: ml.W, b: ml.b, sigma: ml.sigma, e, m: [0, 0], s: [1, 1] })));
    const mean = grads[0].map((_, j) => grads.reduce((a, g) => a + g[j], 0) / grads.length);
    assertClose(mean, new Array(mean.length).fill(0), 1e-9, 0, "∇ mean log p at the ML solution");
    const bumped = meanLogp(ml.W.map((r) => r.map((v) => v + 0.01)), ml.b, ml.sigma * 1.01);
    assert.ok(bumped < ml.meanLogLikelihood);
  });

  test("bad inputs name the argument and the function", () => {
    assertArgumentError(() => R.gaussHermite64(0), "n", "gaussHermite64");
    assertArgumentError(() => R.iwaeBoundQuadrature64((h) => -h * h, 0, 1, 7), "k", "iwaeBoundQuadrature64");
    assertArgumentError(() => R.iwaeBoundQuadrature64((h) => -h * h, 0, 0, 2), "s", "iwaeBoundQuadrature64");
    assertArgumentError(() => R.iwaeBoundQuadrature64(() => NaN, 0, 1, 1), "logWeight", "iwaeBoundQuadrature64");
    assertArgumentError(() => R.linearGaussianIwaeBound1d64(point, 2), "point.W", "linearGaussianIwaeBound1d64");
    assertArgumentError(() => R.linearGaussianElboGradient64({ ...point, s: [0.5, -1] }), "point.s", "linearGaussianElboGradient64");
    assertArgumentError(() => R.linearGaussianLogMarginalGradient64({ ...point, e: [1, 2] }), "point.e", "linearGaussianLogMarginalGradient64");
    assertArgumentError(() => R.centralDifferenceGradient64((x) => x[0], [1], 0), "h", "centralDifferenceGradient64");
    assertArgumentError(() => R.ppcaMaximumLikelihood64([[1, 2], [3, 4]], 2), "d", "ppcaMaximumLikelihood64");
    assertArgumentError(() => symmetricEigen64([[1, 2], [0, 1]]), "a", "symmetricEigen64");
    assert.equal(D, point.e.length);
  });
});
