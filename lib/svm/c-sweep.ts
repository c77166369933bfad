/**
 * The soft-margin SVM (linear kernel) solved at each C of a sweep, with what `analyzeSvm` says about each
 * solution as one table row (Cortes & Vapnik 1995; the lecture's figure and its trade-off):
 *
 *   form "norm"     the lecture's ||w|| + C Σ ξ_j, each C by the barrier solver `solveSvmPrimalNorm`;
 *   form "squared"  the standard ½||w||² + C Σ ξ_j, by SMO (`solveSvmDual`), each C warm-started from the
 *                   previous α scaled by the ratio of the Cs (scaling keeps Σ α_j y_j = 0 and the box).
 *
 * A row holds C, the margin width 2/||w|| and a certified bound on its error (`marginWidthError`), the support
 * vectors (on the margin, inside it or misclassified), the misclassified points, the training error, Σ ξ_j, the
 * solver's iterations (Newton steps or SMO pair updates), the duality gap P − D and the KKT residual.
 *
 * Special case: the lecture's form is positively homogeneous in w, so for C ≤ C₀ (`normFormThreshold`) its
 * optimum is w = 0 — no line, no margin. A C where the "norm" solution has no line (`hasLine`) is an
 * ArgumentError naming `Cs` and giving C₀ when the classes are balanced. Other errors: `Cs` not a non-empty
 * array of C > 0 (ArgumentError naming `Cs` or `C`), a form other than "norm" / "squared", and the solvers'
 * errors on the data.
 */
import { ArgumentError } from "../errors";
import type { LabelledPoints } from "../data/two-gaussians";
import { assertLabelledPoints } from "../data/labelled-points";
import { analyzeSvm, type SvmAnalysis } from "./analysis";
import { asStandardForm, hasLine, normFormThreshold } from "./form-relation";
import { solveSvmPrimalNorm } from "./primal-norm";
import { assertSvmC } from "./problem";
import { solveSvmDual } from "./smo";
import type { SvmForm, SvmSolution } from "./solution";

/** A type (not an interface), so that rows pass as records to `showTable` and `toDataFrame`. */
export type SvmSweepRow = {
  C: number;
  margin_width: number;
  /** Certified bound on |margin_width − the exact width| (see `marginWidthError`). */
  margin_width_error: number;
  support_vectors: number;
  on_margin: number;
  inside_or_misclassified: number;
  misclassified: number;
  training_error: number;
  sum_slack: number;
  iterations: number;
  gap: number;
  kkt: number;
};

export interface SvmCSweep {
  form: SvmForm;
  solutions: SvmSolution[];
  analyses: SvmAnalysis[];
  rows: SvmSweepRow[];
}

/** One table row of a solution and its analysis (see the module comment). */
export function svmSweepRow(solution: SvmSolution, a: SvmAnalysis): SvmSweepRow {
  return {
    C: solution.C, margin_width: a.marginWidth, margin_width_error: marginWidthError(solution, a),
    support_vectors: a.supportVectors.length,
    on_margin: a.onMargin.length, inside_or_misclassified: a.insideOrMisclassified.length,
    misclassified: a.misclassified.length, training_error: a.trainingError, sum_slack: a.sumSlacks,
    iterations: solution.iterations, gap: a.gap, kkt: a.kktResidual,
  };
}

/**
 * A certified bound on |2/||w|| − 2/||w*|||. The standard form is 1-strongly convex in w, so a solution with duality
 * gap g in that form has ||w − w*|| ≤ r = √(2g), and |2/||w|| − 2/||w*||| ≤ 2r / (||w|| (||w|| − r)) (Infinity when
 * r ≥ ||w||). A lecture-form solution is measured as the standard-form solution at C' = C ||w|| (`asStandardForm`):
 * w* is then the exact solution at that C', which solves the lecture's form at C'/||w*||, a C within the same
 * relative error of C — the width is certified for a point of the exact solution path next to C.
 */
export function marginWidthError(solution: SvmSolution, analysis: SvmAnalysis): number {
  if (!solution || !solution.problem) throw new ArgumentError("solution", "marginWidthError", "must be an SVM solution");
  if (!(analysis?.normW >= 0)) throw new ArgumentError("analysis", "marginWidthError", "must be analyzeSvm(solution)");
  const standard = solution.form === "norm" ? analyzeSvm(asStandardForm(solution)) : analysis;
  const r = Math.sqrt(2 * Math.max(0, standard.gap));
  const w = analysis.normW;
  return r < w ? (2 * r) / (w * (w - r)) : Infinity;
}

export function solveSvmCSweep(data: LabelledPoints, Cs: readonly number[],
                               options: { form?: SvmForm } = {}): SvmCSweep {
  const fn = "solveSvmCSweep";
  assertLabelledPoints(data, fn);
  if (!Array.isArray(Cs) || Cs.length === 0) throw new ArgumentError("Cs", fn, "must be a non-empty array of C > 0");
  Cs.forEach((C) => assertSvmC(C, fn));
  const form = options.form ?? "norm";
  if (form !== "norm" && form !== "squared") {
    throw new ArgumentError("options.form", fn, `must be "norm" (||w|| + C Σ ξ) or "squared" (½||w||² + C Σ ξ), got ${String(form)}`);
  }
  const solutions: SvmSolution[] = [];
  let previous: SvmSolution | null = null;
  for (const C of Cs) {
    let s: SvmSolution;
    if (form === "norm") {
      s = solveSvmPrimalNorm(data.x, data.y, C);
      if (!hasLine(s)) {
        const normW = Math.hypot(...s.w!);
        const balanced = data.y.reduce((t, v) => t + v, 0) === 0;
        throw new ArgumentError("Cs", fn, `holds C = ${C}, where the lecture's form ||w|| + C Σ ξ has the optimum ` +
          `w = 0 (no line; ||w*|| = ${normW.toExponential(1)})` +
          (balanced ? `: C must exceed C₀ = 1/||Σ y_j e_j|| = ${normFormThreshold(data).toPrecision(4)}` : ""));
      }
    } else {
      const p: SvmSolution | null = previous;
      const warmStart = p ? Array.from(p.alpha, (a) => (a * C) / p.C) : undefined;
      s = solveSvmDual(data.x, data.y, C, { warmStart });
    }
    solutions.push(s);
    previous = s;
  }
  const analyses = solutions.map((s) => analyzeSvm(s));
  return { form, solutions, analyses, rows: solutions.map((s, i) => svmSweepRow(s, analyses[i])) };
}

