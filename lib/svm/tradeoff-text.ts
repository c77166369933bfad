/**
 * The lecture's trade-off between a small and a large C in words, for `showMarkdown(template, values)`: every
 * number is a placeholder filled from the two sweep rows, and every word that states a direction (narrows,
 * fall, rise, stay) is chosen from those numbers, so the sentence reads true for any run.
 *
 * It says how the margin width 2/||w|| and the margin violations (points with ξ_j > 0: inside the margin or
 * misclassified) move from the small C to the large C, how the misclassified points move, and splits the net
 * change of the violations exactly into correctly classified points inside the margin and misclassified points
 * (every misclassified point has ξ_j > 1, so it is a violation). The closing sentence explains with the
 * objective (Cortes & Vapnik 1995): C prices the hinge loss Σ ξ_j, which a correctly classified point inside the
 * margin pays too, and not the 0–1 loss, so fewer violations need not mean fewer errors; it says whether this
 * run shows that (errors rise or stay), shows errors falling by less than the violations, or does not show it.
 * The values are C0, C1 (the two Cs), w0, w1 (margin widths), v0, v1 (violations), m0, m1 (misclassified), n,
 * and the sizes of the net changes dv (violations), dc (correct points inside the margin), dm (misclassified).
 * `options.check` names a recorded check whose verdict is cited after the violation counts.
 *
 * Errors (ArgumentError naming the argument and 'svmTradeoffText'): small.C ≥ large.C, counts that are not
 * integers ≥ 0, more misclassified points than violations, `n` below a count.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import type { MarkdownValues } from "../notebook/markdown";
import type { SvmSweepRow } from "./c-sweep";

type Counts = Pick<SvmSweepRow, "C" | "margin_width" | "inside_or_misclassified" | "misclassified">;

const moves = (a: number, b: number, down: string, up: string, same: string) => (b < a ? down : b > a ? up : same);
/**
 * "{{key}} fewer correctly classified points", "{{key}} more misclassified point", "no change in … points";
 * `values[key]` is set to |after − before|.
 */
function change(key: string, before: number, after: number, what: string, values: MarkdownValues): string {
  const d = after - before;
  values[key] = Math.abs(d);
  if (d === 0) return `no change in ${what}s`;
  return `{{${key}}} ${d < 0 ? "fewer" : "more"} ${what}${Math.abs(d) === 1 ? "" : "s"}`;
}

export function svmTradeoffText(small: Counts, large: Counts, n: number, options: { check?: string } = {}):
    { template: string; values: MarkdownValues } {
  const fn = "svmTradeoffText";
  for (const [arg, r] of [["small", small], ["large", large]] as const) {
    assertPositive(r?.C, `${arg}.C`, fn);
    assertFiniteNumber(r.margin_width, `${arg}.margin_width`, fn);
    for (const k of ["inside_or_misclassified", "misclassified"] as const) {
      if (!Number.isInteger(r[k]) || r[k] < 0) throw new ArgumentError(`${arg}.${k}`, fn, `must be a count (integer ≥ 0), got ${r[k]}`);
    }
    if (r.misclassified > r.inside_or_misclassified) {
      throw new ArgumentError(`${arg}.misclassified`, fn, `must not exceed the violations (${r.inside_or_misclassified}): a misclassified point has ξ > 1`);
    }
    if (!Number.isInteger(n) || n < r.inside_or_misclassified) throw new ArgumentError("n", fn, `must be the number of points (≥ ${r.inside_or_misclassified}), got ${n}`);
  }
  if (!(small.C < large.C)) throw new ArgumentError("large.C", fn, `must exceed small.C (${small.C}), got ${large.C}`);
  const [v0, v1, m0, m1] = [small.inside_or_misclassified, large.inside_or_misclassified, small.misclassified, large.misclassified];
  const [dv, dm] = [v0 - v1, m0 - m1];
  const margin = moves(small.margin_width, large.margin_width, "narrows", "widens", "stays");
  const violations = moves(v0, v1, "fall", "rise", "stay");
  const errors = moves(m0, m1, "fall", "rise", "stay");
  const values: MarkdownValues = { C0: small.C, C1: large.C, w0: small.margin_width, w1: large.margin_width,
    v0, v1, m0, m1, n, dv: Math.abs(dv) };
  const net = dv === 0 ? "the same number of violations is"
    : `the {{dv}} ${dv > 0 ? "fewer" : "more"} violation${Math.abs(dv) === 1 ? " is" : "s are"}`;
  const check = options.check ? `; {{check:${options.check}}}` : "";
  const verdict = dv <= 0 ? "This run does not show the trade-off: the violations do not fall."
    : m1 > m0 ? "So here a larger C gives fewer violations and more errors."
    : m1 === m0 ? "So here a larger C gives fewer violations and no fewer errors."
    : dm < dv ? "So here the errors fall too, but by less than the violations."
    : "Here the errors fall by as much as the violations or more; in general they need not.";
  const template = `From C = {{C0}} to C = {{C1}} the margin ${margin} ({{w0|.2f}} → {{w1|.2f}}) and the ` +
    `margin violations (points with ξ > 0: inside the margin or misclassified) ${violations} ({{v0}} → {{v1}} ` +
    `of {{n}}${check}). The misclassified points ${errors} ({{m0}} → {{m1}}): net, ${net} ` +
    `${change("dc", v0 - m0, v1 - m1, "correctly classified point", values)} inside the margin and ` +
    `${change("dm", m0, m1, "misclassified point", values)}. ${verdict} C prices the hinge loss Σ ξ, which a point ` +
    "inside the margin pays even on the right side of the line; the 0–1 loss (the errors) is not in the " +
    "objective, so fewer margin violations need not mean fewer errors.";
  return { template, values };
}
