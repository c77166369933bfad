/**
 * The noise floor of a plug-in signal-to-noise ratio. From R independent draws, SNR = |mean|/sd has an
 * absolute error of about 1/√R (the mean's SE in units of sd): an SNR below a few times 1/√R is noise, and a
 * slope fitted through such points measures the floor, not the estimator (Rainforth et al. 2018 use the same
 * plug-in ratio).
 */
import { ArgumentError, assertInteger, assertPositive } from "../../errors";
import { gradientSnr, snrSlope } from "../../bounds/gradient-snr";
import type { Seed } from "../../random";
import { formatSlope, slopeAgrees, slopeComparison } from "./slope";
import type { Verdict } from "./verdict";
import { assertNumberList } from "./standard-errors";

/** The indices i with snr[i] > z/√R (z defaults to 3): the points a slope may be fitted through. */
export function snrAboveNoiseFloor(snr: readonly number[], replicas: number, z = 3): number[] {
  const fn = "snrAboveNoiseFloor";
  assertNumberList(snr, "snr", fn);
  assertInteger(replicas, "replicas", fn, 2);
  assertPositive(z, "z", fn);
  const floor = z / Math.sqrt(replicas);
  return snr.flatMap((s, i) => (s > floor ? [i] : []));
}

/**
 * The standard error of a plug-in SNR from R draws (delta method, Gaussian draws): √((1 + SNR²/2)/R).
 */
export function snrStandardError(snr: number, replicas: number): number {
  assertPositive(snr, "snr", "snrStandardError", true);
  assertInteger(replicas, "replicas", "snrStandardError", 2);
  return Math.sqrt((1 + (snr * snr) / 2) / replicas);
}

export interface ResolvedSnrFit {
  /** Least-squares slope of log SNR on log k through the resolved points, with its bootstrap SE. */
  slope: number;
  se: number;
  /** The plug-in SNR at every k of `ks`. */
  snr: number[];
  /** The k the slope was fitted through: k ≥ kMin and SNR above the floor z/√R. */
  used: number[];
  /** The k ≥ kMin left out because their SNR is at the noise floor. */
  atFloor: number[];
}

/**
 * `snrSlope` fitted only through the points above the noise floor (`snrAboveNoiseFloor`) with k ≥ kMin.
 * When fewer than 2 points remain no slope can be fitted: slope and se are NaN (a claim or `record` given
 * them then throws, naming the argument), and the caller should say so.
 */
export function snrSlopeAboveNoiseFloor(
  ks: readonly number[], draws: readonly ArrayLike<number>[],
  options: { seed: Seed; replicas: number; bootstrap?: number; z?: number; kMin?: number },
): ResolvedSnrFit {
  const fn = "snrSlopeAboveNoiseFloor";
  if (!Array.isArray(ks) || !Array.isArray(draws) || ks.length !== draws.length) {
    throw new ArgumentError("draws", fn, "must hold one array of draws per k");
  }
  const snr = draws.map((d) => gradientSnr(d));
  const above = new Set(snrAboveNoiseFloor(snr, options.replicas, options.z ?? 3));
  const candidates = ks.map((_, i) => i).filter((i) => ks[i] >= (options.kMin ?? 0));
  const idx = candidates.filter((i) => above.has(i));
  const atFloor = candidates.filter((i) => !above.has(i)).map((i) => ks[i]);
  if (idx.length < 2) return { slope: Number.NaN, se: Number.NaN, snr, used: idx.map((i) => ks[i]), atFloor };
  const fit = snrSlope(idx.map((i) => ks[i]), idx.map((i) => draws[i]), { seed: options.seed, bootstrap: options.bootstrap });
  return { slope: fit.slope, se: fit.se, snr, used: idx.map((i) => ks[i]), atFloor };
}

/**
 * A rate claim on a noise-floor fit: `slopeAgrees(fit, expected, what, z)` when at least 2 points are above
 * the floor; otherwise inconclusive, with a detail saying that no rate can be measured from these draws.
 */
export function resolvedSlopeAgrees(fit: ResolvedSnrFit, expected: number, what: string, z = 3): Verdict {
  if (!fit || !Array.isArray(fit.used)) throw new ArgumentError("fit", "resolvedSlopeAgrees", "must be a snrSlopeAboveNoiseFloor result");
  if (fit.used.length >= 2) return slopeAgrees(fit, expected, what, z);
  return { passed: false, inconclusive: true, detail: `${what}: ${describeResolvedSlope(fit, expected, z)}` };
}

/**
 * A fit in words: "0.548 ± 0.008 (steeper than 0.5 by 5.9 SE)", "-0.58 ± 0.50 (too noisy to tell -0.5 from 0)"
 * when z·se ≥ |expected| (as `slopeAgrees` decides), or, with fewer than 2 points above the floor,
 * "not measurable: 1 point above the noise floor (k = 8; at the floor: k = 16, 32)".
 */
export function describeResolvedSlope(fit: ResolvedSnrFit, expected: number, z = 3): string {
  if (fit.used.length < 2) {
    return `not measurable: ${fit.used.length} point${fit.used.length === 1 ? "" : "s"} above the noise floor` +
      (fit.used.length ? ` (k = ${fit.used.join(", ")}` : " (") + `; at the floor: k = ${fit.atFloor.join(", ")})`;
  }
  if (z * fit.se >= Math.abs(expected)) return `${formatSlope(fit)} (too noisy to tell ${expected} from 0)`;
  return `${formatSlope(fit)} (${slopeComparison(fit, expected, z)})`;
}

/**
 * The k a noise-floor fit went through, for a claim's or a sentence's label: "k = 1…64" when the fitted k are
 * consecutive in the sweep, "k = 1, 2, 8" when a point between them is at the floor, "no k" when none is
 * above it. `fit.atFloor` says which k of the sweep (with k ≥ kMin) were left out.
 */
export function fittedKRange(fit: ResolvedSnrFit): string {
  if (!fit || !Array.isArray(fit.used) || !Array.isArray(fit.atFloor)) {
    throw new ArgumentError("fit", "fittedKRange", "must be a snrSlopeAboveNoiseFloor result");
  }
  const used = fit.used;
  if (used.length === 0) return "no k";
  if (used.length === 1) return `k = ${used[0]}`;
  const first = used[0], last = used[used.length - 1];
  const gap = fit.atFloor.some((k) => k > first && k < last);
  return gap || used.length === 2 ? `k = ${used.join(", ")}` : `k = ${first}…${last}`;
}
