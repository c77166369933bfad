/**
 * Multivariate normal with a full covariance given by a fixed lower-triangular scale, N(x; μ, L Lᵀ),
 * event axis last. Needed for exact posteriors of correlated latents (the linear-Gaussian model),
 * which a diagonal normal cannot represent.
 *
 *   x = μ + L ε,  ε ~ N(0, I)                      (reparameterisation, Kingma and Welling 2014)
 *   log p(x) = -½ |L⁻¹(x - μ)|² - Σ_i log L_ii - (d/2) log 2π
 *
 * `loc` is a tensor of shape [...batch, d] (gradients flow to it); the scale L is a d×d float64 matrix
 * (number[][]) shared by the batch, fixed (not trained). L⁻¹ is computed once in float64.
 * Errors: L must be square d×d, lower triangular, with a finite positive diagonal; loc finite.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertTensorFinite } from "../errors";
import { randomNormal, type Seed } from "../random";
import { stopGradient } from "../math/stop-gradient";
import { lowerInverse64, matMul64, transpose64, type Matrix64 } from "../math/matrix64";
import { cholesky64 } from "../reference/float64";
import type { ReparameterizedDistribution, SampleWithLogProb } from "./distribution";
import { assertLogProbArgument, logProbWithoutNaN } from "./log-prob-argument";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export class MvnTril implements ReparameterizedDistribution {
  readonly shape: readonly number[];
  /** L Lᵀ in float64. */
  readonly covariance: Matrix64;
  private readonly d: number;
  private readonly logDetScale: number;
  private readonly scaleT: Matrix64;
  private readonly inverseScaleT: Matrix64;

  /**
   * @param loc μ, shape [...batch, d]
   * @param scaleTril L, d×d lower triangular with positive diagonal
   */
  constructor(readonly loc: tf.Tensor, readonly scaleTril: Matrix64) {
    const fn = "MvnTril";
    if (!(loc instanceof tf.Tensor) || loc.rank < 1) throw new ArgumentError("loc", fn, "must be a tf.Tensor of rank >= 1 (event axis last)");
    const d = loc.shape[loc.rank - 1];
    if (!Array.isArray(scaleTril) || scaleTril.length !== d || scaleTril.some((r) => !Array.isArray(r) || r.length !== d)) {
      throw new ArgumentError("scaleTril", fn, `must be a ${d}×${d} matrix (the event size of 'loc')`);
    }
    scaleTril.forEach((row, i) => row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new ArgumentError("scaleTril", fn, `must be finite, found ${v} at [${i}][${j}]`);
      if (j > i && v !== 0) throw new ArgumentError("scaleTril", fn, `must be lower triangular, found ${v} at [${i}][${j}]`);
      if (i === j && !(v > 0)) throw new ArgumentError("scaleTril", fn, `must have a positive diagonal, found ${v} at [${i}][${i}]`);
    }));
    assertTensorFinite(loc, "loc", fn);
    this.shape = loc.shape;
    this.d = d;
    this.covariance = matMul64(scaleTril, transpose64(scaleTril));
    this.logDetScale = scaleTril.reduce((s, row, i) => s + Math.log(row[i]), 0);
    // kept as plain arrays, made into (tiny) tensors inside each op's tidy: no tensor outlives a call
    this.scaleT = transpose64(scaleTril);
    this.inverseScaleT = transpose64(lowerInverse64(scaleTril));
  }

  /** N(μ, Σ) from a symmetric positive-definite covariance Σ (L = cholesky(Σ)). */
  static fromCovariance(loc: tf.Tensor, covariance: Matrix64): MvnTril {
    let l: Matrix64;
    try {
      l = cholesky64(covariance);
    } catch (err) {
      throw new ArgumentError("covariance", "MvnTril.fromCovariance", `must be symmetric positive definite (${(err as Error).message})`);
    }
    return new MvnTril(loc, l);
  }

  /** Row vectors times a d×d matrix, for any leading dimensions. */
  private times(x: tf.Tensor, m: Matrix64): tf.Tensor {
    return tf.reshape(tf.matMul(tf.reshape(x, [-1, this.d]), tf.tensor2d(m)), x.shape);
  }

  /** log N(x; μ, L Lᵀ); errors as `DiagNormal.logProb` (event size, broadcasting, NaN in x), naming 'MvnTril.logProb'. */
  logProb(x: tf.Tensor): tf.Tensor {
    const fn = "MvnTril.logProb";
    assertLogProbArgument(x, this.shape, fn);
    return logProbWithoutNaN(tf.tidy(() => {
      const z = this.times(tf.sub(x, this.loc), this.inverseScaleT);
      return tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), -1)), this.logDetScale + this.d * HALF_LOG_2PI);
    }), x, fn);
  }

  sample(seed: Seed, sampleShape: readonly number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.transform(randomNormal([...sampleShape, ...this.shape], seed)).value));
  }

  /** x = μ + L ε and log p(x) from the same ε; gradients flow to μ. */
  rsample(seed: Seed, sampleShape: readonly number[] = []): SampleWithLogProb {
    const eps = randomNormal([...sampleShape, ...this.shape], seed);
    const out = this.transform(eps);
    eps.dispose();
    return out;
  }

  /** h(ε) = μ + L ε for a given ε of shape [...sampleShape, ...shape], with log p(h(ε)) = -½|ε|² - log|L| - (d/2) log 2π. */
  transform(eps: tf.Tensor): SampleWithLogProb {
    return tf.tidy(() => ({
      value: tf.add(this.loc, this.times(eps, this.scaleT)),
      logProb: tf.sub(tf.mul(-0.5, tf.sum(tf.square(eps), -1)), this.logDetScale + this.d * HALF_LOG_2PI),
    }));
  }

  /** Entropy (d/2) log 2πe + log|L|, one value per batch element. */
  entropy(): tf.Tensor {
    return tf.fill(this.shape.slice(0, -1), this.d * (0.5 + HALF_LOG_2PI) + this.logDetScale);
  }

}
