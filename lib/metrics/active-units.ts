/**
 * Active units (Burda, Grosse and Salakhutdinov 2016, section 5.2): a latent dimension u is active when
 *
 *   A_u = Cov_x( E_{q(h|x)}[h_u] ) > threshold   (default 10⁻²)
 *
 * i.e. when its posterior mean varies across the data. The input is the matrix of posterior means
 * E_q[h | x_i] for n observations, shape [n, d]; the variance uses n - 1 (unbiased), in float64.
 * Returns the count and every A_u. Errors: fewer than 2 rows, non-finite entries, threshold < 0.
 */
import { assertPositive } from "../errors";
import { codeColumns, type CodeMatrix } from "./codes";

export interface ActiveUnits {
  count: number;
  /** A_u per latent dimension. */
  variances: number[];
  threshold: number;
}

export function activeUnits(posteriorMeans: CodeMatrix, threshold = 1e-2): ActiveUnits {
  assertPositive(threshold, "threshold", "activeUnits", true);
  const columns = codeColumns(posteriorMeans, "posteriorMeans", "activeUnits");
  const variances = columns.map((c) => {
    let m = 0;
    for (const v of c) m += v;
    m /= c.length;
    let ss = 0;
    for (const v of c) ss += (v - m) ** 2;
    return ss / (c.length - 1);
  });
  return { count: variances.filter((v) => v > threshold).length, variances, threshold };
}
