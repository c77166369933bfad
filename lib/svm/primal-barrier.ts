/**
 * The log-barrier interior-point method (Boyd & Vandenberghe 2004, §11.3, Newton's method with a backtracking line
 * search, §9.5) for the two primal forms of the linear soft-margin SVM, in variables w ∈ R^d, b, ξ ∈ R^n (and t for
 * the norm form):
 *
 *   squared   min ½||w||² + C Σ ξ_j
 *   norm      min t + C Σ ξ_j   with ||w|| ≤ t (a second-order cone; at the optimum t = ||w||)
 *   both      s.t. s_j = y_j (w·e_j + b) + ξ_j − 1 ≥ 0,  ξ_j ≥ 0.
 *
 * For τ = τ₀, μτ₀, μ²τ₀, ... it minimises Φ_τ = τ·objective − Σ log s_j − Σ log ξ_j [− log(t² − ||w||²)] by Newton's
 * method, the ξ block eliminated in closed form (a Schur complement of size d + 1 or d + 2, written with
 * 1/(s_j² + ξ_j²) so it stays accurate when both s_j and ξ_j go to 0). A centred point is primal feasible with a
 * dual feasible point α_j = 1/(τ s_j) whose duality gap is m/τ, m = 2n (+2 for the cone). The method stops when
 * the tests below hold.
 *
 * Robustness (each measured on the breast-cancer set, 569 × 30, C = 0.01 … 100):
 * - Scaling. The features are divided by their root-mean-square c (the problem at scale c with C is the problem at
 *   scale 1 with C·c² for the squared form, C·c for the norm form; w, α and the objective are mapped back), so the
 *   answer does not depend on the units of the features.
 * - Start and steps. τ₀ minimises ||τ ∇objective + ∇barrier|| at the start (B&V §11.3.1), and a backtracking
 *   line search (Armijo α = 0.01, β = 0.5, kept strictly feasible) takes full steps where the damped step
 *   1/(1 + λ) crawls (the norm form starts at t = 1 while ||w*|| = 714 on breast cancer at C = 100).
 * - Stop of the method: m/τ ≤ gapTolerance · objective, and for the squared form also m/τ ≤ gapTolerance · ||w||²,
 *   so that ½||w − w*||² ≤ gap gives w to about √(2 gapTolerance) relative, also when ||w*|| is tiny.
 * - Multipliers. α comes from one more Newton system at the end (first-order corrected barrier multipliers),
 *   so Σ α_j y_j = 0 and stationarity hold to round-off and the KKT residual measures the solution, not the
 *   centring error.
 * - Range. Problems whose C in RMS-1 units exceeds about 1e4 can exceed float64's resolution (||w||² against
 *   C Σ ξ), and so can those whose C there is below about 1e-6 (measured: 3e-8 fails on a 6-point set; w* is of
 *   size C while the slacks are of size 1, and s_j = 1/(τ α_j) ≈ 1/(τC) drowns in the round-off of O(1) terms), as
 *   does an optimum w* = 0 in the squared form (the stop below compares the gap with ||w||²; e.g. every point
 *   duplicated with the opposite label). A failure then says which, naming the scale, and points to
 *   `solveSvmDual` (SMO: its box 0 ≤ α ≤ C scales with C, so it solves all three). Never a silent answer: a
 *   failed centring is an error naming the solver called.
 * - Stop of a centring. Newton's decrement λ² is compared with the round-off of Φ_τ itself: λ²/2 ≤ 1e-10, or
 *   λ²/2 ≤ 64 ε_mach (τ |objective| + Σ|log|) when λ² no longer decreases — at large τ the gradient is a
 *   difference of numbers of size τ·C and 1/ξ, so a fixed floor such as 1e-6 is unreachable in float64.
 *
 * Internal engine of `solveSvmPrimal` and `solveSvmPrimalNorm`; plain float64 TypeScript (exact to round-off, no
 * tensors: d up to a few dozen). Options are validated up front by `checkBarrierOptions` (a named error, never a
 * hang or a "did not converge" for a bad option).
 */
