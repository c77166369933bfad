/**
 * Whether two solutions of the same soft-margin problem (squared form ½||w||² + C Σ ξ_j, linear kernel) agree, with
 * tolerances derived from their own duality gaps rather than chosen (Boyd & Vandenberghe 2004, §5.5; the objective
 * is 1-strongly convex in w):
 *
 *   |P_a − P_b|        ≤ gap_a + gap_b                       (each P lies within its gap above the optimum)
 *   ||w_a − w_b||₂     ≤ √(2 gap_a) + √(2 gap_b)               (½||w − w*||² ≤ P(w, b) − P* ≤ gap)
 *   |b_a − b_b|        ≤ ||w_a − w_b||₂-bound · max_j ||e_j|| + kkt_a + kkt_b   when b is unique, i.e. `a` has a free
 *                        multiplier 0 < α_j < C (then y_j f(e_j) = 1 pins b; elsewhere b is an interval)
 *
 * with gap = max(0, P − D) and kkt the KKT residual of each solution from `analyzeSvm`, plus 1e-12 relative for
 * the round-off of evaluating P. Used for the primal barrier against SMO, and SMO against libsvm-js.
 *
 * Errors: solutions of different problems (sizes), a form other than "squared", a solution without w.
 */
import { ArgumentError } from "../errors";
import { analyzeSvm, type SvmAnalysis } from "./analysis";
import type { SvmSolution } from "./solution";

export interface SvmAgreement {
  analysisA: SvmAnalysis;
  analysisB: SvmAnalysis;
  objectiveDiff: number;
  objectiveBound: number;
  /** ||w_a − w_b||₂ and its bound. */
  wDiff: number;
  wBound: number;
  bDiff: number;
  /** Infinity when b is not unique. */
  bBound: number;
  bUnique: boolean;
  ok: boolean;
}

export function svmAgreement(a: SvmSolution, b: SvmSolution): SvmAgreement {
  const fn = "svmAgreement";
  for (const [s, name] of [[a, "a"], [b, "b"]] as const) {
    if (!s || !s.problem) throw new ArgumentError(name, fn, "must be an SVM solution");
    if (s.form !== "squared") throw new ArgumentError(`${name}.form`, fn, `must be "squared" (½||w||² + C Σ ξ), got ${s.form}`);
    if (!s.w) throw new ArgumentError(`${name}.w`, fn, "must be the explicit w of a linear-kernel solution");
  }
  const { n, d, x } = a.problem;
  if (b.problem.n !== n || b.problem.d !== d || a.C !== b.C) {
    throw new ArgumentError("b", fn, `must solve the problem of 'a' (n = ${n}, d = ${d}, C = ${a.C}), got n = ${b.problem.n}, d = ${b.problem.d}, C = ${b.C}`);
  }
  const A = analyzeSvm(a);
  const B = analyzeSvm(b);
  const gapA = Math.max(0, A.gap), gapB = Math.max(0, B.gap);
  const objectiveDiff = Math.abs(A.primalObjective - B.primalObjective);
  const objectiveBound = gapA + gapB + 1e-12 * Math.abs(A.primalObjective);
  let wDiff = 0;
  for (let k = 0; k < d; k++) wDiff += (a.w![k] - b.w![k]) ** 2;
  wDiff = Math.sqrt(wDiff);
  const wBound = Math.sqrt(2 * gapA) + Math.sqrt(2 * gapB) + 1e-12 * Math.max(A.normW, 1);
  let radius = 0;
  for (let j = 0; j < n; j++) {
    let r = 0;
    for (let k = 0; k < d; k++) r += x[j * d + k] ** 2;
    radius = Math.max(radius, Math.sqrt(r));
  }
  const bUnique = Array.from(a.alpha).some((al) => al > 1e-8 * a.C && al < a.C * (1 - 1e-8));
  const bDiff = Math.abs(a.b - b.b);
  const bBound = bUnique ? wBound * radius + A.kktResidual + B.kktResidual : Infinity;
  const ok = objectiveDiff <= objectiveBound && wDiff <= wBound && bDiff <= bBound;
  return { analysisA: A, analysisB: B, objectiveDiff, objectiveBound, wDiff, wBound, bDiff, bBound, bUnique, ok };
}
