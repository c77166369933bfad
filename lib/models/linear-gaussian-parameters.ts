/**
 * The linear-Gaussian model's generative parameters θ = (W, b, log σ) as tf.Variables, so that
 * tf.variableGrads can differentiate the log joint with respect to them:
 *
 *   log p(e, h; θ) = log N(h; 0, I_d) + log N(e; W h + b, σ² I_D),   σ = exp(log σ)
 *
 * (the model of `LinearGaussianModel`, whose W, b, σ are fixed float64 numbers). `toModel()` reads the current
 * values back into a float64 `LinearGaussianModel` for its exact log p(E) and posterior.
 *
 * Replicas: with `replicas: R` the variables hold R independent copies of θ (W [R, D, d], b [R, D],
 * log σ [R]) and a batch of observations e [R, D] is scored with row r under copy r. One backward pass then
 * gives R independent gradient estimates, one per copy (the signal-to-noise studies of notebook 05 use it).
 * Without replicas W is [D, d], b [D], log σ a scalar, and e may have any batch shape [...batch, D].
 *
 * Shapes: latents h are [k, ...batch, d] (the k axis first, as `logImportanceWeights` draws them); the log
 * joint has shape [k, ...batch]. Errors name the argument and the function.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertAllFinite, assertInteger, assertPositive } from "../errors";
import type { Matrix64 } from "../math/matrix64";
import type { LogJoint } from "../bounds/log-weights";
import { LinearGaussianModel } from "./linear-gaussian";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface LinearGaussianParametersOptions {
  /** Learn log σ (default true); otherwise σ stays at its initial value and is not in `variables`. */
  learnSigma?: boolean;
  /** R independent copies of θ (default: none, one shared θ). */
  replicas?: number;
}

export class LinearGaussianParameters {
  /** W, shape [D, d] (or [R, D, d]). */
  readonly W: tf.Variable;
  /** b, shape [D] (or [R, D]). */
  readonly b: tf.Variable;
  /** log σ, a scalar (or [R]). */
  readonly logSigma: tf.Variable;
  readonly observedDim: number;
  readonly latentDim: number;
  readonly replicas: number | undefined;
  readonly learnSigma: boolean;

  /** θ initialised at (W, b, σ) (float64 arrays, copied into float32 variables; replicas start equal). */
  constructor(init: { W: Matrix64; b: readonly number[]; sigma: number }, options: LinearGaussianParametersOptions = {}) {
    const fn = "LinearGaussianParameters";
    const { W, b, sigma } = init ?? ({} as { W: Matrix64; b: number[]; sigma: number });
    if (!Array.isArray(W) || W.length < 1 || !Array.isArray(W[0]) || W[0].length < 1 || W.some((r) => !Array.isArray(r) || r.length !== W[0].length)) {
      throw new ArgumentError("init.W", fn, "must be a non-empty D×d matrix (number[][] with rows of equal length)");
    }
    W.forEach((row, i) => assertAllFinite(row, `init.W[${i}]`, fn));
    if (!Array.isArray(b) || b.length !== W.length) throw new ArgumentError("init.b", fn, `must be an array of length D = ${W.length}`);
    assertAllFinite(b, "init.b", fn);
    assertPositive(sigma, "init.sigma", fn);
    if (options.replicas !== undefined) assertInteger(options.replicas, "options.replicas", fn);
    this.observedDim = W.length;
    this.latentDim = W[0].length;
    this.replicas = options.replicas;
    this.learnSigma = options.learnSigma ?? true;
    const R = this.replicas;
    const rep = (t: tf.Tensor) => (R === undefined ? t : tf.tile(tf.expandDims(t, 0), [R, ...t.shape.map(() => 1)]));
    this.W = tf.tidy(() => tf.variable(rep(tf.tensor2d(W))));
    this.b = tf.tidy(() => tf.variable(rep(tf.tensor1d(b as number[]))));
    this.logSigma = tf.tidy(() => tf.variable(rep(tf.scalar(Math.log(sigma))), this.learnSigma));
  }

