/**
 * The mutual information gap (Chen, Li, Grosse and Duvenaud 2018, "Isolating Sources of Disentanglement
 * in VAEs", eq. 6), against K known discrete factors v_k:
 *
 *   MIG = (1/K) Σ_k [ I(z_{j(k)}; v_k) - max_{j ≠ j(k)} I(z_j; v_k) ] / H(v_k),   j(k) = argmax_j I(z_j; v_k)
 *
 * In [0, 1]: 1 when each factor is captured by exactly one code dimension (and no other dimension
 * carries information about it), 0 when the best two dimensions know equally much.
 *
 * Estimator (stated, as it matters): the histogram estimator of disentanglement_lib (Locatello et al.
 * 2019): each code dimension (usually the posterior means E_q[z | x]) is cut into `bins` equal-width bins
 * over its range (default 20), and I(z_j; v_k) and H(v_k) are plug-in estimates from the joint counts,
 * in nats. Chen et al. instead estimate I(z_j; v_k) from q(z_j | x) by sampling; the two agree for
 * near-deterministic codes. The plug-in MI is biased upward by about (bins - 1)(|v_k| - 1) / (2n), so a
 * random code scores near, not exactly at, 0.
 *
 * Shapes: codes [n, d] with d ≥ 2; factors: K integer arrays of length n. Errors: d < 2, length
 * mismatch, non-integer factor values, a constant factor (H = 0), bins < 2.
 */
import { ArgumentError, assertInteger } from "../errors";
import { codeColumns, type CodeMatrix } from "./codes";

export interface MigResult {
  mig: number;
  /** The normalised gap per factor. */
  perFactor: number[];
  /** mutualInformation[k][j] = I(z_j; v_k) in nats. */
  mutualInformation: number[][];
  /** H(v_k) in nats. */
  entropies: number[];
}

function discretise(c: Float64Array, bins: number): Int32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of c) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const out = new Int32Array(c.length);
  const w = (hi - lo) / bins;
  if (w > 0) for (let i = 0; i < c.length; i++) out[i] = Math.min(bins - 1, Math.floor((c[i] - lo) / w));
  return out;
}

function entropy(counts: Map<number, number> | number[], n: number): number {
  let h = 0;
  for (const c of counts.values()) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** Plug-in I(a; b) = H(a) + H(b) - H(a, b) for integer labels. */
export function discreteMutualInformation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const ca = new Map<number, number>(), cb = new Map<number, number>(), cab = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
    const key = `${a[i]},${b[i]}`;
    cab.set(key, (cab.get(key) ?? 0) + 1);
  }
  return Math.max(0, entropy(ca, n) + entropy(cb, n) - entropy([...cab.values()], n));
}

export function mutualInformationGap(codes: CodeMatrix, factors: readonly ArrayLike<number>[], bins = 20): MigResult {
  const fn = "mutualInformationGap";
  assertInteger(bins, "bins", fn, 2);
  const columns = codeColumns(codes, "codes", fn);
  const n = columns[0].length;
  if (columns.length < 2) throw new ArgumentError("codes", fn, `must have at least 2 code dimensions (a gap needs a runner-up), got ${columns.length}`);
  if (!Array.isArray(factors) || factors.length < 1) throw new ArgumentError("factors", fn, "must be a non-empty array of factor value arrays");
  factors.forEach((f, k) => {
    if (f.length !== n) throw new ArgumentError(`factors[${k}]`, fn, `must have one value per code row (${n}), got ${f.length}`);
    for (let i = 0; i < n; i++) if (!Number.isInteger(f[i])) throw new ArgumentError(`factors[${k}]`, fn, `must hold integer factor values, found ${f[i]} at ${i}`);
  });
  const binned = columns.map((c) => discretise(c, bins));
  const entropies = factors.map((f, k) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) counts.set(f[i], (counts.get(f[i]) ?? 0) + 1);
    const h = entropy(counts, n);
    if (!(h > 0)) throw new ArgumentError(`factors[${k}]`, fn, "must take at least two values (its entropy is 0)");
    return h;
  });
  const mutualInformation = factors.map((f) => binned.map((z) => discreteMutualInformation(z, f)));
  const perFactor = mutualInformation.map((mi, k) => {
    const sorted = [...mi].sort((a, b) => b - a);
    return (sorted[0] - sorted[1]) / entropies[k];
  });
  return { mig: perFactor.reduce((a, b) => a + b, 0) / perFactor.length, perFactor, mutualInformation, entropies };
}
