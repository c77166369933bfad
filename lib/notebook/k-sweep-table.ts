/**
 * The tables of a k-sample sweep (notebook 04): from one record per (encoder, k) as the notebook
 * builds them (`prefixKSweep` points with the encoder's name, the delta-method prediction and the
 * jackknife on the same draws), two danfojs DataFrames:
 *
 * - `long`: one row per (encoder, k), every column naming its estimator:
 *     L_k (plain mean)               mean over the S rows of log (1/k) Σ w_i, with its SE
 *     log p(E) − mean L_k            the exact log-evidence minus that plain mean (its noise is the SE of L_k)
 *     gap, control variate (± SE)    the regression control-variate estimate of log p(E) − L_k (`prefixKSweep`)
 *     Var(w)/(2k E[w]²)              the delta-method prediction of the gap
 *     jackknife L_k^J (± SE)         Nowozin's (2018) jackknife on the same draws (empty at k = 1)
 * - `gapByK`: the control-variate gap pivoted with k across the columns (`pivotWider`), one row per
 *   encoder: the numbers the text compares, in a table that fits a screen. With `options.unreliable`
 *   (encoders whose control-variate gap at k = 1 misses the exact KL), a last column "CV gap reliable"
 *   says "no" for them, so that no unreliable row reads as a result.
 *
 * The two gap columns estimate the same log p(E) − E[L_k] and differ by β · mean(x − 1), x = (1/k) Σ w_i / p(E),
 * a term of mean exactly 0: the plain one carries the whole Monte Carlo noise of L_k (of order
 * √(Var(w)/(kS))), which at large k exceeds the gap and can make it negative (an L_k printed above log p(E));
 * the control variate removes most of that noise (residual of order Var(w)/(k√S)).
 *
 * Errors (ArgumentError naming `rows` and `kSweepTables`): no rows, a row without a control-variate gap,
 * a NaN or ±∞ in a metric column (named; the prediction may be +∞, never NaN), a missing (encoder, k) pair.
 */
import { ArgumentError } from "../errors";
import { pivotWider, toDataFrame, type DataFrame } from "./data-frame";

interface Estimate { mean: number; se: number }

/** One (encoder, k) of the sweep. */
export interface KSweepRow {
  encoder: string;
  k: number;
  bound: Estimate;
  gap?: Estimate;
  logp: number;
  predicted: number;
  jackknife?: Estimate | null;
}

/** Column names of `long`, in order. */
export const K_SWEEP_COLUMNS = {
  bound: "L_k (plain mean)", boundSe: "SE of L_k", plainGap: "log p(E) − mean L_k",
  gap: "gap, control variate", gapSe: "SE of the CV gap", predicted: "Var(w)/(2k E[w]²)",
  jackknife: "jackknife L_k^J", jackknifeSe: "SE of L_k^J",
} as const;

/** The long and the pivoted tables of a k sweep (see the module comment). */
export function kSweepTables(rows: KSweepRow[], options: { unreliable?: readonly string[] } = {}):
  { long: DataFrame; gapByK: DataFrame } {
  const fn = "kSweepTables";
  if (!Array.isArray(rows) || rows.length === 0) throw new ArgumentError("rows", fn, "must be a non-empty array of sweep points");
  const unreliable = options?.unreliable;
  if (unreliable !== undefined && (!Array.isArray(unreliable) || unreliable.some((e) => !rows.some((r) => r.encoder === e)))) {
    throw new ArgumentError("options.unreliable", fn, `must list encoders of the rows, got ${JSON.stringify(unreliable)}`);
  }
  const c = K_SWEEP_COLUMNS;
  const records = rows.map((r, i) => {
    if (!r?.gap) throw new ArgumentError("rows", fn, `row ${i} (${r?.encoder}, k = ${r?.k}) has no control-variate gap (prefixKSweep with logEvidence)`);
    if (typeof r.predicted !== "number" || Number.isNaN(r.predicted)) {
      throw new ArgumentError("rows", fn, `row ${i} (${r.encoder}, k = ${r.k}): the prediction must be a number (∞ for infinite Var(w)), got ${r.predicted}`);
    }
    return {
      encoder: r.encoder, k: r.k, [c.bound]: r.bound.mean, [c.boundSe]: r.bound.se, [c.plainGap]: r.logp - r.bound.mean,
      [c.gap]: r.gap.mean, [c.gapSe]: r.gap.se, [c.predicted]: r.predicted,
      [c.jackknife]: r.jackknife ? r.jackknife.mean : null, [c.jackknifeSe]: r.jackknife ? r.jackknife.se : null,
    };
  });
  const metrics = [c.bound, c.boundSe, c.plainGap, c.gap, c.gapSe]; // the prediction is ∞ where Var(w) is
  const long = toDataFrame(records, { metrics, fn });
  let gapByK: DataFrame;
  try {
    gapByK = pivotWider(long, { index: "encoder", columns: "k", values: c.gap, label: (k) => `k = ${k}` });
    if (unreliable) {
      const encoders = gapByK.column("encoder").values as string[];
      gapByK.addColumn("CV gap reliable", encoders.map((e) => (unreliable.includes(e) ? "no (see above)" : "yes")), { inplace: true });
    }
  } catch (e) {
    throw new ArgumentError("rows", fn, `cannot be pivoted: ${(e as Error).message}`);
  }
  return { long, gapByK };
}