import { ArgumentError, assertFiniteNumber, assertInteger, assertPositive } from "../errors";
import { solveDense } from "./linear-algebra";
import type { SvmProblem } from "./problem";

export interface BarrierOptions {
  /** Relative duality-gap target m/τ ≤ gapTolerance · objective (and ≤ gapTolerance · ||w||², squared form); default 1e-10, in (0, 1). */
  gapTolerance?: number;
  /** Factor by which τ grows between centring steps (default 10; > 1). */
  mu?: number;
  /** Newton steps allowed per centring (default 200; an integer ≥ 1). */
  maxNewtonSteps?: number;
}

export interface BarrierResult {
  w: Float64Array;
  b: number;
  /** t (norm form only, = ||w|| at the optimum); NaN for the squared form. */
  t: number;
  xi: Float64Array;
  alpha: Float64Array;
  /** Final barrier parameter τ (of the problem in the original units) and the certified duality gap m/τ. */
  tau: number;
  gapBound: number;
  newtonSteps: number;
}

/** The options with their defaults, each checked (ArgumentError naming `options.<name>` and `fn`). */
export function checkBarrierOptions(options: unknown, fn: string): Required<BarrierOptions> {
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, `must be an object { gapTolerance, mu, maxNewtonSteps }, got ${options === null ? "null" : typeof options}`);
  const o = options as BarrierOptions;
  const gapTolerance = o.gapTolerance ?? 1e-10;
  assertPositive(gapTolerance, "options.gapTolerance", fn);
  if (gapTolerance >= 1) throw new ArgumentError("options.gapTolerance", fn, `must be < 1 (a relative duality gap), got ${gapTolerance}`);
  const mu = o.mu ?? 10;
  assertFiniteNumber(mu, "options.mu", fn);
  if (mu <= 1) throw new ArgumentError("options.mu", fn, `must be > 1 (the factor by which τ grows; τ would never grow), got ${mu}`);
  const maxNewtonSteps = o.maxNewtonSteps ?? 200;
  assertInteger(maxNewtonSteps, "options.maxNewtonSteps", fn, 1);
  return { gapTolerance, mu, maxNewtonSteps };
}

/** Root-mean-square of the coordinates (1 when all are 0). */
function rmsScale(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const r = Math.sqrt(s / x.length);
  return r > 0 && Number.isFinite(r) ? r : 1;
}

const EPS = Number.EPSILON;

