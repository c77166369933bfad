/**
 * The linear-Gaussian latent model (factor analysis with isotropic noise; probabilistic PCA when W has
 * orthogonal columns, Tipping and Bishop 1999), a model where every quantity of the lecture is exact:
 *
 *   H ~ N(0, I_d),   E | H ~ N(W H + b, σ² I_D)
 *   log p(E)   = log N(E; b, W Wᵀ + σ² I)                         (exact evidence)
 *   p(H | E)   = N(H; Σ Wᵀ (E - b) / σ², Σ),   Σ = M⁻¹,   M = I + Wᵀ W / σ²   (exact posterior)
 *
 * The tensor path computes log p(E) with the Woodbury identity and the determinant lemma on the d×d matrix
 * M (log|C| = D log σ² + log|M|, C⁻¹ = I/σ² - W M⁻¹ Wᵀ/σ⁴), in float32; M⁻¹ and log|M| are computed once in
 * float64. The closed-form ELBO of a Gaussian q(H | E) = N(m, S) is available in float64:
 *
 *   ELBO = E_q[log p(E | H)] + E_q[log p(H)] + H[q]
 *        = -D/2 log 2πσ² - (|E - b - W m|² + tr(W S Wᵀ)) / (2σ²) - d/2 log 2π - (|m|² + tr S)/2 + d/2 log 2πe + ½ log|S|
 *
 * Shapes: observations e are [...batch, D]; latents h are [...sample, ...batch, d] (the k axis first, as
 * `logImportanceWeights` draws them). Errors name the argument and the function.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertAllFinite, assertInteger, assertLastAxis, assertPositive, resultWithoutNaN } from "../errors";
import { toRandom, type Seed } from "../random";
import { MvnTril } from "../distributions/mvn-tril";
import { identity64, matMul64, matVec64, spdFactor64, trace64, transpose64, type Matrix64 } from "../math/matrix64";
import type { LogJoint } from "../bounds/log-weights";
import { isotropicNormalLogLikelihood, linearMean, randomLinearObservation, type RandomObservationOptions } from "./linear-observation";

const LOG_2PI = Math.log(2 * Math.PI);

export interface LinearGaussianConfig {
  /** D×d loading matrix. */
  W: Matrix64;
  /** Offset, length D. */
  b: number[];
  /** Observation noise standard deviation σ > 0. */
  sigma: number;
}

export class LinearGaussianModel {
  readonly latentDim: number;
  readonly observedDim: number;
  readonly W: Matrix64;
  readonly b: readonly number[];
  readonly sigma: number;
  /** The exact posterior covariance Σ = (I + WᵀW/σ²)⁻¹ (the same for every observation). */
  readonly posteriorCovariance: Matrix64;
  private readonly logDetM: number;

  constructor(config: LinearGaussianConfig) {
    const fn = "LinearGaussianModel";
    const { W, b, sigma } = config ?? ({} as LinearGaussianConfig);
    if (!Array.isArray(W) || W.length < 1 || !Array.isArray(W[0]) || W[0].length < 1 || W.some((r) => !Array.isArray(r) || r.length !== W[0].length)) {
      throw new ArgumentError("config.W", fn, "must be a non-empty D×d matrix (number[][] with rows of equal length)");
    }
    W.forEach((row, i) => assertAllFinite(row, `config.W[${i}]`, fn));
    if (!Array.isArray(b) || b.length !== W.length) throw new ArgumentError("config.b", fn, `must be an array of length D = ${W.length} (the rows of W)`);
    assertAllFinite(b, "config.b", fn);
    assertPositive(sigma, "config.sigma", fn);
    this.W = W.map((r) => [...r]);
    this.b = [...b];
    this.sigma = sigma;
    this.observedDim = W.length;
    this.latentDim = W[0].length;
    const wtw = matMul64(transpose64(W), W);
    const m = identity64(this.latentDim).map((row, i) => row.map((v, j) => v + wtw[i][j] / (sigma * sigma)));
    const f = spdFactor64(m);
    this.posteriorCovariance = f.inverse;
    this.logDetM = f.logDet;
  }

