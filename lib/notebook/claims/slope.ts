/**
 * Decisions on a fitted rate: a slope with its standard error (e.g. `snrSlope`'s least-squares slope of
 * log SNR on log k with a bootstrap SE). A claim about a rate tests its value against what the text says
 * (Rainforth et al. 2018: SNR_θ = O(√k), slope +½; SNR_φ = O(1/√k), slope −½), not only its sign.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../../errors";
import type { Verdict } from "./verdict";

export interface SlopeFit {
  slope: number;
  se: number;
}

function checkFit(fit: SlopeFit, fn: string): void {
  assertFiniteNumber(fit?.slope, "fit.slope", fn);
  assertFiniteNumber(fit?.se, "fit.se", fn);
  assertPositive(fit.se, "fit.se", fn, true);
}

/** "slope ± se" with three decimals. */
export function formatSlope(fit: SlopeFit): string {
  return `${fit.slope.toFixed(3)} ± ${fit.se.toFixed(3)}`;
}

/** How a slope compares with an expected value: "within 3 SE of 0.5", "steeper than 0.5 by 7.1 SE", ... */
export function slopeComparison(fit: SlopeFit, expected: number, z = 3): string {
  checkFit(fit, "slopeComparison");
  assertFiniteNumber(expected, "expected", "slopeComparison");
  const dev = (fit.slope - expected) / fit.se;
  if (Math.abs(dev) <= z) return `within ${z} SE of ${expected} (${dev.toFixed(1)} SE)`;
  const direction = Math.abs(fit.slope) > Math.abs(expected) ? "steeper" : "shallower";
  return `${direction} than ${expected} by ${Math.abs(dev).toFixed(1)} SE`;
}

/**
 * The slope agrees with the value the text states: |slope − expected| ≤ z·se (z defaults to 3), and the fit
 * is precise enough to tell that value from 0 (z·se < |expected|): a slope too noisy to exclude 0 neither
 * confirms nor refutes the rate, so it does not pass and is `inconclusive`.
 */
export function slopeAgrees(fit: SlopeFit, expected: number, what: string, z = 3): Verdict {
  checkFit(fit, "slopeAgrees");
  assertFiniteNumber(expected, "expected", "slopeAgrees");
  assertPositive(z, "z", "slopeAgrees");
  const resolved = z * fit.se < Math.abs(expected);
  const detail = `${what}: slope ${formatSlope(fit)}, ${slopeComparison(fit, expected, z)}` +
    (resolved ? "" : `; too noisy to test: ${z} SE = ${(z * fit.se).toFixed(3)} ≥ |${expected}|`);
  if (!resolved) return { passed: false, inconclusive: true, detail };
  return { passed: Math.abs(fit.slope - expected) <= z * fit.se, detail };
}

/** The slope has the stated sign, resolved: sign·slope > z·se (z defaults to 3). */
export function slopeHasSign(fit: SlopeFit, sign: 1 | -1, what: string, z = 3): Verdict {
  checkFit(fit, "slopeHasSign");
  if (sign !== 1 && sign !== -1) throw new ArgumentError("sign", "slopeHasSign", "must be 1 or -1");
  return {
    passed: sign * fit.slope > z * fit.se,
    detail: `${what}: slope ${formatSlope(fit)}, ${(fit.slope / fit.se).toFixed(1)} SE ` +
      `(the claim asks ${sign > 0 ? ">" : "<"} ${sign > 0 ? "" : "−"}${z} SE)`,
  };
}
