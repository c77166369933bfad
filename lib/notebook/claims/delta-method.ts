/**
 * The delta-method rate of the k-sample bound (Maddison et al. 2017; Nowozin 2018, Prop. 1):
 * log p(E) − E[L_k] = Var(w)/(2k E[w]²) + O(k⁻²). An encoder follows it at k when the measured gap is within
 * z SE of the prediction plus the size of the next term.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../../errors";
import type { Verdict } from "./verdict";

export interface DeltaMethodRow {
  encoder: string;
  /** Measured gap log p(E) − L_k and its SE. */
  gap: number;
  se: number;
  /** Var(w)/(2k E[w]²). */
  predicted: number;
  /** |next term| of the expansion at this k (NaN when the third moment is infinite: then 0 is allowed). */
  next: number;
  /** In the asymptotic regime (finite third moment, next term ≤ a tenth of the first) and reliably estimated. */
  tested: boolean;
}

/** |gap − predicted| ≤ z·se + |next| (next counted as 0 when not finite). */
export function followsDeltaMethod(row: Pick<DeltaMethodRow, "gap" | "se" | "predicted" | "next">, z = 3): boolean {
  const fn = "followsDeltaMethod";
  assertFiniteNumber(row?.gap, "row.gap", fn);
  assertFiniteNumber(row?.se, "row.se", fn);
  assertFiniteNumber(row?.predicted, "row.predicted", fn);
  assertPositive(z, "z", fn);
  return Math.abs(row.gap - row.predicted) <= z * row.se + (Number.isFinite(row.next) ? Math.abs(row.next) : 0);
}

/** The delta method's own claim: at least one encoder is tested, and every tested encoder follows the rate. */
export function deltaMethodHolds(rows: readonly DeltaMethodRow[], k: number, z = 3): Verdict {
  if (!Array.isArray(rows)) throw new ArgumentError("rows", "deltaMethodHolds", "must be an array");
  const tested = rows.filter((r) => r.tested);
  const fails = tested.filter((r) => !followsDeltaMethod(r, z));
  return {
    passed: tested.length > 0 && fails.length === 0,
    detail: `${tested.length} encoders in the asymptotic regime at k = ${k}` +
      (fails.length ? `; not following: ${fails.map((r) => r.encoder).join(", ")}`
        : `, all within ${z} SE + next term: ${tested.map((r) => r.encoder).join(", ")}`),
  };
}
