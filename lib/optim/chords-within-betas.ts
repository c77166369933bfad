/**
 * The claim "β is the slope of the distortion–rate curve", tested on both sides of every chord (Alemi et al.
 * 2018 §3): for exact maximisers, the chord between the models at β_low < β_high has slope s with
 * β_low ≤ s ≤ β_high, and the rate does not rise nor the distortion fall with β. It holds for a list of
 * `distortionRateChords` when every chord is ordered (`violation` null) and
 *
 *   s + z·se ≥ β_low   and   s − z·se ≤ β_high      (z = 3 unless given),
 *
 * i.e. no chord lies below its lower β or above its upper β by more than z standard errors.
 *
 * Errors (ArgumentError naming the argument and 'chordsWithinTheirBetas'): no chords, non-finite slopes or
 * standard errors, β_low ≥ β_high; z ≤ 0.
 */
import { ArgumentError, assertPositive } from "../errors";
import type { DistortionRateChord } from "./distortion-rate-chords";

/** How far a chord's slope lies outside [β_low, β_high], in its standard errors (0 inside; + above, − below). */
export function chordExcess(c: Pick<DistortionRateChord, "betaLow" | "betaHigh" | "slope" | "se">): number {
  const out = c.slope > c.betaHigh ? c.slope - c.betaHigh : c.slope < c.betaLow ? c.slope - c.betaLow : 0;
  return out === 0 ? 0 : c.se > 0 ? out / c.se : Math.sign(out) * Infinity;
}

export function chordsWithinTheirBetas(chords: readonly DistortionRateChord[], z = 3): { passed: boolean; detail: string } {
  const fn = "chordsWithinTheirBetas";
  if (!Array.isArray(chords) || chords.length === 0) throw new ArgumentError("chords", fn, "must be a non-empty array of distortionRateChords");
  assertPositive(z, "z", fn);
  chords.forEach((c, i) => {
    for (const k of ["betaLow", "betaHigh", "slope", "se"] as const) {
      if (!Number.isFinite(c?.[k])) throw new ArgumentError(`chords[${i}].${k}`, fn, `must be a finite number, got ${c?.[k]}`);
    }
    if (!(c.betaLow < c.betaHigh)) throw new ArgumentError(`chords[${i}]`, fn, `must have betaLow < betaHigh, got ${c.betaLow} and ${c.betaHigh}`);
  });
  const name = (c: DistortionRateChord) => `${+c.betaLow.toFixed(3)}–${+c.betaHigh.toFixed(3)}`;
  const bad = chords.filter((c) => c.violation !== null || Math.abs(chordExcess(c)) > z);
  const why = (c: DistortionRateChord) => c.violation !== null ? `${name(c)}: ${c.violation}`
    : `${name(c)}: slope ${c.slope.toFixed(3)} ± ${c.se.toFixed(3)}, ${Math.abs(chordExcess(c)).toFixed(1)} SE ` +
      `${chordExcess(c) > 0 ? "above β high" : "below β low"}`;
  const worst = chords.reduce((a, b) => (Math.abs(chordExcess(b)) > Math.abs(chordExcess(a)) ? b : a));
  return {
    passed: bad.length === 0,
    detail: bad.length === 0
      ? `all ${chords.length} chords ordered and within their [β low, β high] ± ${z} SE on both sides ` +
        `(largest excess: ${name(worst)}, ${chordExcess(worst).toFixed(1)} SE)`
      : `${bad.length} of ${chords.length} chords fail: ${bad.map(why).join("; ")}`,
  };
}
