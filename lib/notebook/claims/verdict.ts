/**
 * What a check decides. A check is registered as one of two kinds:
 *
 * - a **claim**: a statement of the lecture or of the literature that this run could refute (the ELBO's
 *   chain of equal forms, "SNR_θ grows like √k" from Rainforth et al. 2018, ...). Its decision logic lives in
 *   a small function of lib/notebook/claims, so that tests/unit/claims.test.ts can feed it a run where the
 *   claim is false and see it fail;
 * - a **sanity** check: an identity, a precondition, or a check the notebook itself says cannot fail when
 *   the code is right (autodiff equals the written-out sum for one draw; the solver converged).
 *
 * A third kind, **exercise**, is the grading line of an exercise's test cell (`exercise(...)`,
 * lib/notebook/exercise.ts): whether the answer in the cell above is right, neither a claim nor a sanity check.
 *
 * The summary (lib/notebook/summary.ts) counts them separately, claims first.
 */
export type CheckKind = "claim" | "sanity" | "exercise";

/**
 * The outcome of a decision function: whether the statement held, and the numbers that decided it.
 * `inconclusive` (with `passed` false): the run can neither confirm nor refute the statement (a slope too
 * noisy to tell the stated rate from 0, fewer than 2 points above a noise floor). The summary counts such a
 * claim apart from a refuted one; a notebook that must show the claim still fails on it.
 */
export interface Verdict {
  passed: boolean;
  detail: string;
  inconclusive?: true;
}

/** The mark a reader sees for a decided check: "✓" held, "?" inconclusive, "✗" refuted or failed. */
export function verdictMark(check: { passed: boolean; inconclusive?: boolean }): "✓" | "?" | "✗" {
  return check.passed ? "✓" : check.inconclusive ? "?" : "✗";
}
