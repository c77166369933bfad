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
 * The same two inequalities say that the rate does not rise and the distortion does not fall with β: a chord whose
 * mean rate rose (or whose mean distortion fell) joins two points that cannot both be optima, whatever its slope, so
 * it is never `bracketed`; its `violation` says which points and by how much (null for an ordered chord).
 *
 * Errors (ArgumentError naming the argument and 'distortionRateChords'): fewer than two points, a β ≤ 0 or repeated,
 * per-item arrays of different lengths or with fewer than two items, non-finite values, equal mean rates, mean rates
 * so close (e.g. subnormal differences) that the slope or its standard error is not a finite float64.
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
  /** The rate fell and the distortion rose from betaLow to betaHigh, and betaLow ≤ slope ≤ betaHigh within z standard errors (z = 3 unless given). */
  bracketed: boolean;
  /** Why the two points cannot both be optima (the mean rate rose or the mean distortion fell with β), or null. */
  violation: string | null;
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
    const ma = mean(a);
    const mb = mean(b);
    if (mb === 0) throw new ArgumentError("points", FN, `must have different mean rates at β = ${lo.beta} and ${hi.beta}`);
    const slope = ma / mb;
    const residual = a.map((v, t) => v - slope * b[t]);
    const se = residual.every(Number.isFinite) ? meanAndStandardError(residual).se / Math.abs(mb) : NaN;
    if (!Number.isFinite(slope) || !Number.isFinite(se)) {
      throw new ArgumentError("points", FN, `must have mean rates at β = ${lo.beta} and ${hi.beta} that differ by a representable amount: they differ by ${mb}, so the chord slope (${slope}) or its standard error (${se}) is not a finite float64`);
    }
    const at = (p: DistortionRateItems) => `β = ${p.beta}`;
    const violation = mb < 0 ? `the mean rate rose from ${mean(lo.rates)} at ${at(lo)} to ${mean(hi.rates)} at ${at(hi)}`
      : ma < 0 ? `the mean distortion fell from ${mean(lo.distortions)} at ${at(lo)} to ${mean(hi.distortions)} at ${at(hi)}` : null;
    const bracketed = violation === null && slope + z * se >= lo.beta && slope - z * se <= hi.beta;
    return { betaLow: lo.beta, betaHigh: hi.beta, slope, se, bracketed, violation };
  });
}

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}
