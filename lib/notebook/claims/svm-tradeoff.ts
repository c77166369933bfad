/**
 * The lecture's soft-margin trade-off (section 1): a small C buys a wider margin with more points inside
 * it or misclassified; a large C a narrower margin with fewer.
 */
import { assertFiniteNumber } from "../../errors";
import type { Verdict } from "./verdict";

export interface SvmSolutionSummary {
  C: number;
  /** 2 / ||w||. */
  marginWidth: number;
  /** Points with slack ξ > 0 (inside the margin or misclassified). */
  violations: number;
}

/** small.marginWidth > large.marginWidth and small.violations > large.violations (small.C < large.C). */
export function smallCWiderMarginMoreViolations(small: SvmSolutionSummary, large: SvmSolutionSummary): Verdict {
  const fn = "smallCWiderMarginMoreViolations";
  for (const [arg, s] of [["small", small], ["large", large]] as const) {
    assertFiniteNumber(s?.C, `${arg}.C`, fn);
    assertFiniteNumber(s?.marginWidth, `${arg}.marginWidth`, fn);
    assertFiniteNumber(s?.violations, `${arg}.violations`, fn);
  }
  return {
    passed: small.C < large.C && small.marginWidth > large.marginWidth && small.violations > large.violations,
    detail: `C = ${small.C} vs ${large.C}: width ${small.marginWidth.toFixed(3)} vs ${large.marginWidth.toFixed(3)}; ` +
      `points inside the margin or misclassified ${small.violations} vs ${large.violations}`,
  };
}
