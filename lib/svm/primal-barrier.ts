/**
 * The log-barrier interior-point method (Boyd & Vandenberghe 2004, §11.3, with Nesterov's damped Newton steps for
 * self-concordant functions, §9.6) for the two primal forms of the linear soft-margin SVM, in variables w ∈ R^d,
 * b, ξ ∈ R^n (and t for the norm form):
 *
 *   squared   min ½||w||² + C Σ ξ_j
 *   norm      min t + C Σ ξ_j   with ||w|| ≤ t (a second-order cone; at the optimum t = ||w||)
 *   both      s.t. s_j = y_j (w·e_j + b) + ξ_j − 1 ≥ 0,  ξ_j ≥ 0.
 *
 * For τ = τ₀, 10τ₀, ... it minimises τ·objective − Σ log s_j − Σ log ξ_j [− log(t² − ||w||²)] by Newton's method,
 * the ξ block eliminated in closed form (a Schur complement of size d + 1 or d + 2, written as 1/(s_j² + ξ_j²) so it
 * stays accurate when both s_j and ξ_j go to 0). A centred point is primal feasible with a dual feasible point
 * α_j = 1/(τ s_j) (Σ α_j y_j = 0, 0 < α_j < C, and w = Σ α_j y_j e_j resp. ||Σ α_j y_j e_j|| ≤ 1) whose duality gap
 * is exactly m/τ, m = 2n (+2 for the cone). The method stops when m/τ ≤ gapTolerance · max(1, |objective|).
 *
 * Internal engine of `solveSvmPrimal` and `solveSvmPrimalNorm`; plain float64 TypeScript (exact to round-off, no
 * tensors: the problems of the lecture have d ≤ a few dozen).
 */
import { solveDense } from "./linear-algebra";
import type { SvmProblem } from "./problem";

export interface BarrierOptions {
  /** Relative duality-gap target m/τ ≤ gapTolerance · max(1, |objective|) (default 1e-10). */
  gapTolerance?: number;
  /** Factor by which τ grows between centring steps (default 10). */
  mu?: number;
  /** Newton steps allowed per centring (default 200). */
  maxNewtonSteps?: number;
}

export interface BarrierResult {
  w: Float64Array;
  b: number;
  /** t (norm form only, = ||w|| at the optimum); NaN for the squared form. */
  t: number;
  xi: Float64Array;
  alpha: Float64Array;
  /** Final barrier parameter τ and the certified duality gap m/τ. */
  tau: number;
  gapBound: number;
  newtonSteps: number;
}

