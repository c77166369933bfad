/**
 * How the lecture's soft-margin SVM ||w|| + C Σ ξ_j relates to the standard ½||w||² + C' Σ ξ_j (Cortes & Vapnik
 * 1995; LIBSVM's C-SVC), from the optimality conditions. With β_j ∈ ∂hinge(y_j f_j) (1 inside the margin, 0
 * outside, in [0, 1] on it) and Σ_j β_j y_j = 0 (from b):
 *
 *   standard form:            w = C' Σ_j β_j y_j e_j
 *   lecture's form, w ≠ 0:    w / ||w|| = C Σ_j β_j y_j e_j
 *
 * so a lecture solution w* ≠ 0 at C solves the standard form at C' = C ||w*||, with multipliers α'_j = ||w*|| α_j
 * (the lecture form's α_j = C β_j satisfy ||Σ α_j y_j e_j|| ≤ 1), and a standard solution w(C') solves the
 * lecture's form at C = C' / ||w(C')||. The lecture's form is positively homogeneous in w: for balanced classes
 * its optimum is w = 0 for every C < C₀ = 1 / ||Σ_j y_j e_j|| (`normFormThreshold`), and C' / ||w(C')|| = C₀ on
 * the whole small-C' stretch of the standard path where every α'_j = C'.
 *
 *   normFormThreshold(data)             C₀
 *   hasLine(solution)                   ||w|| · max_j ||e_j|| ≥ 1e-6: false for the lecture form's w = 0 (the margin
 *                                       2/||w|| would be over a million times the data's radius)
 *   asStandardForm(solution)            a lecture-form solution as the standard-form solution at C' = C ||w*||
 *   compareSvmForms(data, C)            the lecture's form at C against the standard form at C ||w*||, with
 *                                       `svmAgreement`'s gap-derived bounds (null when w* = 0)
 *   lectureCAlongStandardPath(data, C's)  C = C' / ||w(C')|| for each C' (standard form by `solveSvmPrimal`)
 *
 * Errors (ArgumentError naming the argument and the function): data not { x, y }; unbalanced classes for
 * `normFormThreshold`; a solution that is not of form "norm", has no w (kernel) or has w = 0 for
 * `asStandardForm`; a C ≤ 0; and the solvers' errors.
 */
import { ArgumentError } from "../errors";
import type { LabelledPoints } from "../data/two-gaussians";
import { assertLabelledPoints } from "../data/labelled-points";
import { svmAgreement, type SvmAgreement } from "./agreement";
import { solveSvmPrimal, type PrimalSolution } from "./primal";
import { solveSvmPrimalNorm } from "./primal-norm";
import { assertSvmC } from "./problem";
import type { SvmSolution } from "./solution";

/** C₀ = 1 / ||Σ_j y_j e_j|| (balanced classes; see the module comment). */
export function normFormThreshold(data: LabelledPoints): number {
  const fn = "normFormThreshold";
  assertLabelledPoints(data, fn);
  const balance = data.y.reduce((t, v) => t + v, 0);
  if (balance !== 0 || data.y.some((v) => v !== 1 && v !== -1)) {
    throw new ArgumentError("data.y", fn, `must hold as many +1 as −1 labels (Σ y_j = 0), got Σ y_j = ${balance}`);
  }
  const d = data.x[0]?.length ?? 0;
  const s = new Float64Array(d);
  data.x.forEach((p, j) => { for (let k = 0; k < d; k++) s[k] += data.y[j] * p[k]; });
  return 1 / Math.hypot(...s);
}

/** Whether a linear solution draws a line: ||w|| · max_j ||e_j|| ≥ 1e-6 (false for w = 0 up to round-off). */
export function hasLine(solution: SvmSolution): boolean {
  const fn = "hasLine";
  if (!solution || !solution.problem) throw new ArgumentError("solution", fn, "must be an SVM solution");
  if (!solution.w) throw new ArgumentError("solution.w", fn, "must be the explicit w of a linear-kernel solution");
  const { x, n, d } = solution.problem;
  let radius = 0;
  for (let j = 0; j < n; j++) radius = Math.max(radius, Math.hypot(...x.subarray(j * d, (j + 1) * d)));
  return Math.hypot(...solution.w) * radius >= 1e-6;
}

/** The lecture-form solution as a standard-form one: C' = C ||w*||, the same w and b, α' = ||w*|| α. */
export function asStandardForm(solution: SvmSolution): SvmSolution {
  const fn = "asStandardForm";
  if (!solution || !solution.problem) throw new ArgumentError("solution", fn, "must be an SVM solution");
  if (solution.form !== "norm") throw new ArgumentError("solution.form", fn, `must be "norm" (||w|| + C Σ ξ), got ${solution.form}`);
  if (!solution.w) throw new ArgumentError("solution.w", fn, "must be the explicit w of a linear-kernel solution");
  const normW = Math.hypot(...solution.w);
  if (!(normW > 0)) throw new ArgumentError("solution.w", fn, "must be non-zero (w = 0 solves the standard form at no C' > 0)");
  return {
    ...solution, form: "squared", C: solution.C * normW, alpha: Float64Array.from(solution.alpha, (a) => a * normW),
  };
}

export interface SvmFormComparison {
  /** The lecture's C. */
  C: number;
  /** ||w*|| of the lecture's form at C. */
  normW: number;
  /** C' = C ||w*||, or null when w* = 0. */
  Cprime: number | null;
  /** The rescaled lecture solution against `solveSvmPrimal` at C' (null when w* = 0). */
  agreement: SvmAgreement | null;
  /** The lecture-form solution (barrier, with its certified gap). */
  lecture: PrimalSolution;
}

/**
 * Solves the lecture's form at C; when it has a line (`hasLine`) also the standard form at C' = C ||w*||,
 * and compares them by `svmAgreement` (objective, w and b within bounds from their own duality gaps).
 */
export function compareSvmForms(data: LabelledPoints, C: number): SvmFormComparison {
  const fn = "compareSvmForms";
  assertLabelledPoints(data, fn);
  assertSvmC(C, fn);
  const lecture = solveSvmPrimalNorm(data.x, data.y, C);
  const normW = Math.hypot(...lecture.w!);
  if (!hasLine(lecture)) return { C, normW, Cprime: null, agreement: null, lecture };
  const rescaled = asStandardForm(lecture);
  const standard = solveSvmPrimal(data.x, data.y, rescaled.C);
  return { C, normW, Cprime: rescaled.C, agreement: svmAgreement(rescaled, standard), lecture };
}

/** C = C' / ||w(C')|| along the standard path, w(C') from `solveSvmPrimal`, one row per C'. */
export function lectureCAlongStandardPath(data: LabelledPoints, Cprimes: readonly number[]): { Cp: number; C: number }[] {
  const fn = "lectureCAlongStandardPath";
  assertLabelledPoints(data, fn);
  if (!Array.isArray(Cprimes) || Cprimes.length === 0) throw new ArgumentError("Cprimes", fn, "must be a non-empty array of C' > 0");
  Cprimes.forEach((Cp) => assertSvmC(Cp, fn));
  return Cprimes.map((Cp) => {
    const s = solveSvmPrimal(data.x, data.y, Cp);
    return { Cp, C: Cp / Math.hypot(...s.w!) };
  });
}
