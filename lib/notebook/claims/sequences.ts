/**
 * Decisions on how a sequence of values moves along a sweep (of C, β or k).
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../../errors";
import { assertNumberList } from "./standard-errors";
import type { Verdict } from "./verdict";

/**
 * Non-increasing along the sweep and lower at the end than at the start: every step
 * values[i+1] − values[i] ≤ relTol·|values[i]| (round-off of the solver), and values[last] < values[0].
 */
export function nonIncreasing(values: readonly number[], relTol: number, what: string): Verdict {
  const fn = "nonIncreasing";
  assertNumberList(values, "values", fn);
  if (values.length < 2) throw new ArgumentError("values", fn, "must hold at least 2 values");
  assertPositive(relTol, "relTol", fn, true);
  const steps = values.slice(1).map((v, i) => v - values[i]);
  const rises = steps.filter((d, i) => d > relTol * Math.abs(values[i])).length;
  const last = values[values.length - 1];
  return {
    passed: rises === 0 && last < values[0],
    detail: `${what}: ${values[0].toPrecision(5)} → ${last.toPrecision(5)}; ${rises} of ${steps.length} ` +
      `steps rise by more than ${relTol} relative (largest increase ${Math.max(...steps).toExponential(2)})`,
  };
}

/**
 * Non-increasing along the sweep within certified error bars, and lower at the end than at the start: each value
 * is known to within ±errors[i] (a bound certified by the solver, not a standard error), so a step may rise by
 * at most errors[i] + errors[i+1] before the exact values must rise; and values[last] + errors[last] <
 * values[0] − errors[0] (the exact values fall overall). Errors: values and errors of different lengths or
 * fewer than 2, an error that is negative or not finite.
 */
export function nonIncreasingWithin(values: readonly number[], errors: readonly number[], what: string): Verdict {
  const fn = "nonIncreasingWithin";
  assertNumberList(values, "values", fn);
  assertNumberList(errors, "errors", fn);
  if (values.length < 2) throw new ArgumentError("values", fn, "must hold at least 2 values");
  if (errors.length !== values.length) throw new ArgumentError("errors", fn, `must hold one error per value (${values.length}), got ${errors.length}`);
  errors.forEach((e, i) => assertPositive(e, `errors[${i}]`, fn, true));
  const excess = values.slice(1).map((v, i) => v - values[i] - (errors[i] + errors[i + 1]));
  const rises = excess.filter((x) => x > 0).length;
  const last = values.length - 1;
  const fall = values[0] - errors[0] - (values[last] + errors[last]);
  const steps = values.slice(1).map((v, i) => v - values[i]);
  return {
    passed: rises === 0 && fall > 0,
    detail: `${what}: ${values[0].toPrecision(5)} ± ${errors[0].toExponential(1)} → ${values[last].toPrecision(5)} ` +
      `± ${errors[last].toExponential(1)}; ${rises} of ${steps.length} steps rise by more than their two error ` +
      `bounds (largest increase ${Math.max(...steps).toExponential(2)}, largest bound ` +
      `${Math.max(...values.slice(1).map((_, i) => errors[i] + errors[i + 1])).toExponential(2)})`,
  };
}

/** Strictly decreasing: values[i+1] < values[i] at every step. */
export function strictlyDecreasing(values: readonly number[], what: string): Verdict {
  const fn = "strictlyDecreasing";
  assertNumberList(values, "values", fn);
  if (values.length < 2) throw new ArgumentError("values", fn, "must hold at least 2 values");
  const up = values.slice(1).map((v, i) => v >= values[i]).filter(Boolean).length;
  return {
    passed: up === 0,
    detail: `${what}: ${values.map((v) => v.toPrecision(4)).join(" → ")}` +
      (up ? ` (${up} step${up === 1 ? "" : "s"} not decreasing)` : ""),
  };
}

/**
 * A curve that rises with paired steps (each step a paired difference with its SE): no step goes down by
 * more than z SE, and the total rise (first to last, paired) is more than z SE.
 */
export function risesWithPairedSteps(
  steps: readonly { mean: number; se: number }[], total: { mean: number; se: number }, z: number, what: string,
): Verdict {
  const fn = "risesWithPairedSteps";
  if (!Array.isArray(steps) || steps.length === 0) throw new ArgumentError("steps", fn, "must be a non-empty array");
  steps.forEach((s) => { assertFiniteNumber(s?.mean, "steps[].mean", fn); assertPositive(s?.se, "steps[].se", fn, true); });
  assertFiniteNumber(total?.mean, "total.mean", fn);
  assertPositive(total?.se, "total.se", fn, true);
  const worst = steps.reduce((w, s) => (s.mean / s.se < w.mean / w.se ? s : w));
  const down = steps.filter((s) => s.mean < -z * s.se).length;
  return {
    passed: down === 0 && total.mean > z * total.se,
    detail: `${what}: total rise ${total.mean.toPrecision(4)} ± ${total.se.toPrecision(2)} ` +
      `(${(total.mean / total.se).toFixed(1)} SE, the claim asks > ${z}); least increasing step ` +
      `${(worst.mean / worst.se).toFixed(1)} SE; ${down} of ${steps.length} steps down by more than ${z} SE`,
  };
}
