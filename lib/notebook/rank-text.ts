/**
 * A ranking of estimates with standard errors, in words: sorted by mean (largest first), with ">" between
 * neighbours separated by more than z combined SE (√(se₁² + se₂²)) and "≈" where they are not, so a ranking
 * never claims an order the noise does not support.
 *
 *   rankText([{ label: "VAE", mean: 0.02, se: 0.001 }, ...]) → "VAE 2.00e-2 ± 1.0e-3 > IWAE (k = 5) ... ≈ ..."
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";

export function rankText(items: readonly { label: string; mean: number; se: number }[], z = 2): string {
  const fn = "rankText";
  if (!Array.isArray(items) || items.length === 0) throw new ArgumentError("items", fn, "must be a non-empty array");
  items.forEach((it) => { assertFiniteNumber(it?.mean, "items[].mean", fn); assertPositive(it?.se, "items[].se", fn, true); });
  assertPositive(z, "z", fn);
  const sorted = [...items].sort((a, b) => b.mean - a.mean);
  const show = (it: (typeof items)[number]) => `${it.label} ${it.mean.toExponential(2)} ± ${it.se.toExponential(1)}`;
  return sorted.map((it, i) => {
    if (i === 0) return show(it);
    const prev = sorted[i - 1];
    return `${prev.mean - it.mean > z * Math.hypot(prev.se, it.se) ? ">" : "≈"} ${show(it)}`;
  }).join(" ");
}
