/**
 * Decisions on exact (float64 or float32 round-off) comparisons: identities of the lecture checked to a
 * stated round-off, and lists of values that must each stay below a limit.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../../errors";
import type { Verdict } from "./verdict";

/** |a − b| ≤ tol: two independently computed sides of an equation agree to round-off. */
export function equalWithin(a: number, b: number, tol: number, what: string): Verdict {
  const fn = "equalWithin";
  assertFiniteNumber(a, "a", fn);
  assertFiniteNumber(b, "b", fn);
  assertPositive(tol, "tol", fn);
  const d = Math.abs(a - b);
  return { passed: d <= tol, detail: `${what}: |difference| = ${d.toExponential(3)} (round-off allowed ${tol.toExponential(1)})` };
}

/**
 * Every item's value at most its limit (strictly below when `strict`): e.g. the deviation from log p(E)
 * of every L_k at the exact posterior, each within its float32 round-off.
 */
export function allAtMost(
  items: readonly { label: string; value: number; limit: number }[], what: string, strict = false,
): Verdict {
  const fn = "allAtMost";
  if (!Array.isArray(items) || items.length === 0) throw new ArgumentError("items", fn, "must be a non-empty array");
  items.forEach((it) => { assertFiniteNumber(it?.value, "items[].value", fn); assertFiniteNumber(it?.limit, "items[].limit", fn); });
  const bad = items.filter((it) => (strict ? !(it.value < it.limit) : !(it.value <= it.limit)));
  // the item nearest its limit: by the share of the limit used when every limit is positive (limits of very
  // different size, e.g. round-off allowances), else by the difference
  const byShare = items.every((it) => it.limit > 0);
  const nearness = (it: { value: number; limit: number }) => (byShare ? it.value / it.limit : it.value - it.limit);
  const worst = items.reduce((w, it) => (nearness(it) > nearness(w) ? it : w));
  return {
    passed: bad.length === 0,
    detail: `${what}: ${items.length - bad.length} of ${items.length} ${strict ? "below" : "at most"} their limit` +
      (bad.length ? ` (not: ${bad.map((b) => b.label).join(", ")})`
        : ` (closest: ${worst.label}, ${worst.value.toPrecision(3)} vs ${worst.limit.toPrecision(3)})`),
  };
}
