/**
 * Kernels for the dual solver, as in LIBSVM (Chang & Lin 2011, §2):
 *   linear  K(u, v) = u·v
 *   rbf     K(u, v) = exp(−γ ||u − v||²),  γ > 0
 * A linear-kernel solution has an explicit w = Σ α_j y_j e_j; an RBF solution lives in feature space and is used
 * through its decision function f(u) = Σ α_j y_j K(e_j, u) + b.
 */
import { ArgumentError, assertPositive } from "../errors";

export type Kernel = { type: "linear" } | { type: "rbf"; gamma: number };

/** The linear kernel u·v. */
export const linearKernel: Kernel = { type: "linear" };

/** The RBF kernel exp(−γ ||u − v||²); `gamma` must be finite and > 0. */
export function rbfKernel(gamma: number): Kernel {
  assertPositive(gamma, "gamma", "rbfKernel");
  return { type: "rbf", gamma };
}

/** Checks a kernel argument of function `fn`. */
export function assertKernel(kernel: unknown, fn: string): asserts kernel is Kernel {
  const k = kernel as Kernel | undefined;
  if (!k || typeof k !== "object" || (k.type !== "linear" && k.type !== "rbf")) {
    throw new ArgumentError("kernel", fn, `must be linearKernel or rbfKernel(gamma), got ${JSON.stringify(kernel)}`);
  }
  if (k.type === "rbf") assertPositive(k.gamma, "kernel.gamma", fn);
}

/** K(a_i, b_j) for row i of `a` (n_a × d) and row j of `b` (n_b × d), both row-major float64. */
export function kernelValue(kernel: Kernel, a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  if (kernel.type === "linear") {
    for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
    return s;
  }
  for (let k = 0; k < d; k++) {
    const t = a[i * d + k] - b[j * d + k];
    s += t * t;
  }
  return Math.exp(-kernel.gamma * s);
}

/** The full Gram matrix K_ij = K(e_i, e_j) of n points (row-major n × n, float64, symmetric). */
export function kernelMatrix(kernel: Kernel, x: Float64Array, n: number, d: number): Float64Array {
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = kernelValue(kernel, x, i, x, j, d);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return K;
}
