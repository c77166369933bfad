/**
 * Which series a chart draws, and a legend that lists only those.
 *
 * `presentSeriesColour`: a nominal colour scale whose legend lists only the series that are drawn, each in the colour of its
 * position in a fixed order, so that one series keeps its colour across charts that draw different subsets
 * of the series (notebook 04: the L_k chart draws the exact posterior, the gap chart cannot; an encoder left
 * out of one chart must not leave an empty legend entry behind).
 *
 *   domain = [o ∈ order : o ∈ present]      (in the order of `order`)
 *   range  = [SERIES_PALETTE[index of o in order mod 10] : o ∈ domain]
 *
 * Pass it as `scale` of a `color` encoding. Errors (ArgumentError naming the argument and
 * `presentSeriesColour`): `order` empty, not strings or with a repeated name; a name in `present` that is
 * not in `order`. An empty `present` gives an empty domain (a chart with no series has no legend).
 *
 * `leftOutNames(leftOut, order, fn)`: the series a chart leaves out, each `{ encoder, why }` with a reason
 * (errors name `options.leftOut[i]` and the chart's `fn`); `leftOutLine(leftOut)`: the subtitle line that
 * names them, so a reader sees what is not drawn and why.
 */
import { ArgumentError } from "../errors";

/** Vega's "tableau10" scheme, the default of a nominal colour. */
export const SERIES_PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b",
                               "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"] as const;

export function presentSeriesColour(present: Iterable<string>, order: readonly string[]): { domain: string[]; range: string[] } {
  const fn = "presentSeriesColour";
  if (!Array.isArray(order) || order.length === 0 || !order.every((o) => typeof o === "string")) {
    throw new ArgumentError("order", fn, "must be a non-empty array of series names");
  }
  if (new Set(order).size !== order.length) throw new ArgumentError("order", fn, `must not repeat a name, got ${order.join(", ")}`);
  if (present === null || typeof (present as Iterable<string>)?.[Symbol.iterator] !== "function") {
    throw new ArgumentError("present", fn, "must be an iterable of series names");
  }
  const drawn = new Set(present);
  const unknown = [...drawn].filter((p) => !order.includes(p));
  if (unknown.length) throw new ArgumentError("present", fn, `names series not in order: ${unknown.join(", ")}`);
  const domain = order.filter((o) => drawn.has(o));
  return { domain, range: domain.map((o) => SERIES_PALETTE[order.indexOf(o) % SERIES_PALETTE.length]) };
}

export interface LeftOutSeries { encoder: string; why: string }

/** Checks `leftOut` against `order` and returns the names left out (shared by the chart helpers of 04). */
export function leftOutNames(leftOut: readonly LeftOutSeries[] | undefined, order: readonly string[], fn: string): Set<string> {
  if (leftOut === undefined) return new Set();
  if (!Array.isArray(leftOut)) throw new ArgumentError("options.leftOut", fn, "must be an array of { encoder, why }");
  leftOut.forEach((l, i) => {
    if (!order.includes(l?.encoder)) throw new ArgumentError(`options.leftOut[${i}].encoder`, fn, `must be one of options.order, got ${l?.encoder}`);
    if (typeof l.why !== "string" || !l.why) throw new ArgumentError(`options.leftOut[${i}].why`, fn, "must say why it is left out");
  });
  return new Set(leftOut.map((l) => l.encoder));
}

/** The subtitle line naming what is left out (empty when nothing is). */
export const leftOutLine = (leftOut: readonly LeftOutSeries[] | undefined): string[] =>
  leftOut?.length ? [`left out: ${leftOut.map((l) => `${l.encoder} (${l.why})`).join("; ")}`] : [];
