/**
 * Gauss-Hermite quadrature for the standard normal, in float64:
 *
 *   E[f(X)] = ∫ f(x) N(x; 0, 1) dx ≈ Σ_{j=1..n} w_j f(x_j)     (exact for polynomials of degree ≤ 2n - 1)
 *
 * Nodes are the roots of the physicists' Hermite polynomial H_n found by Newton's method from the usual
 * asymptotic starting values (Press et al., Numerical Recipes, §4.6 "gauher"), scaled by √2; the weights are
 * divided by √π so that they sum to 1. Errors: n not an integer in [1, 200].
 */
import { ArgumentError } from "../errors";

export function gaussHermite64(n: number): { nodes: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new ArgumentError("n", "gaussHermite64", `must be an integer in [1, 200], got ${n}`);
  const x = new Array<number>(n).fill(0);
  const w = new Array<number>(n).fill(0);
  const PIM4 = Math.pow(Math.PI, -0.25);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4, p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  const sqrtPi = Math.sqrt(Math.PI);
  return { nodes: x.map((v) => v * Math.SQRT2).reverse(), weights: w.map((v) => v / sqrtPi).reverse() };
}
