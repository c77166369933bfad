/**
 * The decision function of an SVM solution, f(u) = w·u + b (linear kernel, w explicit) or
 * f(u) = Σ_j α_j y_j K(e_j, u) + b (any kernel), and the predicted class sign f(u) ∈ {−1, +1} (+1 at f = 0).
 * Errors: points not of the solution's dimension, or with non-finite coordinates.
 */
import { ArgumentError, assertAllFinite } from "../errors";
import { kernelValue } from "./kernels";
import type { SvmSolution } from "./solution";
import type { Points } from "./problem";

/** f(u) for each point u (rows of `points`). */
export function decisionFunction(solution: SvmSolution, points: Points): Float64Array {
  const fn = "decisionFunction";
  if (!Array.isArray(points)) throw new ArgumentError("points", fn, "must be an array of points (rows)");
  const { d, n, x, y } = solution.problem;
  const out = new Float64Array(points.length);
  const u = new Float64Array(d);
  for (let r = 0; r < points.length; r++) {
    const row = points[r];
    if (!row || row.length !== d) throw new ArgumentError(`points[${r}]`, fn, `must have the dimension of the training points (${d}), got ${row?.length}`);
    assertAllFinite(row, `points[${r}]`, fn);
    for (let k = 0; k < d; k++) u[k] = row[k];
    let f = solution.b;
    if (solution.w) {
      for (let k = 0; k < d; k++) f += solution.w[k] * u[k];
    } else {
      for (let j = 0; j < n; j++) {
        if (solution.alpha[j] !== 0) f += solution.alpha[j] * y[j] * kernelValue(solution.kernel, x, j, u, 0, d);
      }
    }
    out[r] = f;
  }
  return out;
}

/** Predicted labels sign f(u) ∈ {−1, +1} (ties f = 0 go to +1). */
export function predictSvm(solution: SvmSolution, points: Points): Float64Array {
  return decisionFunction(solution, points).map((f) => (f >= 0 ? 1 : -1));
}
