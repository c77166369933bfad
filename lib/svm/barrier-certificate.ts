/**
 * Whether a solution of the barrier solvers (`solveSvmPrimal`, `solveSvmPrimalNorm`) reached the target it
 * certifies (Boyd & Vandenberghe 2004, §11.2.2: a centred point of the log barrier at τ has a dual feasible
 * point with duality gap m/τ):
 *
 *   −1e-12 P ≤ gap = P − D ≤ gapTolerance · P    (weak duality up to round-off; the stopping target)
 *   KKT residual ≤ √(m/τ)                        (complementarity of a barrier point: s_j α_j = 1/τ)
 *
 * with P, D, the gap and the KKT residual from `analyzeSvm` at the solution's own multipliers and m/τ its
 * `gapBound`. `gapTolerance` is the one the solver ran with (default 1e-10, the solvers' default). Returns the
 * verdict, the numbers and a one-line detail for a sanity check.
 *
 * Errors (ArgumentError naming the argument and 'barrierCertificate'): not a barrier solution (no `gapBound`),
 * a gapTolerance outside (0, 1).
 */
import { ArgumentError } from "../errors";
import { analyzeSvm, type SvmAnalysis } from "./analysis";
import { checkBarrierOptions } from "./primal-barrier";
import type { PrimalSolution } from "./primal";

export interface BarrierCertificate {
  ok: boolean;
  gap: number;
  /** gapTolerance · P. */
  target: number;
  kkt: number;
  /** √(m/τ). */
  kktBound: number;
  analysis: SvmAnalysis;
  detail: string;
}

export function barrierCertificate(solution: PrimalSolution, options: { gapTolerance?: number } = {}): BarrierCertificate {
  const fn = "barrierCertificate";
  if (!solution || solution.solver !== "primal-barrier" || !(solution.gapBound >= 0)) {
    throw new ArgumentError("solution", fn, "must be a solution of solveSvmPrimal or solveSvmPrimalNorm (with its gapBound)");
  }
  const { gapTolerance } = checkBarrierOptions({ gapTolerance: options.gapTolerance }, fn);
  const a = analyzeSvm(solution);
  const P = a.primalObjective;
  const target = gapTolerance * P;
  const kktBound = Math.sqrt(solution.gapBound);
  const ok = a.gap >= -1e-12 * P && a.gap <= target && a.kktResidual <= kktBound;
  const detail = `${solution.form === "norm" ? "||w||" : "½||w||²"} form: gap ${a.gap.toExponential(2)} ` +
    `(target ≤ ${target.toExponential(2)}), KKT residual ${a.kktResidual.toExponential(2)} ` +
    `(≤ √(m/τ) = ${kktBound.toExponential(2)}), ${solution.iterations} Newton steps`;
  return { ok, gap: a.gap, target, kkt: a.kktResidual, kktBound, analysis: a, detail };
}
