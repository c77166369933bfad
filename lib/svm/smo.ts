/**
 * The soft-margin SVM in the dual, solved by sequential minimal optimisation as LIBSVM's C-SVC does it
 * (Platt 1998; working-set selection WSS2 of Fan, Chen & Lin 2005; Chang & Lin 2011, §4):
 *
 *   min_α  ½ αᵀQα − Σ_j α_j   s.t.  Σ_j y_j α_j = 0,  0 ≤ α_j ≤ C,   Q_ij = y_i y_j K(e_i, e_j),
 *
 * the dual of ½||w||² + C Σ ξ_j (its optimum is −(primal optimum)). Each step picks the maximal violating index
 * i = argmax_{t ∈ I_up} −y_t ∇_t and then j ∈ I_low by the second-order gain b_ij² / a_ij, solves the two-variable
 * problem exactly and clips it to the box. It stops when m(α) − M(α) ≤ `tolerance` (LIBSVM's `-e`), i.e. when
 * every pair violates the KKT conditions by at most `tolerance` in units of the functional margin. Then
 * b = −ρ with ρ the mean of y_j ∇_j over free α_j (0 < α_j < C), or the midpoint of the feasible interval if none
 * is free, exactly as LIBSVM. Without shrinking; the kernel matrix is computed once (n² float64 numbers).
 *
 * Linear kernel: w = Σ α_j y_j e_j is returned. RBF: w = null; use `decisionFunction`.
 * Shapes, labels and errors as `solveSvmPrimal`, plus: `kernel` must be linearKernel or rbfKernel(γ > 0);
 * exceeding `maxIterations` (default 100 000 · max(1, n/100)) is an error, never a silent approximation.
 */
import { ArgumentError, assertInteger, assertPositive } from "../errors";
import { assertKernel, kernelMatrix, linearKernel, type Kernel } from "./kernels";
import { assertSvmC, svmProblem, type Points } from "./problem";
import type { SvmSolution } from "./solution";
import { biasFromGradient } from "./bias";

export interface SmoOptions {
  kernel?: Kernel;
  /** Stopping tolerance on the maximal KKT violation m(α) − M(α) (default 1e-10; LIBSVM's default is 1e-3). */
  tolerance?: number;
  maxIterations?: number;
  /**
   * A feasible starting point α (Σ α_j y_j = 0, 0 ≤ α_j ≤ C), e.g. (C / C_prev) · α(C_prev) along a sweep of C
   * (scaling keeps feasibility). Default α = 0.
   */
  warmStart?: ArrayLike<number>;
}

export interface DualSolution extends SvmSolution {
  /** The dual objective Σ α_j − ½ αᵀQα (to be maximised; equals the primal optimum at convergence). */
  dualObjective: number;
  /** m(α) − M(α) at the end (≤ tolerance). */
  maxViolation: number;
}

const TAU = 1e-12;

