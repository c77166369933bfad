/**
 * Slow, plain-TypeScript float64 references. Tests compare the float32 tfjs implementations with
 * these; they share no code with the tfjs paths. Arrays are row-major number[].
 */

export const LOG_2PI = Math.log(2 * Math.PI);

/** log Σ exp(x) in float64. */
export function logSumExp64(x: readonly number[]): number {
  const m = Math.max(...x);
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of x) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** log (1/n) Σ exp(x) in float64. */
export function logMeanExp64(x: readonly number[]): number {
  return logSumExp64(x) - Math.log(x.length);
}

/** log N(x; loc, diag(scale²)) summed over coordinates. */
export function diagNormalLogProb64(x: readonly number[], loc: readonly number[], scale: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const z = (x[i] - loc[i]) / scale[i];
    s += -0.5 * z * z - Math.log(scale[i]) - 0.5 * LOG_2PI;
  }
  return s;
}

/** Σ_i x_i log p_i + (1 - x_i) log(1 - p_i) with p = sigmoid(logits). */
export function bernoulliLogProb64(x: readonly number[], logits: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const l = logits[i];
    const softplus = l > 0 ? l + Math.log1p(Math.exp(-l)) : Math.log1p(Math.exp(l));
    s += x[i] * l - softplus;
  }
  return s;
}

/** KL(N(mp, sp²) || N(mq, sq²)) summed over coordinates. */
export function klDiagNormal64(
  mp: readonly number[], sp: readonly number[], mq: readonly number[], sq: readonly number[],
): number {
  let s = 0;
  for (let i = 0; i < mp.length; i++) {
    const r = sp[i] / sq[i];
    const d = (mp[i] - mq[i]) / sq[i];
    s += -Math.log(r) + 0.5 * (r * r + d * d) - 0.5;
  }
  return s;
}

/** Cholesky factor L (lower, L Lᵀ = A) of a symmetric positive-definite n×n matrix. */
export function cholesky64(a: readonly number[][]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky64: matrix is not positive definite (pivot ${i} = ${s})`);
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/** log N(x; mean, cov) via the Cholesky factor: -½ (n log 2π + log|Σ| + zᵀz), L z = x - mean. */
export function mvnLogPdf64(x: readonly number[], mean: readonly number[], cov: readonly number[][]): number {
  const n = x.length;
  const l = cholesky64(cov);
  const z = new Array<number>(n);
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    let s = x[i] - mean[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z[i] = s / l[i][i];
    logDet += 2 * Math.log(l[i][i]);
  }
  return -0.5 * (n * LOG_2PI + logDet + z.reduce((a, v) => a + v * v, 0));
}