  /** θ initialised at a model's values. */
  static fromModel(model: LinearGaussianModel, options: LinearGaussianParametersOptions = {}): LinearGaussianParameters {
    if (!(model instanceof LinearGaussianModel)) throw new ArgumentError("model", "LinearGaussianParameters.fromModel", "must be a LinearGaussianModel");
    return new LinearGaussianParameters({ W: model.W, b: model.b as number[], sigma: model.sigma }, options);
  }

  /** The trainable variables: [W, b, log σ] (log σ only when learnt). */
  get variables(): tf.Variable[] {
    return this.learnSigma ? [this.W, this.b, this.logSigma] : [this.W, this.b];
  }

  /** h ↦ log p(e, h; θ) for observations e [...batch, D] ([R, D] with replicas); differentiable in θ and h. */
  logJoint(e: tf.Tensor): LogJoint {
    const fn = "LinearGaussianParameters.logJoint";
    const D = this.observedDim, d = this.latentDim, R = this.replicas;
    if (!(e instanceof tf.Tensor) || e.rank < 1 || e.shape[e.rank - 1] !== D) {
      throw new ArgumentError("e", fn, `must be a tf.Tensor with last axis D = ${D}`);
    }
    if (R !== undefined && (e.rank !== 2 || e.shape[0] !== R)) {
      throw new ArgumentError("e", fn, `must have shape [R, D] = [${R}, ${D}] with ${R} replicas, got [${e.shape.join(", ")}]`);
    }
    return (h: tf.Tensor) => tf.tidy(() => {
      if (!(h instanceof tf.Tensor) || h.shape[h.rank - 1] !== d) throw new ArgumentError("h", fn, `must have last axis d = ${d}`);
      let mean: tf.Tensor;
      if (R === undefined) {
        mean = tf.reshape(tf.matMul(tf.reshape(h, [-1, d]), this.W, false, true), [...h.shape.slice(0, -1), D]);
      } else {
        // h [k, R, d] -> [R, k, d] @ W[r]ᵀ -> [R, k, D] -> [k, R, D]
        const hr = tf.transpose(tf.reshape(h, [-1, R, d]), [1, 0, 2]);
        mean = tf.reshape(tf.transpose(tf.matMul(hr, this.W, false, true), [1, 0, 2]), [...h.shape.slice(0, -1), D]);
      }
      mean = tf.add(mean, this.b);
      const inv2s2 = tf.mul(0.5, tf.exp(tf.mul(-2, this.logSigma)));
      const logLik = tf.sub(tf.neg(tf.mul(inv2s2, tf.sum(tf.square(tf.sub(e, mean)), -1))), tf.add(tf.mul(D, this.logSigma), D * HALF_LOG_2PI));
      const logPrior = tf.sub(tf.mul(-0.5, tf.sum(tf.square(h), -1)), d * HALF_LOG_2PI);
      return tf.add(logPrior, logLik);
    });
  }

  /** The current θ (of copy `replica` when replicated) as a float64 `LinearGaussianModel`. */
  toModel(replica = 0): LinearGaussianModel {
    const fn = "LinearGaussianParameters.toModel";
    const R = this.replicas;
    if (R !== undefined) assertInteger(replica, "replica", fn, 0);
    if (R !== undefined && replica >= R) throw new ArgumentError("replica", fn, `must be < ${R}, got ${replica}`);
    const pick = (t: tf.Tensor) => (R === undefined ? t.arraySync() : (t.arraySync() as unknown[])[replica]);
    return new LinearGaussianModel({
      W: pick(this.W) as number[][], b: pick(this.b) as number[], sigma: Math.exp(pick(this.logSigma) as number),
    });
  }

  dispose(): void {
    tf.dispose([this.W, this.b, this.logSigma]);
  }
}