export function barrierSolve(prob: SvmProblem, Cin: number, form: "squared" | "norm", fn: string, options: BarrierOptions = {}): BarrierResult {
  const { gapTolerance, mu, maxNewtonSteps: maxNewton } = checkBarrierOptions(options, fn);
  const { n, d, y } = prob;
  const cone = form === "norm";
  // the problem in units where the features have RMS 1
  const c = rmsScale(prob.x);
  const x = prob.x.map((v) => v / c);
  const C = cone ? Cin * c : Cin * c * c;
  if (!Number.isFinite(C) || C === 0) {
    throw new ArgumentError("C", fn, `times the features' scale (RMS ${c.toExponential(3)}) ${cone ? "" : "squared "}must stay a finite positive float64, got ${C}; rescale the features`);
  }
  const dual = cone
    ? "; the standard form's dual solver solveSvmDual(x, y, C') solves this problem with C' = C·||w*|| (see solveSvmPrimalNorm)"
    : "; the dual solver solveSvmDual(x, y, C) solves this same problem (its box 0 ≤ α ≤ C scales with C)";
  const conditioning = (ww: number, f: number) => `; in units where the features have RMS 1 (they have RMS ${c.toExponential(3)}) the problem has C = ${C.toExponential(3)}` +
    (C > 1e4 ? ", where float64 cannot resolve ||w|| against C Σ ξ: standardise the features or lower C" : "") +
    (C < 1e-6 ? ", so small that the optimal w (||w*|| ≤ C Σ_j ||e_j||) cannot be resolved in float64 against slacks ξ_j of size 1 (the barrier's s_j = y_j (w·e_j + b) + ξ_j − 1 must reach 1/(τC))" : "") +
    (!cone && C >= 1e-6 && C <= 1e4 && ww <= 1e-12 * f ? `, and w is 0 to working precision (||w||² = ${ww.toExponential(3)} against the objective ${f.toExponential(3)}): the optimum looks like w* = 0 (e.g. every point has a duplicate with the opposite label), where the stopping test m/τ ≤ gapTolerance·||w||² (w to √gapTolerance relative) cannot be met` : "") +
    dual;
  const wNorm2 = (zz: Float64Array): number => {
    let ww = 0;
    for (let k = 0; k < d; k++) ww += zz[k] * zz[k];
    return ww;
  };
  const p = d + 1 + (cone ? 1 : 0); // z = (w, b[, t])
  const iB = d;
  const iT = d + 1;
  const m = 2 * n + (cone ? 2 : 0);

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
  const coneSlack = (zz: Float64Array): number => {
    let ww = 0;
    for (let k = 0; k < d; k++) ww += zz[k] * zz[k];
    return zz[iT] * zz[iT] - ww;
  };
  /** Φ_τ and the sum of |log| terms (its round-off scale); Infinity outside the domain. */
  const phi = (zz: Float64Array, xx: Float64Array, tau: number): { value: number; scale: number } => {
    const f = objective(zz, xx);
    let value = tau * f;
    let scale = Math.abs(tau * f);
    for (let j = 0; j < n; j++) {
      const sj = margin(zz, j) + xx[j] - 1;
      if (!(sj > 0) || !(xx[j] > 0)) return { value: Infinity, scale };
      const l = Math.log(sj) + Math.log(xx[j]);
      value -= l;
      scale += Math.abs(Math.log(sj)) + Math.abs(Math.log(xx[j]));
    }
    if (cone) {
      const u = coneSlack(zz);
      if (!(u > 0) || !(zz[iT] > 0)) return { value: Infinity, scale };
      value -= Math.log(u);
      scale += Math.abs(Math.log(u));
    }
    return { value, scale };
  };

  // strictly feasible start: w = 0, b = 0, ξ = 2 (s = 1), t = 1
  const z = new Float64Array(p);
  if (cone) z[iT] = 1;
  const xi = new Float64Array(n).fill(2);
  const s = new Float64Array(n);

  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const gXi = new Float64Array(n);
  const dXi = new Float64Array(n);
  const a = new Float64Array(p);
  const r = new Float64Array(p);
  const zTry = new Float64Array(p);
  const xiTry = new Float64Array(n);

  /** Gradient and Schur-complement system at (z, ξ) for τ; returns nothing, fills H, g, gXi, r. */
  const assemble = (tau: number): void => {
    H.fill(0);
    g.fill(0);
    r.fill(0);
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
  };

  // τ₀ = argmin_τ ||τ ∇f + ∇φ||² at the start (B&V §11.3.1), or m / f when that is not positive
  assemble(0);
  let gfgf = 0, gfgp = 0;
  {
    const gf = new Float64Array(p + n);
    const gp = new Float64Array(p + n);
    for (let k = 0; k < d; k++) gf[k] = cone ? 0 : z[k];
    if (cone) gf[iT] = 1;
    for (let j = 0; j < n; j++) gf[p + j] = C;
    for (let k = 0; k < p; k++) gp[k] = g[k];
    for (let j = 0; j < n; j++) gp[p + j] = gXi[j];
    for (let i = 0; i < p + n; i++) { gfgf += gf[i] * gf[i]; gfgp += gf[i] * gp[i]; }
  }
  let tau = gfgp < 0 && gfgf > 0 ? -gfgp / gfgf : m / objective(z, xi);
  let steps = 0;

  for (;;) {
    // centring: minimise Φ_τ by Newton's method with a backtracking line search
    let previousLambda2 = Infinity;
    for (let it = 0; ; it++) {
      if (it >= maxNewton) {
        throw new Error(`${fn}: Newton's method did not converge within ${maxNewton} steps (τ = ${tau.toExponential(3)}, Newton decrement² ${previousLambda2.toExponential(3)})${conditioning(wNorm2(z), objective(z, xi))}`);
      }
      assemble(tau);
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
      const here = phi(z, xi, tau);
      const floor = 64 * EPS * here.scale;
      if (lambda2 / 2 <= 1e-10) break;
      if (lambda2 >= previousLambda2 && lambda2 / 2 <= floor) break; // at the round-off floor of Φ_τ
      previousLambda2 = lambda2;
      // backtracking (Armijo α = 0.01, β = 0.5), the trial point kept strictly feasible; the test allows Φ's round-off
      let step = 1;
      let accepted = false;
      for (let bt = 0; bt < 60; bt++, step *= 0.5) {
        for (let k = 0; k < p; k++) zTry[k] = z[k] + step * dz[k];
        for (let j = 0; j < n; j++) xiTry[j] = xi[j] + step * dXi[j];
        const trial = phi(zTry, xiTry, tau);
        if (trial.value <= here.value - 0.01 * step * lambda2 + floor) { accepted = true; break; }
      }
      steps++;
      if (!accepted) {
        if (lambda2 / 2 <= floor * 1e3) break; // no representable decrease left: centred to working precision
        throw new Error(`${fn}: the line search found no decrease (τ = ${tau.toExponential(3)}, Newton decrement² ${lambda2.toExponential(3)})${conditioning(wNorm2(z), objective(z, xi))}`);
      }
      z.set(zTry);
      xi.set(xiTry);
    }
    // relative gap, and for the squared form also ½||w − w*||² ≤ gap ≤ gapTolerance·||w||² (w to ~√gapTolerance
    // relative; the ε_mach·f term ends the loop when w* = 0)
    const f = objective(z, xi);
    let ww = 0;
    for (let k = 0; k < d; k++) ww += z[k] * z[k];
    if (m / tau <= gapTolerance * f && (cone || m / tau <= gapTolerance * (ww + EPS * f))) break;
    tau *= mu;
  }
  // Multipliers: on the central path α_j = 1/(τ s_j) = C − 1/(τ ξ_j); near it, one more Newton system gives the
  // first-order corrected estimates α_j = (1 − Δs_j/s_j)/(τ s_j) = C − (1 − Δξ_j/ξ_j)/(τ ξ_j), which satisfy
  // Σ α_j y_j = 0 exactly and w + Δw = Σ α_j y_j e_j (B&V §11.3.4 / §11.7). s_j is a difference of O(1) numbers
  // (cancellation when tiny), ξ_j a variable: use the expression whose denominator is larger. Then back to the
  // original units.
  assemble(tau);
  const dzLast = solveDense(H, r, p);
  const back = cone ? c : c * c; // C' = C·back, α' = α·back, objective' = objective·back
  const alpha = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let adz = dzLast[iB];
    for (let k = 0; k < d; k++) adz += x[j * d + k] * dzLast[k];
    adz *= y[j];
    const sj = s[j], xj = xi[j];
    const dx = -((sj * sj * xj * xj) * gXi[j] + xj * xj * adz) / (sj * sj + xj * xj);
    const ds = adz + dx;
    const aj = xj > sj ? C - (1 - dx / xj) / (tau * xj) : (1 - ds / sj) / (tau * sj);
    alpha[j] = Math.min(C, Math.max(0, aj)) / back;
  }
  const w = new Float64Array(d);
  for (let k = 0; k < d; k++) w[k] = z[k] / c;
  return {
    w, b: z[iB], t: cone ? z[iT] / c : NaN, xi: Float64Array.from(xi), alpha, tau: tau * back, gapBound: m / tau / back,
    newtonSteps: steps,
  };
}
