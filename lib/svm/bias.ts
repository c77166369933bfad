/**
 * The offset b of a dual solution, as LIBSVM computes it (`calculate_rho`, Chang & Lin 2011, §4.1.5): with
 * ∇_j = (Qα)_j − 1 = y_j (f_j − b) − 1, every free α_j (0 < α_j < C) has y_j ∇_j = −b at the optimum, so
 * b = −mean of y_j ∇_j over free j; with no free α_j, b is the midpoint of the interval that the bounded α_j allow.
 */
export function biasFromGradient(alpha: ArrayLike<number>, grad: ArrayLike<number>, y: ArrayLike<number>, C: number): number {
  let ub = Infinity;
  let lb = -Infinity;
  let nFree = 0;
  let sumFree = 0;
  for (let t = 0; t < alpha.length; t++) {
    const yG = y[t] * grad[t];
    if (alpha[t] >= C) { if (y[t] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG); }
    else if (alpha[t] <= 0) { if (y[t] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG); }
    else { nFree++; sumFree += yG; }
  }
  return -(nFree > 0 ? sumFree / nFree : (ub + lb) / 2);
}