  /** A model with W_ij ~ N(0, scale²) and b_i ~ N(0, 1) from a seed (correlated posterior in general). */
  static random(options: RandomObservationOptions): LinearGaussianModel {
    const { W, b } = randomLinearObservation(options, "LinearGaussianModel.random");
    return new LinearGaussianModel({ W, b, sigma: options.sigma });
  }

  private checkObservations(e: tf.Tensor, fn: string): void {
    assertLastAxis(e, this.observedDim, "e", fn, "D");
  }

  private checkLatents(h: tf.Tensor, fn: string): void {
    assertLastAxis(h, this.latentDim, "h", fn, "d");
  }

  /** log N(h; 0, I), shape [...]. */
  logPrior(h: tf.Tensor): tf.Tensor {
    this.checkLatents(h, "LinearGaussianModel.logPrior");
    return tf.tidy(() => tf.sub(tf.mul(-0.5, tf.sum(tf.square(h), -1)), 0.5 * this.latentDim * LOG_2PI));
  }

  /** The mean W h + b of E given h, shape [..., D]. */
  observationMean(h: tf.Tensor): tf.Tensor {
    this.checkLatents(h, "LinearGaussianModel.observationMean");
    return linearMean(h, this.W, this.b);
  }

  /** log N(e; W h + b, σ² I) for h of shape [...sample, ...batch, d] and e of shape [...batch, D]: shape [...sample, ...batch]. */
  logLikelihood(e: tf.Tensor, h: tf.Tensor): tf.Tensor {
    this.checkObservations(e, "LinearGaussianModel.logLikelihood");
    return tf.tidy(() => isotropicNormalLogLikelihood(e, this.observationMean(h), this.sigma));
  }

  /** h ↦ log p(e, h) = log p(h) + log p(e | h), the `LogJoint` of `logImportanceWeights`. */
  logJoint(e: tf.Tensor): LogJoint {
    this.checkObservations(e, "LinearGaussianModel.logJoint");
    return (h) => tf.tidy(() => tf.add(this.logPrior(h), this.logLikelihood(e, h)));
  }

  /** The exact log p(e) = log N(e; b, W Wᵀ + σ² I), shape [...batch] (float32, Woodbury form). */
  logMarginal(e: tf.Tensor): tf.Tensor {
    this.checkObservations(e, "LinearGaussianModel.logMarginal");
    return resultWithoutNaN(tf.tidy(() => {
      const s2 = this.sigma * this.sigma;
      const r = tf.sub(e, tf.tensor1d(this.b as number[]));
      const u = tf.div(tf.matMul(tf.reshape(r, [-1, this.observedDim]), tf.tensor2d(this.W)), s2);
      const uMu = tf.sum(tf.mul(tf.matMul(u, tf.tensor2d(this.posteriorCovariance)), u), -1);
      const quad = tf.sub(tf.div(tf.sum(tf.square(tf.reshape(r, [-1, this.observedDim])), -1), s2), uMu);
      const logDet = this.observedDim * Math.log(s2) + this.logDetM;
      return tf.reshape(tf.mul(-0.5, tf.add(quad, logDet + this.observedDim * LOG_2PI)), e.shape.slice(0, -1));
    }), "e", "LinearGaussianModel.logMarginal", "must not contain NaN (log p(e) is NaN)");
  }

  /** The exact posterior mean Σ Wᵀ (e - b) / σ², shape [...batch, d]. */
  posteriorMean(e: tf.Tensor): tf.Tensor {
    this.checkObservations(e, "LinearGaussianModel.posteriorMean");
    return tf.tidy(() => {
      const gain = matMul64(this.posteriorCovariance, transpose64(this.W)).map((row) => row.map((v) => v / (this.sigma * this.sigma)));
      const r = tf.reshape(tf.sub(e, tf.tensor1d(this.b as number[])), [-1, this.observedDim]);
      return tf.reshape(tf.matMul(r, tf.tensor2d(gain), false, true), [...e.shape.slice(0, -1), this.latentDim]);
    });
  }

