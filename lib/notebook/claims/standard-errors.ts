/**
 * Decisions on Monte Carlo estimates with standard errors: each returns a Verdict whose detail states
 * the numbers and the distance in standard errors. Used by the claims of the notebooks (and by
 * `checkWithinStandardErrors`); a claim that a quantity is larger, equal or no larger than another is
 * decided here, not in a notebook cell.
 */
import { ArgumentError, assertAllFinite, assertFiniteNumber, assertPositive } from "../../errors";
import type { Verdict } from "./verdict";

const fmt = (x: number) => x.toPrecision(7);
const e3 = (x: number) => x.toExponential(3);

function checkSe(se: number, fn: string): void {
  assertFiniteNumber(se, "se", fn);
  assertPositive(se, "se", fn, true);
}

/** A non-empty array of finite numbers, or an ArgumentError naming `argument` and `fn`. */
export function assertNumberList(xs: unknown, argument: string, fn: string): asserts xs is number[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError(argument, fn, "must be a non-empty array of numbers");
  assertAllFinite(xs, argument, fn);
}

/**
 * |estimate − expected| ≤ z·se (z defaults to 4). `se` is the standard error of the estimate (combined with
 * that of `expected` when it is also an estimate). Throws ArgumentError for a non-finite argument.
 */
export function withinStandardErrors(estimate: number, expected: number, se: number, z = 4): Verdict {
  const fn = "withinStandardErrors";
  assertFiniteNumber(estimate, "estimate", fn);
  assertFiniteNumber(expected, "expected", fn);
  checkSe(se, fn);
  assertPositive(z, "z", fn);
  const dev = Math.abs(estimate - expected);
  return {
    passed: dev <= z * se,
    detail: `|${fmt(estimate)} - ${fmt(expected)}| = ${e3(dev)} vs ${z} SE = ${e3(z * se)} ` +
      `(${(dev / se).toFixed(2)} SE)`,
  };
}

/** Every point within z SE of its expected value (`withinStandardErrors` for each; the worst is reported). */
export function allWithinStandardErrors(
  points: readonly { estimate: number; expected: number; se: number; label?: string }[], z = 4,
): Verdict {
  if (!Array.isArray(points) || points.length === 0) {
    throw new ArgumentError("points", "allWithinStandardErrors", "must be a non-empty array");
  }
  const devs = points.map((p) => {
    withinStandardErrors(p.estimate, p.expected, p.se, z);
    return Math.abs(p.estimate - p.expected) / p.se;
  });
  const worst = devs.reduce((w, d, i) => (d > devs[w] ? i : w), 0);
  const label = points[worst].label ?? `point ${worst + 1}`;
  return {
    passed: devs.every((d) => d <= z),
    detail: `largest deviation of the ${points.length} from their expected values ` +
      `${devs[worst].toFixed(2)} SE (${label}); the claim allows ${z}`,
  };
}

/**
 * A difference resolved above zero: difference > z·se. `what` names the difference in the detail
 * ("L_5000(IWAE) − L_5000(VAE)").
 */
export function exceedsByStandardErrors(difference: number, se: number, z: number, what: string): Verdict {
  const fn = "exceedsByStandardErrors";
  assertFiniteNumber(difference, "difference", fn);
  checkSe(se, fn);
  assertPositive(z, "z", fn);
  return {
    passed: difference > z * se,
    detail: `${what} = ${difference.toPrecision(4)} ± ${se.toPrecision(2)} (SE): ` +
      `${(difference / se).toFixed(1)} SE, the claim asks > ${z}`,
  };
}

/**
 * An estimate of a quantity that cannot exceed `bound` (a lower bound's estimate): estimate ≤ bound + z·se.
 * `what` names the estimate in the detail.
 */
export function notAboveByStandardErrors(estimate: number, bound: number, se: number, z = 3, what = "estimate"): Verdict {
  const fn = "notAboveByStandardErrors";
  assertFiniteNumber(estimate, "estimate", fn);
  assertFiniteNumber(bound, "bound", fn);
  checkSe(se, fn);
  return {
    passed: estimate <= bound + z * se,
    detail: `${what} ${estimate.toFixed(4)} ± ${se.toFixed(4)} (SE) vs bound ${bound.toFixed(4)}: ` +
      `${((estimate - bound) / se).toFixed(1)} SE (the claim allows ≤ +${z})`,
  };
}

