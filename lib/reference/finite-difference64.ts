/**
 * Central finite differences in float64: ∂f/∂x_j ≈ (f(x + h e_j) - f(x - h e_j)) / (2h), error O(h² f''')
 * plus the round-off of f divided by h. For smooth f computed to ~1e-13, h = 1e-5 gives ~1e-9.
 * Errors: x not a non-empty array of finite numbers, h not > 0, f not finite at a probe.
 */
import { ArgumentError, assertAllFinite, assertPositive } from "../errors";

export function centralDifferenceGradient64(f: (x: number[]) => number, x: readonly number[], h = 1e-5): number[] {
  const fn = "centralDifferenceGradient64";
  if (typeof f !== "function") throw new ArgumentError("f", fn, "must be a function number[] -> number");
  if (!Array.isArray(x) || x.length === 0) throw new ArgumentError("x", fn, "must be a non-empty array");
  assertAllFinite(x, "x", fn);
  assertPositive(h, "h", fn);
  return x.map((_, j) => {
    const up = [...x], dn = [...x];
    up[j] += h;
    dn[j] -= h;
    const g = (f(up) - f(dn)) / (2 * h);
    if (!Number.isFinite(g)) throw new ArgumentError("f", fn, `must be finite near x (coordinate ${j})`);
    return g;
  });
}
