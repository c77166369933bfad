/**
 * Gaussian variational families q(H | E) for the linear-Gaussian model: the exact posterior and deliberately
 * mismatched ones, so that the gap log p(E) - ELBO = KL(q || p(H | E)) takes known non-zero values.
 *
 *   "exact"     q = p(H | E) = N(μ, Σ)                          the gap is 0; every importance weight equals p(E)
 *   "shifted"   N(μ + a·sqrt(diag Σ), Σ)                        a posterior standard deviations off (default a = 1)
 *   "narrow"    N(μ, a² Σ), a < 1 (default 0.5)                 too narrow: heavy-tailed weights, slow IWAE convergence
 *   "wide"      N(μ, a² Σ), a > 1 (default 2)                   too wide: wasteful but light-tailed weights
 *   "diagonal"  N(μ, diag(1 / Λ_ii)),  Λ = Σ⁻¹                  the mean-field optimum of KL(q || p) for a correlated
 *                                                                posterior: it ignores correlation and under-covers
 *
 * The mean-field optimum is the classic result for Gaussians (Bishop 2006, §10.1.2). The returned
 * distribution's `loc` is a new tensor (shape [...batch, d]) that the caller disposes.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertPositive } from "../errors";
import { MvnTril } from "../distributions/mvn-tril";
import { spdFactor64, type Matrix64 } from "../math/matrix64";
import type { LinearGaussianModel } from "./linear-gaussian";

export type GaussianFamilyKind = "exact" | "shifted" | "narrow" | "wide" | "diagonal";

export const GAUSSIAN_FAMILY_KINDS: readonly GaussianFamilyKind[] = ["exact", "shifted", "narrow", "wide", "diagonal"];

/** The mean offset (per observation, length d) and covariance of a family, from the exact posterior covariance. */
export function gaussianFamilyParameters(
  posteriorCovariance: Matrix64, kind: GaussianFamilyKind, amount?: number,
): { shift: number[]; cov: Matrix64 } {
  const fn = "gaussianFamilyParameters";
  const d = posteriorCovariance.length;
  const zero = new Array<number>(d).fill(0);
  const scaled = (a: number) => posteriorCovariance.map((row) => row.map((v) => a * a * v));
  switch (kind) {
    case "exact":
      return { shift: zero, cov: scaled(1) };
    case "shifted": {
      const a = amount ?? 1;
      if (typeof a !== "number" || !Number.isFinite(a)) throw new ArgumentError("amount", fn, `must be a finite number, got ${String(a)}`);
      return { shift: posteriorCovariance.map((row, i) => a * Math.sqrt(row[i])), cov: scaled(1) };
    }
    case "narrow":
    case "wide": {
      const a = amount ?? (kind === "narrow" ? 0.5 : 2);
      assertPositive(a, "amount", fn);
      if (kind === "narrow" ? a >= 1 : a <= 1) throw new ArgumentError("amount", fn, `must be ${kind === "narrow" ? "< 1" : "> 1"} for "${kind}", got ${a}`);
      return { shift: zero, cov: scaled(a) };
    }
    case "diagonal": {
      const precision = spdFactor64(posteriorCovariance).inverse;
      return { shift: zero, cov: precision.map((row, i) => row.map((_, j) => (i === j ? 1 / precision[i][i] : 0))) };
    }
    default:
      throw new ArgumentError("kind", fn, `must be one of ${GAUSSIAN_FAMILY_KINDS.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kind)}`);
  }
}

/** q(H | e) of the given kind for observations e of shape [...batch, D]. */
export function gaussianFamily(model: LinearGaussianModel, e: tf.Tensor, kind: GaussianFamilyKind, amount?: number): MvnTril {
  const { shift, cov } = gaussianFamilyParameters(model.posteriorCovariance, kind, amount);
  const loc = tf.tidy(() => tf.add(model.posteriorMean(e), tf.tensor1d(shift)));
  return MvnTril.fromCovariance(loc, cov);
}