export function barrierSolve(prob: SvmProblem, C: number, form: "squared" | "norm", fn: string, options: BarrierOptions = {}): BarrierResult {
  const { x, y, n, d } = prob;
  const gapTolerance = options.gapTolerance ?? 1e-10;
  const mu = options.mu ?? 10;
  const maxNewton = options.maxNewtonSteps ?? 200;
  const cone = form === "norm";
  const p = d + 1 + (cone ? 1 : 0); // z = (w, b[, t])
  const iB = d;
  const iT = d + 1;
  const m = 2 * n + (cone ? 2 : 0);

  const z = new Float64Array(p);
  if (cone) z[iT] = 1;
  const xi = new Float64Array(n).fill(2);
  const s = new Float64Array(n);
  const margin = (zz: Float64Array, j: number): number => {
    let v = zz[iB];
    for (let k = 0; k < d; k++) v += zz[k] * x[j * d + k];
    return y[j] * v;
  };
  const objective = (zz: Float64Array, xx: Float64Array): number => {
    let q = 0;
    if (cone) q = zz[iT];
    else for (let k = 0; k < d; k++) q += 0.5 * zz[k] * zz[k];
    let sum = 0;
    for (let j = 0; j < n; j++) sum += xx[j];
    return q + C * sum;
  };
  let tau = m / objective(z, xi);
  let steps = 0;

  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const gXi = new Float64Array(n);
  const dXi = new Float64Array(n);
  const a = new Float64Array(p);
  for (;;) {
    // centring: minimise τ·objective + barrier by damped Newton
    let previousLambda2 = Infinity;
    for (let it = 0; ; it++) {
      if (it >= maxNewton) throw new Error(`${fn}: Newton's method did not converge within ${maxNewton} steps (τ = ${tau.toExponential(3)})`);
      H.fill(0);
      g.fill(0);
      for (let j = 0; j < n; j++) s[j] = margin(z, j) + xi[j] - 1;
      if (cone) {
        let ww = 0;
        for (let k = 0; k < d; k++) ww += z[k] * z[k];
        const t = z[iT];
        const u = t * t - ww;
        g[iT] += tau - (2 * t) / u;
        for (let k = 0; k < d; k++) {
          g[k] += (2 * z[k]) / u;
          H[k * p + k] += 2 / u;
          for (let l = 0; l < d; l++) H[k * p + l] += (4 * z[k] * z[l]) / (u * u);
          H[k * p + iT] -= (4 * t * z[k]) / (u * u);
          H[iT * p + k] -= (4 * t * z[k]) / (u * u);
        }
        H[iT * p + iT] += -2 / u + (4 * t * t) / (u * u);
      } else {
        for (let k = 0; k < d; k++) {
          g[k] += tau * z[k];
          H[k * p + k] += tau;
        }
      }
      // constraint rows a_j = y_j (e_j, 1[, 0]); the ξ block is eliminated (Schur complement)
      const r = new Float64Array(p);
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < d; k++) a[k] = y[j] * x[j * d + k];
        a[iB] = y[j];
        const sj = s[j];
        const xj = xi[j];
        const den = sj * sj + xj * xj;
        gXi[j] = tau * C - 1 / sj - 1 / xj;
        const fold = ((xj * xj) / den) * gXi[j];
        for (let k = 0; k <= iB; k++) {
          g[k] -= a[k] / sj;
          r[k] += fold * a[k];
          for (let l = 0; l <= iB; l++) H[k * p + l] += (a[k] * a[l]) / den;
        }
      }
      for (let k = 0; k < p; k++) r[k] -= g[k];
      const dz = solveDense(H, r, p);
      // dξ_j = −(s²ξ² g_ξj + ξ² a_j·dz) / (s² + ξ²); Newton decrement λ² = −(g_z·dz + g_ξ·dξ)
      let lambda2 = 0;
      for (let k = 0; k < p; k++) lambda2 -= g[k] * dz[k];
      for (let j = 0; j < n; j++) {
        let adz = dz[iB];
        for (let k = 0; k < d; k++) adz += x[j * d + k] * dz[k];
        adz *= y[j];
        const sj = s[j];
        const xj = xi[j];
        dXi[j] = -((sj * sj * xj * xj) * gXi[j] + xj * xj * adz) / (sj * sj + xj * xj);
        lambda2 -= gXi[j] * dXi[j];
      }
      const lambda = Math.sqrt(Math.max(0, lambda2));
      const step = lambda < 0.25 ? 1 : 1 / (1 + lambda);
      for (let k = 0; k < p; k++) z[k] += step * dz[k];
      for (let j = 0; j < n; j++) xi[j] += step * dXi[j];
      steps++;
      // centred: λ² small, or stalled at the round-off floor of float64 (λ² no longer decreasing)
      if (lambda2 <= 1e-10 || (lambda2 < 1e-6 && lambda2 >= previousLambda2)) break;
      previousLambda2 = lambda2;
    }
    const f = objective(z, xi);
    if (m / tau <= gapTolerance * Math.max(1, Math.abs(f))) break;
    tau *= mu;
  }
  for (let j = 0; j < n; j++) s[j] = margin(z, j) + xi[j] - 1;
  const alpha = new Float64Array(n);
  // On the central path α_j = 1/(τ s_j) = C − 1/(τ ξ_j). s_j is a difference of O(1) numbers (cancellation when it
  // is tiny), ξ_j is a variable: use the expression whose denominator is larger.
  for (let j = 0; j < n; j++) alpha[j] = xi[j] > s[j] ? C - 1 / (tau * xi[j]) : 1 / (tau * s[j]);
  return {
    w: z.slice(0, d), b: z[iB], t: cone ? z[iT] : NaN, xi: Float64Array.from(xi), alpha, tau, gapBound: m / tau, newtonSteps: steps,
  };
}
