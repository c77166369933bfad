/**
 * The summary a notebook ends with (`showSummary`), rendered from what the run recorded:
 *
 *   claims: 7 of 7 hold; sanity checks: 5 of 5 pass; exercises: 2 of 2 answered right (3 tests)   (with mode, seed, backend)
 *   a table of the claims (verdict, claim, detail)
 *   a table of the sanity checks, then one of the exercises (when the notebook has any)
 *   the full metric list, folded in a <details> (lib/notebook/details.ts)
 *
 * A claim refuted by the run and registered with `ifRefuted: "report"` counts as refuted, not as held
 * ("claims: 5 of 7 hold, 2 not borne out by this run (reported as results)"); one the run could neither
 * confirm nor refute (an inconclusive verdict) is counted apart ("…, 1 inconclusive").
 */
import { renderDetails } from "./details";
import { escapeHtml } from "./display";
import { renderTable } from "./table";
import { verdictMark } from "./claims/verdict";
import type { CheckResult, NotebookResults } from "./results";

type SummaryInput = Pick<NotebookResults, "mode" | "seed" | "backend" | "metrics"> & {
  checks: readonly (Omit<CheckResult, "kind"> & { kind?: string })[];
};

/**
 * "exercises: 2 of 2 answered right (3 tests)": an exercise is its first test and the further (hidden) tests
 * that name it in `partOf`; it is answered right when all of them pass.
 */
function exerciseText(tests: SummaryInput["checks"]): string {
  const exercises = tests.filter((t) => t.partOf === undefined);
  const right = exercises.filter((e) => tests.every((t) => (t.name !== e.name && t.partOf !== e.name) || t.passed)).length;
  return `exercises: ${right} of ${exercises.length} answered right` +
    (tests.length !== exercises.length ? ` (${tests.length} tests)` : "");
}

/** The headline: "claims: 7 of 7 hold; sanity checks: 5 of 5 pass" (checks without a kind counted apart). */
export function summaryHeadline(checks: SummaryInput["checks"]): string {
  const claims = checks.filter((c) => c.kind === "claim");
  const sanity = checks.filter((c) => c.kind === "sanity");
  const exercises = checks.filter((c) => c.kind === "exercise");
  const unkinded = checks.length - claims.length - sanity.length - exercises.length;
  const held = claims.filter((c) => c.passed).length;
  const inconclusive = claims.filter((c) => !c.passed && c.inconclusive).length;
  const refuted = claims.filter((c) => !c.passed && c.reported && !c.inconclusive).length;
  const results = [
    ...(refuted ? [`${refuted} not borne out by this run`] : []),
    ...(inconclusive ? [`${inconclusive} inconclusive`] : []),
  ];
  const claimText = claims.length === 0 ? "claims: none in this notebook"
    : `claims: ${held} of ${claims.length} hold` + (results.length ? `, ${results.join(", ")} (reported as results)` : "");
  const sanityText = sanity.length === 0 ? "sanity checks: none"
    : `sanity checks: ${sanity.filter((c) => c.passed).length} of ${sanity.length} pass`;
  return [
    claimText, sanityText,
    ...(exercises.length ? [exerciseText(exercises)] : []),
    ...(unkinded ? [`${unkinded} check(s) WITHOUT a kind`] : []),
  ].join("; ");
}

function checkRows(checks: SummaryInput["checks"], column: string) {
  return checks.map((c) => ({
    verdict: verdictMark(c) + (c.passed ? "" : c.inconclusive ? " inconclusive" : c.reported ? " not borne out (a result)" : ""),
    [column]: c.name, detail: c.detail,
  }));
}

/** HTML and text/plain renderings of the summary. */
export function renderSummary(results: SummaryInput): { html: string; text: string } {
  const headline = summaryHeadline(results.checks);
  const run = `${results.mode} mode, seed ${results.seed}, ${results.backend}`;
  const parts: { html: string; text: string }[] = [];
  const claims = results.checks.filter((c) => c.kind === "claim");
  const sanity = results.checks.filter((c) => c.kind === "sanity");
  const exercises = results.checks.filter((c) => c.kind === "exercise");
  const other = results.checks.filter((c) => c.kind !== "claim" && c.kind !== "sanity" && c.kind !== "exercise");
  if (claims.length) parts.push(renderTable(checkRows(claims, "claim"), { caption: `Claims (${claims.length})` }));
  if (sanity.length) parts.push(renderTable(checkRows(sanity, "sanity check"), { caption: `Sanity checks (${sanity.length})` }));
  if (exercises.length) parts.push(renderTable(checkRows(exercises, "exercise"), { caption: `Exercises (${exercises.length})` }));
  if (other.length) parts.push(renderTable(checkRows(other, "check"), { caption: `Checks without a kind (${other.length})` }));
  const metrics = Object.entries(results.metrics).map(([metric, value]) => ({ metric, value }));
  parts.push(renderDetails(`all ${metrics.length} recorded metrics`, renderTable(metrics)));
  return {
    html: `<div class="elbolab-summary"><p><b>${escapeHtml(headline)}</b> (${escapeHtml(run)})</p>` +
      parts.map((p) => p.html).join("") + `</div>`,
    text: [`${headline} (${run})`, ...parts.map((p) => p.text)].join("\n\n"),
  };
}
