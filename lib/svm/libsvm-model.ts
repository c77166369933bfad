/**
 * Reads a trained LIBSVM two-class C-SVC model (the text of `svm_save_model`, e.g. libsvm-js's
 * `serializeModel()`, with `getSVIndices()`) back into this library's terms, for an independent check of the solvers
 * (Chang & Lin 2011). LIBSVM stores sv_coef_j = α_j ỹ_j, where ỹ = +1 for the first label it lists, and ρ with
 * f(u) = Σ sv_coef_j K(e_j, u) − ρ deciding for that first label. Mapped to labels y ∈ {−1, +1}: with
 * s = +1 if the first listed label is +1 (else −1), α_j = |sv_coef_j|, w = s Σ sv_coef_j e_j, b = −s ρ.
 *
 * ρ is written with printf's "%g" (6 significant digits), so `bFromModel` carries a rounding error up to
 * 5e-6 · |b| (relative to its leading digit); `bFromAlpha` recomputes b from the α at full precision as LIBSVM's
 * calculate_rho does (`biasFromGradient`). sv_coef are written with "%.17g" (exact).
 *
 * Errors: a model that is not two-class C-SVC, or whose SV count does not match `svIndices`.
 *
 * `trainLibsvmLinear(SVM, x, y, C)` trains libsvm-js's linear C-SVC and reads its model in one call.
 */
import { ArgumentError } from "../errors";
import { biasFromGradient } from "./bias";
import { kernelValue, linearKernel, type Kernel } from "./kernels";
import { assertSvmC, svmProblem, type Points } from "./problem";

export interface LibsvmModelReading {
  /** α_j for every training point (0 for non-support vectors). */
  alpha: Float64Array;
  /** w (linear kernel) or null. */
  w: Float64Array | null;
  /** b = −sρ from the 6-digit ρ of the model text. */
  bFromModel: number;
  /** b recomputed from α as LIBSVM does, at full precision. */
  bFromAlpha: number;
  /** The labels in LIBSVM's order. */
  labels: number[];
}

export function readLibsvmModel(
  serialized: string, svIndices: ArrayLike<number>, x: Points, y: ArrayLike<number>, C: number, kernel: Kernel,
): LibsvmModelReading {
  const fn = "readLibsvmModel";
  const problem = svmProblem(x, y, fn);
  const { n, d } = problem;
  const lines = serialized.split(/\r?\n/);
  const field = (name: string): string => {
    const line = lines.find((l) => l.startsWith(name + " "));
    if (!line) throw new ArgumentError("serialized", fn, `must contain a '${name}' line (a LIBSVM model)`);
    return line.slice(name.length + 1).trim();
  };
  if (field("svm_type") !== "c_svc") throw new ArgumentError("serialized", fn, `must be a c_svc model, got ${field("svm_type")}`);
  if (field("nr_class") !== "2") throw new ArgumentError("serialized", fn, `must be a two-class model, got nr_class ${field("nr_class")}`);
  const rho = Number(field("rho"));
  const labels = field("label").split(/\s+/).map(Number);
  const s = labels[0] === 1 ? 1 : -1;
  const start = lines.indexOf("SV") + 1;
  const svLines = lines.slice(start).filter((l) => l.trim() !== "");
  if (start === 0 || svLines.length !== svIndices.length) {
    throw new ArgumentError("svIndices", fn, `must list one index per support vector of the model (${svLines.length}), got ${svIndices.length}`);
  }
  const alpha = new Float64Array(n);
  const coef = new Float64Array(n);
  svLines.forEach((line, k) => {
    const j = svIndices[k];
    if (!Number.isInteger(j) || j < 0 || j >= n) throw new ArgumentError("svIndices", fn, `must be indices in [0, ${n}), got ${j}`);
    coef[j] = Number(line.trim().split(/\s+/)[0]);
    alpha[j] = Math.abs(coef[j]);
  });
  let w: Float64Array | null = null;
  if (kernel.type === "linear") {
    w = new Float64Array(d);
    for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) w[k] += s * coef[j] * problem.x[j * d + k];
  }
  // ∇_j = (Qα)_j − 1 = y_j Σ_i α_i y_i K_ij − 1
  const grad = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = 0;
    for (let i = 0; i < n; i++) if (alpha[i] !== 0) v += alpha[i] * problem.y[i] * kernelValue(kernel, problem.x, i, problem.x, j, d);
    grad[j] = problem.y[j] * v - 1;
  }
  return { alpha, w, bFromModel: -s * rho, bFromAlpha: biasFromGradient(alpha, grad, problem.y, C), labels };
}

/** The part of libsvm-js (`require("libsvm-js/asm")`) that `trainLibsvmLinear` uses. */
export interface LibsvmModule {
  new (options: Record<string, unknown>): {
    train(x: number[][], y: number[]): void;
    serializeModel(): string;
    getSVIndices(): number[];
    free(): void;
  };
  KERNEL_TYPES: { LINEAR: unknown };
  SVM_TYPES: { C_SVC: unknown };
}

/**
 * Trains libsvm-js's C-SVC with the linear kernel at C (tolerance 1e-10, no shrinking, quiet: the settings that
 * make LIBSVM's answer as close to the optimum as its single-precision kernel cache allows), reads the model with
 * `readLibsvmModel` and frees LIBSVM's memory. `SVM` is the libsvm-js module, passed in (this library does not
 * depend on it). Errors: C ≤ 0, the data errors of `svmProblem` (checked before LIBSVM sees the data).
 */
export function trainLibsvmLinear(SVM: LibsvmModule, x: number[][], y: number[], C: number): LibsvmModelReading {
  const fn = "trainLibsvmLinear";
  assertSvmC(C, fn);
  svmProblem(x, y, fn);
  const svm = new SVM({ kernel: SVM.KERNEL_TYPES.LINEAR, type: SVM.SVM_TYPES.C_SVC, cost: C,
                        tolerance: 1e-10, shrinking: false, quiet: true });
  try {
    svm.train(x, y);
    return readLibsvmModel(svm.serializeModel(), svm.getSVIndices(), x, y, C, linearKernel);
  } finally {
    svm.free();
  }
}
