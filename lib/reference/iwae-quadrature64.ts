/**
 * The k-sample bound of a model with a ONE-dimensional latent, by deterministic quadrature in float64:
 *
 *   L_k = E_{ε_1..ε_k iid N(0,1)} [ log (1/k) Σ_i w(m + s ε_i) ]
 *       ≈ Σ_{j_1..j_k} (Π_i ω_{j_i}) log (1/k) Σ_i w(m + s x_{j_i})
 *
 * a k-dimensional tensor-product Gauss-Hermite rule with n nodes per axis (n^k terms: k ≤ 4 is practical).
 * Independent of any sampling, it gives values of E[L_k] (and, by finite differences, of ∇ E[L_k]) to test
 * Monte Carlo gradient estimators against. The integrand is smooth, so n = 40 is accurate to ~1e-9 on
 * the models of notebook 05 (the unit tests compare n = 40 and n = 60). k = 1 is the ELBO.
 *
 * @param logWeight h ↦ log w(h) = log p(e, h) - log q(h | e)
 * @param m, s the mean and standard deviation (> 0) of q
 * Errors: k not an integer in [1, 6]; n^k > 2e7; s not > 0; log w not finite at a node.
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";
import { gaussHermite64 } from "./gauss-hermite64";
import { logMeanExp64 } from "./float64";

export function iwaeBoundQuadrature64(logWeight: (h: number) => number, m: number, s: number, k: number, n = 40): number {
  const fn = "iwaeBoundQuadrature64";
  if (typeof logWeight !== "function") throw new ArgumentError("logWeight", fn, "must be a function h -> log w(h)");
  assertFiniteNumber(m, "m", fn);
  assertPositive(s, "s", fn);
  assertInteger(k, "k", fn);
  if (k > 6) throw new ArgumentError("k", fn, `must be <= 6 (n^k quadrature terms), got ${k}`);
  assertInteger(n, "n", fn);
  if (n ** k > 2e7) throw new ArgumentError("n", fn, `must keep n^k <= 2e7 terms, got ${n}^${k}`);
  const { nodes, weights } = gaussHermite64(n);
  const lw = nodes.map((x) => logWeight(m + s * x));
  lw.forEach((v, j) => { if (!Number.isFinite(v)) throw new ArgumentError("logWeight", fn, `must be finite, got ${v} at node ${j}`); });
  const idx = new Array<number>(k).fill(0);
  const vals = new Array<number>(k);
  let total = 0;
  for (;;) {
    let wt = 1;
    for (let i = 0; i < k; i++) { wt *= weights[idx[i]]; vals[i] = lw[idx[i]]; }
    total += wt * logMeanExp64(vals);
    let p = 0;
    while (p < k && ++idx[p] === n) { idx[p] = 0; p++; }
    if (p === k) break;
  }
  return total;
}
