/**
 * What every SVM solver returns. The decision function is f(u) = w·u + b for the linear kernel (w explicit) and
 * f(u) = Σ_j α_j y_j K(e_j, u) + b otherwise. `alpha` are the Lagrange multipliers of the margin constraints
 * y_j f(e_j) ≥ 1 − ξ_j: the dual variables of the SMO solver, the barrier multipliers α_j = 1/(τ s_j) of the primal
 * solver (Boyd & Vandenberghe 2004, §11.2.2).
 */
import type { Kernel } from "./kernels";
import type { SvmProblem } from "./problem";

/**
 * The objective a solution minimises:
 *   "squared"  ½||w||² + C Σ ξ_j   (Cortes & Vapnik 1995; LIBSVM's C-SVC)
 *   "norm"     ||w|| + C Σ ξ_j     (the lecture's form)
 */
export type SvmForm = "squared" | "norm";

export interface SvmSolution {
  form: SvmForm;
  solver: "primal-barrier" | "smo";
  kernel: Kernel;
  C: number;
  /** The weight vector (linear kernel), else null. */
  w: Float64Array | null;
  b: number;
  /** Multipliers α_j ∈ [0, C] of the margin constraints, one per point. */
  alpha: Float64Array;
  /** The (validated, float64) problem that was solved. */
  problem: SvmProblem;
  /** Newton steps (barrier) or pair updates (SMO). */
  iterations: number;
}
