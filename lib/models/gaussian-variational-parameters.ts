/**
 * Free-form (non-amortised) variational parameters φ of a diagonal Gaussian, one per observation, as
 * tf.Variables, so that tf.variableGrads can differentiate with respect to them:
 *
 *   q_φ(h | e_n) = N(h; μ_n, diag(exp(log s_n)²)),   φ = (μ, log s),   μ and log s of shape [N, d]
 *
 * Reparameterised draws h = μ_n + s_n ⊙ ε carry gradients to φ both through the sample path and through log q
 * (the split that the sticking-the-landing and DReG estimators exploit). Build `q()` inside the function that is
 * differentiated (or inside tf.tidy): its scale is a new tensor and its loc IS the variable μ (never dispose it).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertAllFinite } from "../errors";
import { DiagNormal } from "../distributions/diag-normal";

export class GaussianVariationalParameters {
  /** μ, shape [N, d]. */
  readonly loc: tf.Variable;
  /** log s, shape [N, d]. */
  readonly logScale: tf.Variable;

  /**
   * @param loc initial μ, N×d (float64 arrays)
   * @param scale initial s > 0, N×d
   */
  constructor(loc: number[][], scale: number[][]) {
    const fn = "GaussianVariationalParameters";
    const isMatrix = (m: unknown): m is number[][] => Array.isArray(m) && m.length > 0 && Array.isArray(m[0]) && m[0].length > 0 &&
      m.every((r) => Array.isArray(r) && r.length === (m[0] as number[]).length);
    if (!isMatrix(loc)) throw new ArgumentError("loc", fn, "must be a non-empty N×d matrix (number[][])");
    if (!isMatrix(scale) || scale.length !== loc.length || scale[0].length !== loc[0].length) {
      throw new ArgumentError("scale", fn, `must be an N×d matrix of the shape of 'loc' [${loc.length}, ${loc[0].length}]`);
    }
    loc.forEach((r, i) => assertAllFinite(r, `loc[${i}]`, fn));
    scale.forEach((r, i) => r.forEach((v, j) => {
      if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError("scale", fn, `must be finite and > 0, got ${v} at [${i}][${j}]`);
    }));
    this.loc = tf.tidy(() => tf.variable(tf.tensor2d(loc)));
    this.logScale = tf.tidy(() => tf.variable(tf.log(tf.tensor2d(scale))));
  }

  /** N observations sharing the same initial (μ, s) of length d: for replicas of one observation. */
  static repeated(n: number, loc: readonly number[], scale: readonly number[]): GaussianVariationalParameters {
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError("n", "GaussianVariationalParameters.repeated", `must be an integer >= 1, got ${n}`);
    return new GaussianVariationalParameters(Array.from({ length: n }, () => [...loc]), Array.from({ length: n }, () => [...scale]));
  }

  /** [μ, log s]. */
  get variables(): tf.Variable[] {
    return [this.loc, this.logScale];
  }

  /** q_φ as a DiagNormal with batch shape [N] (not validated: call inside the differentiated function). */
  q(): DiagNormal {
    return new DiagNormal(this.loc, tf.exp(this.logScale), { validate: false });
  }

  dispose(): void {
    tf.dispose([this.loc, this.logScale]);
  }
}