/** Every |z-score| at most `z` (an unbiasedness claim over several components). */
export function zScoresWithin(zs: readonly number[], z: number, what: string): Verdict {
  const fn = "zScoresWithin";
  assertNumberList(zs, "zs", fn);
  const worst = Math.max(...zs.map(Math.abs));
  const scope = zs.length === 1 ? `${worst.toFixed(2)} SE` : `all ${zs.length} within ${worst.toFixed(2)} SE`;
  return { passed: worst <= z, detail: `${what}: ${scope} (the claim allows ${z})` };
}

/** Every z-score above `z` (each of several cases resolved, e.g. a bias at every k). */
export function zScoresAllExceed(zs: readonly number[], z: number, what: string): Verdict {
  const fn = "zScoresAllExceed";
  assertNumberList(zs, "zs", fn);
  return {
    passed: zs.every((v) => v > z),
    detail: `${what}: ${zs.map((v) => v.toFixed(1)).join(", ")} SE (the claim asks each > ${z})`,
  };
}

/**
 * An accuracy above chance: accuracy ≥ chance + z·√(chance(1 − chance)/n), the SE of random guessing on n
 * test items.
 */
export function beatsChance(accuracy: number, n: number, chance: number, z = 3): Verdict {
  const fn = "beatsChance";
  assertFiniteNumber(accuracy, "accuracy", fn);
  assertPositive(n, "n", fn);
  assertFiniteNumber(chance, "chance", fn);
  const threshold = chance + z * Math.sqrt((chance * (1 - chance)) / n);
  return {
    passed: accuracy >= threshold,
    detail: `accuracy ${accuracy.toFixed(3)} on ${n} vs chance ${chance.toFixed(3)} + ${z} SE of guessing ` +
      `= ${threshold.toFixed(3)}`,
  };
}

/**
 * An estimate that misses its exact value by more than z of its sample SEs is explained by an understated SE:
 * against the exact SE (computed from the model, not the draws) it is within z, i.e. the draws missed what
 * carries the estimator's variance rather than the estimator being biased. Passes when every item has
 * |estimate − exact| ≤ z·exactSe; the detail names each item's z against both SEs. (Notebook 04: the k = 1
 * control-variate gap of an encoder with a rare heavy state.)
 */
export function explainedByExactStandardError(
  items: readonly { label: string; estimate: number; exact: number; sampleSe: number; exactSe: number }[],
  what: string, z = 3,
): Verdict {
  const fn = "explainedByExactStandardError";
  if (!Array.isArray(items) || items.length === 0) throw new ArgumentError("items", fn, "must be a non-empty array");
  items.forEach((it, i) => {
    for (const key of ["estimate", "exact", "sampleSe", "exactSe"] as const) assertFiniteNumber(it?.[key], `items[${i}].${key}`, fn);
    assertPositive(it.sampleSe, `items[${i}].sampleSe`, fn);
    assertPositive(it.exactSe, `items[${i}].exactSe`, fn);
  });
  assertPositive(z, "z", fn);
  const rows = items.map((it) => ({ ...it, zSample: (it.estimate - it.exact) / it.sampleSe, zExact: (it.estimate - it.exact) / it.exactSe }));
  const bad = rows.filter((r) => !(Math.abs(r.zExact) <= z));
  const text = (r: typeof rows[number]) => `${r.label}: ${r.zSample.toFixed(1)} sample SE but ${r.zExact.toFixed(2)} exact SE ` +
    `(sample SE ${r.sampleSe.toPrecision(2)}, exact ${r.exactSe.toPrecision(2)})`;
  return {
    passed: bad.length === 0,
    detail: `${what}: ${rows.length - bad.length} of ${rows.length} within ${z} exact SE; ${rows.map(text).join("; ")}`,
  };
}
