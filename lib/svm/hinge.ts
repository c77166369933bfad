/**
 * The hinge: the slack a point needs, ξ_j = max(0, 1 − y_j f(e_j)), where f(e) = w·e + b (or the kernel decision
 * function). ξ_j = 0 outside the margin, 0 < ξ_j ≤ 1 inside the margin on the right side, ξ_j > 1 misclassified.
 * At the kink y f = 1 the hinge is 0 and its subdifferential (in y f) is [−1, 0]. Cortes & Vapnik (1995).
 */

/** max(0, 1 − margin) for one functional margin y·f. */
export function hinge(margin: number): number {
  return margin < 1 ? 1 - margin : 0;
}

/** Slacks ξ_j = max(0, 1 − y_j f_j) from labels and decision values (same length). */
export function slacksFromDecision(y: ArrayLike<number>, f: ArrayLike<number>): Float64Array {
  const xi = new Float64Array(y.length);
  for (let j = 0; j < y.length; j++) xi[j] = hinge(y[j] * f[j]);
  return xi;
}
