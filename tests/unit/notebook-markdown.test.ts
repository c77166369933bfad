import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderMarkdown, latexScientific, chartTitle, markup } from "elbolab";
import { assertArgumentError } from "./setup";

const results = { metrics: { slope: -0.48213, se: 0.0681, count: 4 }, checks: [{ name: "shrinks", passed: true }, { name: "bad", passed: false }] };

describe("renderMarkdown", () => {
  test("replaces metrics, given values and check verdicts, with formats", () => {
    const md = renderMarkdown(
      "slope {{slope|.3f}} ± {{ se | .2f }}, {{count|d}} of {{n}} ({{share|%}}), {{tiny|.2e}}, {{slope}}; {{check:shrinks}} {{check:bad}} {{who}}",
      { n: 5, share: 0.8, tiny: 0.000123, who: "LG wide" }, results);
    assert.equal(md, "slope -0.482 ± 0.07, 4 of 5 (80.0%), 1.23e-4, -0.4821; ✓ `shrinks` ✗ `bad` LG wide");
  });

  test("an inconclusive claim reads '?', neither held nor refuted", () => {
    const r = { metrics: {}, checks: [{ name: "rate", passed: false, inconclusive: true as const }] };
    assert.equal(renderMarkdown("({{check:rate}})", {}, r as never), "(? `rate`)");
  });

  test("given values win over metrics; LaTeX braces are left alone", () => {
    assert.equal(renderMarkdown("$\\frac{1}{k}$ {{slope|.1g}}", { slope: 2 }, results), "$\\frac{1}{k}$ 2");
    assert.equal(renderMarkdown("$L_{{{k}}}$, $\\sqrt{{{k}}}$", { k: 500 }, results), "$L_{500}$, $\\sqrt{500}$");
  });

  test(".Nx writes a power of ten in LaTeX, never JavaScript's exponent notation", () => {
    assert.equal(renderMarkdown("$\\pm {{se|.1x}}$", { se: 4.2e-4 }, results), "$\\pm 4.2\\times10^{-4}$");
    assert.equal(latexScientific(-12345, 2), "-1.23\\times10^{4}");
    assert.equal(latexScientific(1.5, 1), "1.5");
    assert.equal(latexScientific(0, 1), "0.0");
    assertArgumentError(() => latexScientific(Number.POSITIVE_INFINITY, 1), "v", "latexScientific");
    assertArgumentError(() => latexScientific(1, 1.5), "digits", "latexScientific");
    assertArgumentError(() => latexScientific(1, -1), "digits", "latexScientific");
  });

  test("string values are text (escaped), markup(...) values are Markdown; numbers are never escaped", () => {
    assert.equal(renderMarkdown("{{a}} | {{b}} | {{c|.1x}}", { a: "q_φ <wide>", b: markup("$q_\\phi$"), c: 4.2e-4 }, results),
      "q\\_φ &lt;wide&gt; | $q_\\phi$ | 4.2\\times10^{-4}");
  });

  test("unknown names, unknown formats and non-finite numbers are errors naming the placeholder", () => {
    assertArgumentError(() => renderMarkdown("{{nope}}", {}, results), "{{nope}}", "renderMarkdown");
    assertArgumentError(() => renderMarkdown("{{check:nope}}", {}, results), "{{check:nope}}", "renderMarkdown");
    assertArgumentError(() => renderMarkdown("{{slope|.3z}}", {}, results), "{{slope}}", "renderMarkdown");
    assertArgumentError(() => renderMarkdown("{{v}}", { v: Number.NaN }, results), "{{v}}", "renderMarkdown");
    assertArgumentError(() => renderMarkdown(3 as never, {}, results), "template", "renderMarkdown");
  });
});

describe("chartTitle", () => {
  test("a string, a title object's text (lines joined), else 'chart'", () => {
    assert.equal(chartTitle({ title: "plain" } as never), "plain");
    assert.equal(chartTitle({ title: { text: "main", subtitle: "sub" } } as never), "main");
    assert.equal(chartTitle({ title: { text: ["one", "two"] } } as never), "one two");
    assert.equal(chartTitle({ title: ["a", "b"] } as never), "a b");
    assert.equal(chartTitle({} as never), "chart");
    assert.equal(chartTitle({ title: { subtitle: "only" } } as never), "chart");
  });
});
