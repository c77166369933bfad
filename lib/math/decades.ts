/**
 * Grids on a log scale, as sweeps of C (or any positive constant) use them:
 *
 *   decadeGrid(from, to, perDecade)   10^(from + i / perDecade) for i = 0 … (to − from)·perDecade: `perDecade`
 *                                     points per decade from 10^from to 10^to, both included
 *   decadeExponent(v)                 k when v = 10^k for an integer k (within 1e-9 in log₁₀), else null
 *
 * Errors (ArgumentError naming the argument and the function): `from`, `to` not integers or to ≤ from,
 * `perDecade` not an integer ≥ 1; `v` not a finite number > 0.
 */
import { ArgumentError, assertInteger, assertPositive } from "../errors";

export function decadeGrid(from: number, to: number, perDecade: number): number[] {
  const fn = "decadeGrid";
  for (const [v, name] of [[from, "from"], [to, "to"]] as const) {
    if (!Number.isInteger(v)) throw new ArgumentError(name, fn, `must be an integer exponent of 10, got ${v}`);
  }
  if (!(to > from)) throw new ArgumentError("to", fn, `must exceed 'from' (${from}), got ${to}`);
  assertInteger(perDecade, "perDecade", fn, 1);
  return Array.from({ length: (to - from) * perDecade + 1 }, (_, i) => 10 ** (from + i / perDecade));
}

export function decadeExponent(v: number): number | null {
  assertPositive(v, "v", "decadeExponent");
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) <= 1e-9 ? Math.round(e) : null;
}