export function solveSvmDual(x: Points, y: ArrayLike<number>, C: number, options: SmoOptions = {}): DualSolution {
  const fn = "solveSvmDual";
  assertSvmC(C, fn);
  const kernel = options.kernel ?? linearKernel;
  assertKernel(kernel, fn);
  const tolerance = options.tolerance ?? 1e-10;
  assertPositive(tolerance, "options.tolerance", fn);
  const problem = svmProblem(x, y, fn);
  const { n, d } = problem;
  const yy = problem.y;
  const maxIterations = options.maxIterations ?? 100_000 * Math.max(1, Math.ceil(n / 100));
  assertInteger(maxIterations, "options.maxIterations", fn, 1);

  const K = kernelMatrix(kernel, problem.x, n, d);
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1); // ∇ = Qα − 1, −1 at α = 0
  const upper = (t: number) => alpha[t] >= C;
  const lower = (t: number) => alpha[t] <= 0;
  const Qm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Qm[i * n + j] = yy[i] * yy[j] * K[i * n + j];
  const Q = (i: number, j: number) => Qm[i * n + j];

  if (options.warmStart !== undefined) {
    const a0 = options.warmStart;
    if (!a0 || a0.length !== n) throw new ArgumentError("options.warmStart", fn, `must hold one α per point (${n}), got ${a0?.length}`);
    let sumAY = 0;
    let scale = 0;
    for (let t = 0; t < n; t++) {
      let v = a0[t];
      if (v > C && v <= C * (1 + 1e-12)) v = C; // round-off of a rescaled α
      if (!Number.isFinite(v) || v < 0 || v > C) throw new ArgumentError("options.warmStart", fn, `must lie in [0, C = ${C}], got ${v} at index ${t}`);
      alpha[t] = v;
      sumAY += v * yy[t];
      scale += v;
    }
    if (Math.abs(sumAY) > 1e-12 * Math.max(1, scale)) {
      throw new ArgumentError("options.warmStart", fn, `must satisfy Σ α_j y_j = 0, got ${sumAY}`);
    }
    for (let t = 0; t < n; t++) {
      if (alpha[t] === 0) continue;
      for (let u = 0; u < n; u++) G[u] += Qm[t * n + u] * alpha[t];
    }
  }

  let iterations = 0;
  let violation = Infinity;
  for (;;) {
    // WSS2 (Fan, Chen & Lin 2005, Algorithm 1 with their eq. (18))
    let Gmax = -Infinity;
    let i = -1;
    for (let t = 0; t < n; t++) {
      if (yy[t] === 1) {
        if (!upper(t) && -G[t] >= Gmax) { Gmax = -G[t]; i = t; }
      } else if (!lower(t) && G[t] >= Gmax) { Gmax = G[t]; i = t; }
    }
    let Gmax2 = -Infinity;
    let j = -1;
    let best = Infinity;
    for (let t = 0; t < n; t++) {
      if (yy[t] === 1) {
        if (lower(t)) continue;
        const gradDiff = Gmax + G[t];
        if (G[t] >= Gmax2) Gmax2 = G[t];
        if (gradDiff > 0 && i >= 0) {
          const quad = K[i * n + i] + K[t * n + t] - 2 * yy[i] * Q(i, t);
          const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (obj <= best) { best = obj; j = t; }
        }
      } else {
        if (upper(t)) continue;
        const gradDiff = Gmax - G[t];
        if (-G[t] >= Gmax2) Gmax2 = -G[t];
        if (gradDiff > 0 && i >= 0) {
          const quad = K[i * n + i] + K[t * n + t] + 2 * yy[i] * Q(i, t);
          const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (obj <= best) { best = obj; j = t; }
        }
      }
    }
    violation = Gmax + Gmax2;
    if (violation < tolerance || j === -1) break;
    if (iterations >= maxIterations) {
      throw new ArgumentError("options.maxIterations", fn, `was reached (${maxIterations}) with KKT violation ${violation.toExponential(3)} > tolerance ${tolerance}; raise it or the tolerance`);
    }
    iterations++;

    // the two-variable sub-problem, solved and clipped as in LIBSVM's Solver::Solve
    const oldI = alpha[i];
    const oldJ = alpha[j];
    const Qij = Q(i, j);
    if (yy[i] !== yy[j]) {
      let quad = K[i * n + i] + K[j * n + j] + 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i] - G[j]) / quad;
      const diff = alpha[i] - alpha[j];
      alpha[i] += delta;
      alpha[j] += delta;
      if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
      else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
      if (diff > 0) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = C - diff; } }
      else if (alpha[j] > C) { alpha[j] = C; alpha[i] = C + diff; }
    } else {
      let quad = K[i * n + i] + K[j * n + j] - 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (G[i] - G[j]) / quad;
      const sum = alpha[i] + alpha[j];
      alpha[i] -= delta;
      alpha[j] += delta;
      if (sum > C) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = sum - C; } }
      else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
      if (sum > C) { if (alpha[j] > C) { alpha[j] = C; alpha[i] = sum - C; } }
      else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
    }
    const dI = alpha[i] - oldI;
    const dJ = alpha[j] - oldJ;
    const rowI = i * n;
    const rowJ = j * n;
    for (let t = 0; t < n; t++) G[t] += Qm[rowI + t] * dI + Qm[rowJ + t] * dJ;
  }

  const rho = -biasFromGradient(alpha, G, yy, C);

  let dual = 0;
  for (let t = 0; t < n; t++) dual -= 0.5 * alpha[t] * (G[t] - 1); // −(½αᵀQα − Σα) = −½ Σ α_t (∇_t − 1)
  let w: Float64Array | null = null;
  if (kernel.type === "linear") {
    w = new Float64Array(d);
    for (let t = 0; t < n; t++) {
      if (alpha[t] === 0) continue;
      for (let k = 0; k < d; k++) w[k] += alpha[t] * yy[t] * problem.x[t * d + k];
    }
  }
  return {
    form: "squared", solver: "smo", kernel, C, w, b: -rho, alpha, problem, iterations,
    dualObjective: dual, maxViolation: Math.max(0, violation),
  };
}
