/**
 * The standard soft-margin SVM in the primal (Cortes & Vapnik 1995; the problem LIBSVM's C-SVC solves in its dual):
 *
 *   min_{w, b, ξ}  ½||w||² + C Σ_j ξ_j   s.t.  y_j (w·e_j + b) ≥ 1 − ξ_j,  ξ_j ≥ 0,
 *
 * equivalently min ½||w||² + C Σ_j max(0, 1 − y_j (w·e_j + b)). Solved by a log-barrier interior-point method in
 * float64 (see `primal-barrier.ts`), which certifies its own duality gap: the result's `gapBound` = m/τ bounds
 * P(w, b) − P* and the multipliers α_j are dual feasible. w is unique (the objective is 1-strongly convex in w);
 * b can be non-unique when no point lies exactly on the margin, and the barrier then returns the analytic centre of
 * the optimal interval. Linear kernel only: for kernels use `solveSvmDual`.
 *
 * Shapes: x is n points of dimension d (rows), y ∈ {−1, +1}^n (convert 0/1 with `toSignedLabels(y, "01")`).
 * Options (`BarrierOptions`): gapTolerance in (0, 1), mu > 1, maxNewtonSteps an integer ≥ 1, each checked first.
 * Errors: C ≤ 0 or not finite, empty x, ragged rows, NaN/±Infinity, points whose squared norm overflows, y of
 * another length, labels not ±1, one class, a bad option (ArgumentError naming it); a centring that fails is an
 * Error naming the solver called and stating τ, the Newton decrement, the problem's scale, why float64 cannot reach
 * the optimum (C in RMS-1 units above ~1e4 or below ~1e-6, or w* = 0) and that `solveSvmDual` solves it.
 *
 * @example
 *   const sol = solveSvmPrimal([[0, 0], [2, 2]], [-1, 1], 10);  // w = (0.5, 0.5), b = −1
 */
import { barrierSolve, checkBarrierOptions, type BarrierOptions } from "./primal-barrier";
import { assertSvmC, svmProblem, type Points } from "./problem";
import { linearKernel } from "./kernels";
import type { SvmSolution } from "./solution";

export interface PrimalSolution extends SvmSolution {
  /** Slacks ξ_j at the returned point. */
  xi: Float64Array;
  /** Certified bound on the duality gap (hence on objective − optimum). */
  gapBound: number;
}

export function solveSvmPrimal(x: Points, y: ArrayLike<number>, C: number, options: BarrierOptions = {}): PrimalSolution {
  return solvePrimalForm("squared", x, y, C, options, "solveSvmPrimal");
}

/** The barrier solve of either primal form, with the checks and the solution record both solvers share. */
export function solvePrimalForm(
  form: "squared" | "norm", x: Points, y: ArrayLike<number>, C: number, options: BarrierOptions, fn: string,
): PrimalSolution {
  assertSvmC(C, fn);
  checkBarrierOptions(options, fn);
  const problem = svmProblem(x, y, fn);
  const r = barrierSolve(problem, C, form, fn, options);
  return {
    form, solver: "primal-barrier", kernel: linearKernel, C, w: r.w, b: r.b, alpha: r.alpha, problem,
    iterations: r.newtonSteps, xi: r.xi, gapBound: r.gapBound,
  };
}
