/**
 * The lecture's soft-margin SVM, with ||w|| (not ½||w||²) as the regulariser:
 *
 *   min_{w, b, ξ}  ||w|| + C Σ_j ξ_j   s.t.  y_j (w·e_j + b) ≥ 1 − ξ_j,  ξ_j ≥ 0,
 *
 * solved as a second-order cone program (||w|| ≤ t) by the float64 log-barrier method of `primal-barrier.ts`; the
 * result's `gapBound` bounds objective − optimum. Its dual is max Σ α_j s.t. ||Σ α_j y_j e_j|| ≤ 1, Σ α_j y_j = 0,
 * 0 ≤ α_j ≤ C.
 *
 * Relation to the standard form (see `solveSvmPrimal`): if (w*, b*) solves this problem with w* ≠ 0, then it also
 * solves ½||w||² + C' Σ ξ_j with C' = C·||w*|| (the optimality conditions coincide: w* / ||w*|| = C Σ β_j y_j e_j
 * versus w = C' Σ β_j y_j e_j with the same β ∈ ∂hinge). Conversely a standard solution w(C') solves this form with
 * C = C'/||w(C')||. Unlike the standard form, this one is positively homogeneous in w: when
 * C ≤ C₀ = 1 / min_β ||Σ β_j y_j e_j|| (β over hinge subgradients at w = 0 with Σ β_j y_j = 0) the optimum is w = 0 —
 * no separating line at all — and at C = C₀ the optimum is not unique.
 *
 * Shapes, labels and errors as `solveSvmPrimal`.
 */
import type { BarrierOptions } from "./primal-barrier";
import type { Points } from "./problem";
import { solvePrimalForm, type PrimalSolution } from "./primal";

export function solveSvmPrimalNorm(x: Points, y: ArrayLike<number>, C: number, options: BarrierOptions = {}): PrimalSolution {
  return solvePrimalForm("norm", x, y, C, options, "solveSvmPrimalNorm");
}
