/**
 * Chord slopes of a distortion–rate curve traced by β-VAEs, and why they bracket β (Higgins et al. 2017; Alemi et
 * al. 2018, "Fixing a broken ELBO", §3; Rezende & Viola 2018). With distortion D = −E_q[log p(E | H)] and rate
 * R = KL(q(H | E) ‖ p(H)), the β-VAE at β minimises D + βR. For β_i < β_j, optimality of each against the other,
 *
 *   D_i + β_i R_i ≤ D_j + β_i R_j   and   D_j + β_j R_j ≤ D_i + β_j R_i,
 *
 * gives R_j ≤ R_i and, when R_j < R_i, β_i ≤ s_ij ≤ β_j for the chord slope s_ij = (D_j − D_i) / (R_i − R_j):
 * along the curve, −dD/dR = β (the multiplier is the slope, the envelope theorem). The inequalities hold for exact
 * maximisers of the expected objective; trained networks evaluated on finite data satisfy them up to their
 * optimisation error and Monte Carlo noise, which is why each slope comes with a standard error.
 *
 * Input: points with per-item values on the same items (e.g. the same test images for every β): `rates[t]` and
 * `distortions[t]` of item t. The chord between consecutive points (sorted by β) uses the paired per-item
 * differences a_t = D_j,t − D_i,t and b_t = R_i,t − R_j,t, slope s = mean(a) / mean(b), and the delta-method standard
 * error se(s) = se(a_t − s·b_t) / |mean(b)|.
 *
 * Errors (ArgumentError naming the argument and 'distortionRateChords'): fewer than two points, a β ≤ 0 or repeated,
 * per-item arrays of different lengths or with fewer than two items, non-finite values, equal mean rates.
 */
import { ArgumentError, assertAllFinite, assertPositive } from "../errors";
import { meanAndStandardError } from "../math/statistics";

export interface DistortionRateItems {
  beta: number;
  /** Rate of each item (nats). */
  rates: ArrayLike<number>;
  /** Distortion −E_q log p(e | h) of each item (nats). */
  distortions: ArrayLike<number>;
}

export interface DistortionRateChord {
  betaLow: number;
  betaHigh: number;
  /** s = (D_high − D_low) / (R_low − R_high), the minus slope of the chord. */
  slope: number;
  se: number;
  /** betaLow ≤ slope ≤ betaHigh within z standard errors (z = 3 unless given). */
  bracketed: boolean;
}

const FN = "distortionRateChords";

export function distortionRateChords(points: readonly DistortionRateItems[], z = 3): DistortionRateChord[] {
  if (!Array.isArray(points) || points.length < 2) throw new ArgumentError("points", FN, "must hold at least two points { beta, rates, distortions }");
  assertPositive(z, "z", FN);
  const n = points[0]?.rates?.length;
  points.forEach((p, i) => {
    assertPositive(p?.beta, `points[${i}].beta`, FN);
    if (!p.rates || !p.distortions || p.rates.length !== n || p.distortions.length !== n || n < 2) {
      throw new ArgumentError(`points[${i}]`, FN, `must have rates and distortions of one common length ≥ 2 (${n})`);
    }
    assertAllFinite(p.rates, `points[${i}].rates`, FN);
    assertAllFinite(p.distortions, `points[${i}].distortions`, FN);
  });
  const sorted = [...points].sort((a, b) => a.beta - b.beta);
  return sorted.slice(1).map((hi, k) => {
    const lo = sorted[k];
    if (hi.beta === lo.beta) throw new ArgumentError("points", FN, `must have distinct β, got ${lo.beta} twice`);
    const a = Array.from({ length: n }, (_, t) => hi.distortions[t] - lo.distortions[t]);
    const b = Array.from({ length: n }, (_, t) => lo.rates[t] - hi.rates[t]);
    const ma = a.reduce((s, v) => s + v, 0) / n;
    const mb = b.reduce((s, v) => s + v, 0) / n;
    if (mb === 0) throw new ArgumentError("points", FN, `must have different mean rates at β = ${lo.beta} and ${hi.beta}`);
    const slope = ma / mb;
    const se = meanAndStandardError(a.map((v, t) => v - slope * b[t])).se / Math.abs(mb);
    const bracketed = slope + z * se >= lo.beta && slope - z * se <= hi.beta;
    return { betaLow: lo.beta, betaHigh: hi.beta, slope, se, bracketed };
  });
}
