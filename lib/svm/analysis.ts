/**
 * What a soft-margin SVM solution says about its data (Cortes & Vapnik 1995; the lecture's figure):
 *
 *   f_j = f(e_j)                decision values; functional margins y_j f_j
 *   ξ_j = max(0, 1 − y_j f_j)   slacks (0 outside the margin, (0, 1] inside it, > 1 misclassified)
 *   margin width 2/||w||        distance between the lines f = −1 and f = +1 (||w||² = αᵀQα in feature space for a
 *                               kernel solution)
 *   support vectors             by the margin condition y_j f_j ≤ 1 + `marginTolerance` (the points whose
 *                               constraint is active, so α_j may be > 0; at an exact optimum every α_j > 0 has
 *                               y_j f_j ≤ 1, and an interior-point solution has every α_j > 0, tiny off the margin),
 *                               split into on-the-margin (|y_j f_j − 1| ≤ marginTolerance) and inside-or-misclassified
 *                               (y_j f_j < 1 − marginTolerance, hence α_j = C)
 *   primal                      P = ½||w||² + C Σ ξ_j   (form "squared")   or ||w|| + C Σ ξ_j   (form "norm")
 *   dual                        D = Σ α_j − ½ αᵀQα       (form "squared")   or Σ α_j              (form "norm", valid
 *                               when ||Σ α_j y_j e_j|| ≤ 1)
 *   gap                         P − D ≥ 0 (weak duality), 0 exactly at the optimum (strong duality)
 *   KKT residual                the largest of |Σ α_j y_j|, the box violation of α, the stationarity error
 *                               ||w − Σ α_j y_j e_j||_∞ (linear, squared form) and the complementarity residual
 *                               max_j |α_j − clip(α_j − (y_j f_j − 1), 0, C)| — zero iff α_j = 0 ⇒ y_j f_j ≥ 1,
 *                               0 < α_j < C ⇒ y_j f_j = 1, α_j = C ⇒ y_j f_j ≤ 1 (no threshold needed to decide
 *                               which case a point is in).
 *
 * The training error counts y_j f_j < 0 (points exactly on the line count as correct only with f = 0, y = +1).
 */
import { assertPositive } from "../errors";
import { decisionFunction } from "./decision";
import { hinge } from "./hinge";
import { kernelValue } from "./kernels";
import type { SvmSolution } from "./solution";

export interface SvmAnalysis {
  decision: Float64Array;
  slacks: Float64Array;
  sumSlacks: number;
  /** ||w|| (feature-space norm for kernels). */
  normW: number;
  /** 2 / ||w|| (Infinity when w = 0). */
  marginWidth: number;
  /** Indices with y_j f_j ≤ 1 + marginTolerance (on the margin, inside it, or misclassified). */
  supportVectors: number[];
  /** Support vectors with |y_j f_j − 1| ≤ marginTolerance. */
  onMargin: number[];
  /** Support vectors with y_j f_j < 1 − marginTolerance (inside the margin or misclassified). */
  insideOrMisclassified: number[];
  /** Points with y_j f_j < 0. */
  misclassified: number[];
  trainingError: number;
  primalObjective: number;
  dualObjective: number;
  /** primalObjective − dualObjective. */
  gap: number;
  kktResidual: number;
}

export interface AnalysisOptions {
  /** Functional-margin tolerance for "on the margin" (default 1e-6). */
  marginTolerance?: number;
}

export function analyzeSvm(solution: SvmSolution, options: AnalysisOptions = {}): SvmAnalysis {
  const fn = "analyzeSvm";
  const marginTolerance = options.marginTolerance ?? 1e-6;
  assertPositive(marginTolerance, "options.marginTolerance", fn);
  const { x, y, n, d } = solution.problem;
  const { alpha, C } = solution;
  const rows = Array.from({ length: n }, (_, j) => x.subarray(j * d, (j + 1) * d));
  const f = decisionFunction(solution, rows);

  // ||Σ α_j y_j φ(e_j)||² = αᵀQα, and v = Σ α_j y_j e_j for the linear kernel
  let quad = 0;
  for (let i = 0; i < n; i++) {
    if (alpha[i] === 0) continue;
    for (let j = 0; j < n; j++) {
      if (alpha[j] !== 0) quad += alpha[i] * alpha[j] * y[i] * y[j] * kernelValue(solution.kernel, x, i, x, j, d);
    }
  }
  const v = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) v[k] += alpha[j] * y[j] * x[j * d + k];
  const normW = solution.w ? Math.sqrt(solution.w.reduce((s, t) => s + t * t, 0)) : Math.sqrt(Math.max(0, quad));

  const slacks = new Float64Array(n);
  let sumSlacks = 0;
  let sumAlpha = 0;
  let sumAlphaY = 0;
  let kkt = 0;
  const supportVectors: number[] = [];
  const onMargin: number[] = [];
  const inside: number[] = [];
  const misclassified: number[] = [];
  for (let j = 0; j < n; j++) {
    const m = y[j] * f[j];
    slacks[j] = hinge(m);
    sumSlacks += slacks[j];
    sumAlpha += alpha[j];
    sumAlphaY += alpha[j] * y[j];
    if (m < 0) misclassified.push(j);
    if (m <= 1 + marginTolerance) {
      supportVectors.push(j);
      if (Math.abs(m - 1) <= marginTolerance) onMargin.push(j);
      else if (m < 1) inside.push(j);
    }
    const a = alpha[j];
    kkt = Math.max(kkt, Math.abs(a - Math.min(C, Math.max(0, a - (m - 1)))), Math.max(0, -a, a - C));
  }
  kkt = Math.max(kkt, Math.abs(sumAlphaY));

  let primal: number;
  let dual: number;
  if (solution.form === "squared") {
    primal = 0.5 * normW * normW + C * sumSlacks;
    dual = sumAlpha - 0.5 * quad;
    if (solution.w) for (let k = 0; k < d; k++) kkt = Math.max(kkt, Math.abs(solution.w[k] - v[k]));
  } else {
    primal = normW + C * sumSlacks;
    dual = sumAlpha;
    // dual feasibility of the norm form: ||Σ α_j y_j e_j|| ≤ 1
    kkt = Math.max(kkt, Math.max(0, Math.sqrt(Math.max(0, quad)) - 1));
  }
  return {
    decision: f, slacks, sumSlacks, normW, marginWidth: normW > 0 ? 2 / normW : Infinity,
    supportVectors, onMargin, insideOrMisclassified: inside, misclassified, trainingError: misclassified.length / n,
    primalObjective: primal, dualObjective: dual, gap: primal - dual, kktResidual: kkt,
  };
}