  /** The exact posterior p(h | e) as a distribution (its `loc` is a new tensor the caller disposes). */
  posterior(e: tf.Tensor): MvnTril {
    return MvnTril.fromCovariance(this.posteriorMean(e), this.posteriorCovariance);
  }

  /** n draws (h, e) from the joint, shapes [n, d] and [n, D]. */
  sample(n: number, seed: Seed): { h: tf.Tensor; e: tf.Tensor } {
    assertInteger(n, "n", "LinearGaussianModel.sample");
    const rng = toRandom(seed, "LinearGaussianModel.sample");
    const h = tf.tensor2d(rng.normalArray(n * this.latentDim), [n, this.latentDim]);
    const noise = rng.normalArray(n * this.observedDim);
    const e = tf.tidy(() => tf.add(this.observationMean(h), tf.mul(this.sigma, tf.tensor2d(noise, [n, this.observedDim]))));
    return { h, e };
  }

  /** Float64 exact posterior of one observation e (length D): mean and covariance. */
  posterior64(e: readonly number[]): { mean: number[]; cov: Matrix64 } {
    this.checkVector64(e, "LinearGaussianModel.posterior64");
    const r = e.map((v, i) => v - this.b[i]);
    const wtr = matVec64(transpose64(this.W), r).map((v) => v / (this.sigma * this.sigma));
    return { mean: matVec64(this.posteriorCovariance, wtr), cov: this.posteriorCovariance.map((row) => [...row]) };
  }

  /** Float64 exact log p(e) of one observation (Woodbury form, as `logMarginal`). */
  logMarginal64(e: readonly number[]): number {
    this.checkVector64(e, "LinearGaussianModel.logMarginal64");
    const s2 = this.sigma * this.sigma;
    const r = e.map((v, i) => v - this.b[i]);
    const u = matVec64(transpose64(this.W), r).map((v) => v / s2);
    const quad = r.reduce((s, v) => s + v * v, 0) / s2 - u.reduce((s, ui, i) => s + ui * matVec64(this.posteriorCovariance, u)[i], 0);
    return -0.5 * (quad + this.observedDim * Math.log(s2) + this.logDetM + this.observedDim * LOG_2PI);
  }

  /** Float64 closed-form ELBO of q(h | e) = N(mean, cov) for one observation e (formula in the module comment). */
  elbo64(e: readonly number[], mean: readonly number[], cov: Matrix64): number {
    const fn = "LinearGaussianModel.elbo64";
    this.checkVector64(e, fn);
    const d = this.latentDim;
    const D = this.observedDim;
    if (mean.length !== d) throw new ArgumentError("mean", fn, `must have length d = ${d}, got ${mean.length}`);
    if (cov.length !== d || cov.some((r) => r.length !== d)) throw new ArgumentError("cov", fn, `must be ${d}×${d}`);
    const s2 = this.sigma * this.sigma;
    const resid = matVec64(this.W, mean).map((v, i) => e[i] - this.b[i] - v);
    const wswt = trace64(matMul64(matMul64(this.W, cov), transpose64(this.W)));
    const expLogLik = -0.5 * D * Math.log(2 * Math.PI * s2) - (resid.reduce((s, v) => s + v * v, 0) + wswt) / (2 * s2);
    const expLogPrior = -0.5 * d * LOG_2PI - 0.5 * (mean.reduce((s, v) => s + v * v, 0) + trace64(cov));
    const entropy = 0.5 * d * (LOG_2PI + 1) + 0.5 * spdFactor64(cov).logDet;
    return expLogLik + expLogPrior + entropy;
  }

  private checkVector64(e: readonly number[], fn: string): void {
    if (!Array.isArray(e) || e.length !== this.observedDim) throw new ArgumentError("e", fn, `must be an array of length D = ${this.observedDim}`);
    assertAllFinite(e, "e", fn);
  }
}
