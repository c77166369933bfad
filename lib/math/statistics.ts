/** Summary statistics used by Monte Carlo checks: a tolerance comes from the standard error. */
import { ArgumentError, assertAllFinite } from "../errors";

export interface MeanWithError {
  mean: number;
  /** Standard error of the mean: sd / √n (sd with n - 1 in the denominator). */
  se: number;
  /** Sample standard deviation. */
  sd: number;
  n: number;
}

/** Mean, standard deviation and standard error of the mean of n ≥ 2 finite values. */
export function meanAndStandardError(values: ArrayLike<number>): MeanWithError {
  const n = values.length;
  if (n < 2) throw new ArgumentError("values", "meanAndStandardError", `must hold at least 2 values, got ${n}`);
  assertAllFinite(values, "values", "meanAndStandardError");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, sd, se: sd / Math.sqrt(n), n };
}

/** Least-squares slope and intercept of y on x (for rates on log-log axes). */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  if (x.length !== y.length || x.length < 2) {
    throw new ArgumentError("y", "linearFit", `must have the length of 'x' (${x.length}) and at least 2 points, got ${y.length}`);
  }
  assertAllFinite(x, "x", "linearFit");
  assertAllFinite(y, "y", "linearFit");
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  if (sxx === 0) throw new ArgumentError("x", "linearFit", "must not be constant");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
