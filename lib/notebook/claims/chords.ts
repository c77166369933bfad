/**
 * β as the slope of the distortion–rate curve (Alemi et al. 2018): for exact maximisers of D + βR, every
 * chord between the models at β_i < β_j has slope s_ij = (D_j − D_i)/(R_i − R_j) with β_i ≤ s_ij ≤ β_j. At a
 * multiplier β*, the chord on its left has slope ≤ β* and the chord on its right slope ≥ β*.
 */
import { ArgumentError, assertFiniteNumber } from "../../errors";
import type { Verdict } from "./verdict";

export interface ChordSlope {
  slope: number;
  se: number;
}

/**
 * For every β*: left.slope − z·left.se ≤ β* ≤ right.slope + z·right.se (z defaults to 3).
 */
export function chordsBracketMultipliers(
  around: readonly { beta: number; left: ChordSlope; right: ChordSlope }[], z = 3,
): Verdict {
  const fn = "chordsBracketMultipliers";
  if (!Array.isArray(around) || around.length === 0) throw new ArgumentError("around", fn, "must be a non-empty array");
  around.forEach((a) => {
    assertFiniteNumber(a?.beta, "around[].beta", fn);
    for (const side of ["left", "right"] as const) {
      assertFiniteNumber(a[side]?.slope, `around[].${side}.slope`, fn);
      assertFiniteNumber(a[side]?.se, `around[].${side}.se`, fn);
    }
  });
  const ok = (a: (typeof around)[number]) =>
    a.left.slope - z * a.left.se <= a.beta && a.beta <= a.right.slope + z * a.right.se;
  const side = (c: ChordSlope, s: number) =>
    `${c.slope.toFixed(3)} ${s < 0 ? "−" : "+"} ${z}·${c.se.toFixed(3)} = ${(c.slope + z * s * c.se).toFixed(3)}`;
  return {
    passed: around.every(ok),
    detail: around.map((a) => `left slope − ${z}·SE = ${side(a.left, -1)} ≤ β* = ${a.beta.toFixed(3)} ≤ ` +
      `right slope + ${z}·SE = ${side(a.right, 1)}${ok(a) ? "" : " (NOT bracketed)"}`).join("; "),
  };
}
