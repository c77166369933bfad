import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderDetails, renderSummary, summaryHeadline, renderTable } from "elbolab";
import { assertArgumentError } from "./setup";

const check = (name: string, kind: "claim" | "sanity" | "exercise", passed: boolean, reported?: true) =>
  ({ name, kind, passed, detail: `detail of ${name}`, ...(reported ? { reported } : {}) });

describe("notebook summary", () => {
  test("details: HTML folds the content under its summary; the text twin shows it indented", () => {
    const inner = { html: "<table>x</table>", text: "line 1\n\nline <2>" };
    const d = renderDetails("all 3 metrics", inner);
    assert.equal(d.html, `<details class="elbolab-details"><summary>all 3 metrics</summary><table>x</table></details>`);
    assert.equal(d.text, "▸ all 3 metrics\n  line 1\n\n  line <2>");
    assert.match(renderDetails("a < b", inner, { open: true }).html, /^<details class="elbolab-details" open><summary>a &lt; b<\/summary>/);
    assertArgumentError(() => renderDetails("", inner), "summary", "renderDetails");
    assertArgumentError(() => renderDetails("s", { html: "x" } as never), "content", "renderDetails");
  });

  test("headline counts claims and sanity checks apart, claims first", () => {
    const checks = [check("s1", "sanity", true), check("c1", "claim", true), check("c2", "claim", true),
                    check("s2", "sanity", true), check("c3", "claim", false, true)];
    assert.equal(summaryHeadline(checks),
      "claims: 2 of 3 hold, 1 not borne out by this run (reported as results); sanity checks: 2 of 2 pass");
    assert.equal(summaryHeadline([check("s1", "sanity", true)]), "claims: none in this notebook; sanity checks: 1 of 1 pass");
    assert.equal(summaryHeadline([check("c1", "claim", true), { name: "x", passed: true, detail: "" }]),
      "claims: 1 of 1 hold; sanity checks: none; 1 check(s) WITHOUT a kind");
    assert.equal(summaryHeadline([check("c1", "claim", true), check("e1", "exercise", true), check("e2", "exercise", false)]),
      "claims: 1 of 1 hold; sanity checks: none; exercises: 1 of 2 answered right");
    // an inconclusive claim is counted apart from a refuted one
    assert.equal(summaryHeadline([check("c1", "claim", true), check("c2", "claim", false, true),
                                  { ...check("c3", "claim", false, true), inconclusive: true as const }]),
      "claims: 1 of 3 hold, 1 not borne out by this run, 1 inconclusive (reported as results); sanity checks: none");
    // exercises, not tests: a hidden test names its exercise in partOf; one failing test makes the exercise wrong
    const hidden = (name: string, of: string, passed: boolean) => ({ ...check(name, "exercise", passed), partOf: of });
    assert.equal(summaryHeadline([check("e1", "exercise", true), hidden("e1_h", "e1", true), check("e2", "exercise", true)]),
      "claims: none in this notebook; sanity checks: none; exercises: 2 of 2 answered right (3 tests)");
    assert.equal(summaryHeadline([check("e1", "exercise", true), hidden("e1_h", "e1", false), check("e2", "exercise", true)]),
      "claims: none in this notebook; sanity checks: none; exercises: 1 of 2 answered right (3 tests)");
  });

  test("summary: claims table, then sanity table, then the metrics folded in <details>", () => {
    const results = { mode: "quick" as const, seed: 3, backend: "wasm", metrics: { a: 1.5, b: -2 },
      checks: [check("s1", "sanity", true), check("c1", "claim", true), check("c2", "claim", false, true)] };
    const { html, text } = renderSummary(results);
    const iClaims = html.indexOf("Claims (2)"), iSanity = html.indexOf("Sanity checks (1)"), iDetails = html.indexOf("<details");
    assert.ok(iClaims > 0 && iClaims < iSanity && iSanity < iDetails, html);
    assert.ok(html.indexOf(">c1<") < iSanity && html.indexOf(">s1<") > iSanity, "each check in its own table");
    const metrics = renderTable([{ metric: "a", value: 1.5 }, { metric: "b", value: -2 }]);
    assert.ok(html.includes(`<summary>all 2 recorded metrics</summary>${metrics.html}</details>`));
    assert.ok(html.includes("✗ not borne out (a result)"));
    assert.ok(text.startsWith("claims: 1 of 2 hold, 1 not borne out by this run (reported as results); sanity checks: 1 of 1 pass (quick mode, seed 3, wasm)"), text);
    assert.ok(text.indexOf("Claims (2)") < text.indexOf("Sanity checks (1)"));
    assert.ok(text.includes("▸ all 2 recorded metrics\n  " + metrics.text.split("\n")[0]), text);
  });
});
