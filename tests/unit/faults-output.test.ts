/**
 * Issue 20, "Chart and table safety" and the injection finding, as tests: a chart spec can neither end the
 * process nor draw a silently empty or incomplete chart; values in Markdown, tables and captions are text,
 * never markup; the exported HTML runs nothing an output brought in. Every child process and export is
 * bounded by a timeout.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  renderChart, renderMarkdown, markup, escapeMarkdown, renderTable, tableCells, showTable, renderImageGrid,
  renderVerdict, ArgumentError, type ChartSpec,
} from "elbolab";
import { assertArgumentError } from "./setup";
import { assertInertHtml, jupyterPython } from "../html-inspect";

const ROOT = resolve(__dirname, "..", "..");
const INJECTION = "<img src=x onerror=alert(1)>";
const encoding = { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } as const;
const values = [{ x: 1, y: 2 }, { x: 2, y: 3 }, { x: 3, y: 1 }];

/** Rejects with an ArgumentError naming `argument` and renderChart. */
async function rejectsNaming(spec: unknown, argument: string): Promise<void> {
  await assert.rejects(renderChart(spec as ChartSpec), (e: Error) => {
    assert.ok(e instanceof ArgumentError, `an ArgumentError, got ${e.name}: ${e.message}`);
    assert.equal((e as ArgumentError).argument, argument, e.message);
    assert.equal((e as ArgumentError).fn, "renderChart");
    return true;
  });
}

describe("chart specs are checked before vega sees them", () => {
  test("an href channel, anywhere, is a rejected promise in a process that lives on (child process)", () => {
    for (const mode of ["renderChart", "view"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tests", "fixtures", "chart-href-child.ts"), mode],
        { cwd: ROOT, encoding: "utf8", timeout: 90_000 });
      assert.equal(r.signal, null, `${mode}: not killed by the timeout`);
      assert.equal(r.status, 0, `${mode}: the child exited normally (stderr: ${r.stderr.slice(-2000)})`);
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "null");
      if (mode === "renderChart") {
        assert.equal(out.rejected, true);
        assert.match(out.message, /Argument 'spec\.encoding\.href' passed to 'renderChart' must not be set/);
      } else {
        // the spec check bypassed: vega renders with the offline loader, which refuses both links and
        // resolves (vega-scenegraph reads the resolved value in a callback nobody catches)
        assert.equal(out.svg, true);
        assert.equal(out.hrefs, 0, "no link reached the SVG");
        assert.equal(out.refusals.length, 2);
        assert.match(out.refusals[1], /must not load anything \(asked for "javascript:alert\(1\)"\)/);
      }
    }
  });

  test("href and url anywhere outside the data values, and image marks, are errors naming the path", async () => {
    await rejectsNaming({ data: { values }, mark: { type: "point", href: "https://example.org" }, encoding }, "spec.mark.href");
    await rejectsNaming({ data: { values }, mark: "point", encoding, config: { mark: { href: "x" } } }, "spec.config.mark.href");
    await rejectsNaming({ layer: [{ data: { values }, mark: "point", encoding },
      { data: { values }, mark: "point", encoding: { ...encoding, href: { field: "x" } } }] }, "spec.layer[1].encoding.href");
    await rejectsNaming({ data: { values }, mark: "image", encoding: { ...encoding, url: { field: "u" } } }, "spec.mark");
    await rejectsNaming({ data: { values }, mark: { type: "image", width: 5 }, encoding }, "spec.mark.type");
    await rejectsNaming({ data: { values }, mark: "point", encoding: { ...encoding, url: { value: "a.png" } } }, "spec.encoding.url");
    await rejectsNaming({ data: { url: "https://example.org/data.json" }, mark: "point", encoding }, "spec.data.url");
    await rejectsNaming({ hconcat: [{ data: { values }, mark: "point", encoding }, { data: { url: "/etc/passwd" }, mark: "point", encoding }] },
      "spec.hconcat[1].data.url");
  });

  test("a data name that no dataset provides is an error, a provided one draws its points", async () => {
    await rejectsNaming({ data: { name: "table" }, mark: "point", encoding }, "spec.data.name");
    await rejectsNaming({ datasets: { table: values }, data: { name: "table" }, mark: "point", encoding,
      transform: [{ lookup: "x", from: { data: { name: "other" }, key: "x", fields: ["z"] } }] }, "spec.transform[0].from.data.name");
    await assert.rejects(renderChart({ data: { name: "nope" }, mark: "point", encoding } as ChartSpec),
      /names no data set: 'nope' is not a key of spec\.datasets \(there is none\); the chart would be empty/);
    const named = await renderChart({ datasets: { table: values }, data: { name: "table" }, mark: "point", encoding } as ChartSpec);
    const inline = await renderChart({ data: { values }, mark: "point", encoding } as ChartSpec);
    const symbols = (svg: string) => (svg.match(/aria-roledescription="point"/g) ?? []).length;
    assert.equal(symbols(named.svg), values.length);
    assert.equal(symbols(named.svg), symbols(inline.svg));
  });

  test("fields named url or href in the data are data; params with bind pass", async () => {
    const data = values.map((v) => ({ ...v, url: "https://example.org", href: "javascript:alert(1)" }));
    const chart = await renderChart({ data: { values: data }, mark: "point", encoding: { ...encoding, tooltip: { field: "href" } },
      params: [{ name: "size", value: 40, bind: { input: "range", min: 10, max: 100, step: 10 } }] } as ChartSpec);
    assert.equal((chart.svg.match(/aria-roledescription="point"/g) ?? []).length, values.length);
    assert.ok(!/href=/.test(chart.svg));
  });

  test("an expression that throws while vega runs, and a reference cycle, are errors, not an empty chart", async () => {
    await assert.rejects(renderChart({ data: { values }, transform: [{ calculate: "datum.x.y.z", as: "w" }], mark: "point",
      encoding: { x: { field: "w", type: "quantitative" }, y: encoding.y } } as ChartSpec),
    /Argument 'spec' passed to 'renderChart' failed while vega ran it: Cannot read properties of undefined/);
    const cyclic: Record<string, unknown> = { data: { values }, mark: "point", encoding };
    (cyclic.encoding as Record<string, unknown>) = { ...encoding, color: { value: "red" } };
    (cyclic.encoding as Record<string, Record<string, unknown>>).color.self = cyclic.encoding;
    await rejectsNaming(cyclic, "spec.encoding.color.self");
    await rejectsNaming(null, "spec");
  });
});

describe("Markdown values are text unless passed as markup", () => {
  const results = { metrics: {}, checks: [{ name: "a`b", passed: true }] };

  test("a string value cannot add HTML, links, images, emphasis, math or structure", () => {
    const md = renderMarkdown("label: {{v}}.", { v: `${INJECTION} [x](javascript:alert(1)) ![i](y) *e* _u_ $x$ \`c\` \\ & #\n# h | t ~s~` }, results);
    assert.equal(md, "label: &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) \\!\\[i\\](y) \\*e\\* \\_u\\_ " +
      "\\$x\\$ \\`c\\` \\\\ &amp; \\# \\# h \\| t \\~s\\~.");
    assert.ok(!/[<>]/.test(md), "no angle bracket survives");
    for (const c of "*_[]`$!#|~") assert.ok(!new RegExp(`(^|[^\\\\])\\${c}`).test(md.slice(7)), `every ${c} is escaped`);
    assert.equal(escapeMarkdown("plain text, 1.5 (k = 2) − ×"), "plain text, 1.5 (k = 2) − ×", "ordinary text is unchanged");
  });

  test("markup(...) is inserted as written; a check name is a code span whatever it holds", () => {
    assert.equal(renderMarkdown("{{m}} and {{s}}", { m: markup("$L_{5}$ **b**"), s: "$L_{5}$" }, results), "$L_{5}$ **b** and \\$L\\_\\{5\\}\\$");
    assert.equal(renderMarkdown("{{check:a`b}}", {}, results), "✓ ``a`b``");
    assertArgumentError(() => markup(3 as never), "text", "markup");
    assertArgumentError(() => renderMarkdown("{{v}}", { v: { toString: () => INJECTION } as never }, results), "{{v}}", "renderMarkdown");
    assertArgumentError(() => renderMarkdown("{{v}}", { v: null as never }, results), "{{v}}", "renderMarkdown");
    assertArgumentError(() => escapeMarkdown(1 as never), "s", "escapeMarkdown");
  });
});

describe("tables: no silent NaN, no [object Object]", () => {
  test("NaN, null, objects, arrays and functions are errors naming the row, column and function", () => {
    assertArgumentError(() => renderTable([{ a: 1 }, { a: Number.NaN }]), 'input[1]["a"]', "renderTable");
    assert.throws(() => renderTable([{ "next term": Number.NaN }]), /is NaN \(column 'next term', row 0\): a table shows no silent NaN/);
    assertArgumentError(() => showTable([{ a: null }]), 'input[0]["a"]', "showTable");
    assertArgumentError(() => showTable([{ a: { b: 1 } }]), 'input[0]["a"]', "showTable");
    assert.throws(() => renderTable([{ a: [1, 2] }]), /is an array \(column 'a', row 0\)/);
    assert.throws(() => renderTable([{ a: () => 1 }]), /is a function/);
    assertArgumentError(() => tableCells([{ a: {} }]), 'input[0]["a"]', "tableCells");
    assertArgumentError(() => renderTable([null as never]), "input[0]", "renderTable");
    assertArgumentError(() => renderTable([{ a: 1 }], { digits: 0 }), "options.digits", "renderTable");
    assertArgumentError(() => renderTable([{ a: 1 }], { caption: 5 as never }), "options.caption", "renderTable");
    assertArgumentError(() => renderTable([{ a: 1 }], { missing: 5 as never }), "options.missing", "renderTable");
  });

  test("options.missing shows NaN and null as the caller's text, aligned with their column", () => {
    const t = renderTable([{ k: 1, v: Number.NaN }, { k: 2, v: 0.5 }, { k: 3, v: null }], { missing: "—" });
    const right = "text-align:right;white-space:nowrap";
    assert.match(t.html, /<th style="text-align:right">v<\/th>/);
    assert.match(t.html, new RegExp(`<td style="${right}">1</td><td style="${right}">—</td>`));
    assert.match(t.html, new RegExp(`<td style="${right}">3</td><td style="${right}">—</td>`));
    assert.deepEqual(tableCells([{ a: Number.NaN, b: undefined, c: Number.NEGATIVE_INFINITY, d: true }], 6, "n/a").rows, [["n/a", "", "−∞", "true"]]);
  });

  test("cells, headers and captions are escaped", () => {
    const t = renderTable([{ [INJECTION]: INJECTION }], { caption: INJECTION });
    assert.ok(!t.html.includes("<img"), t.html);
    assert.equal(t.html.split("&lt;img src=x onerror=alert(1)&gt;").length - 1, 3);
  });
});

describe("image-grid captions and check verdicts are escaped", () => {
  test("no tag from a caption, a label, a check name or a detail", () => {
    const grid = renderImageGrid(new Float32Array(4).fill(0), { rows: 1, cols: 1, side: 2, caption: INJECTION,
      rowLabels: ['"><script>alert(2)</script>'], columnLabels: [INJECTION] });
    assert.equal((grid.html.match(/<img/g) ?? []).length, 1, "only the grid's own image");
    assert.ok(!grid.html.includes("<script"), grid.html);
    const attribute = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    assert.ok(grid.html.includes(`alt="${attribute(`${INJECTION}; rows (top to bottom): "><script>alert(2)</script>; ` +
      `columns (left to right): ${INJECTION}`)}"`), "the alt attribute holds the whole caption, escaped");
    const verdict = renderVerdict({ name: INJECTION, passed: true, detail: INJECTION });
    assert.ok(!verdict.html.includes("<img"), verdict.html);
  });
});

describe("the HTML export runs nothing an output brought in", () => {
  test("escaped values and hostile raw outputs: no event handler, no script URL, no foreign script; the text shows", () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-export-"));
    try {
      const table = renderTable([{ file: INJECTION }], { caption: INJECTION });
      const output = (data: Record<string, string>) => ({ output_type: "display_data", data, metadata: {} });
      const nb = {
        nbformat: 4, nbformat_minor: 5, metadata: {},
        cells: [
          { cell_type: "markdown", id: "m", metadata: {}, source: "# Values $x^2$" },
          { cell_type: "code", id: "c", metadata: {}, execution_count: 1, source: "showMarkdown(...)", outputs: [
            output({ "text/markdown": renderMarkdown("label {{v}}", { v: INJECTION }, { metrics: {}, checks: [] }), "text/plain": "" }),
            output({ "text/html": table.html, "text/plain": table.text }),
            // what the library never writes, but a hand-edited or foreign notebook may hold
            output({ "text/markdown": renderMarkdown("raw {{v}}", { v: markup(`${INJECTION} [l](javascript:alert(2))`) }, { metrics: {}, checks: [] }) }),
            output({ "text/html": `<div onclick="alert(3)">x</div><a href=" java\tscript:alert(4)">l</a><iframe srcdoc="<script>alert(5)</script>"></iframe>` +
              `<svg><style><img src=x onerror=alert(6)></style><a xlink:href="javascript:alert(7)"><text>t</text></a></svg><script>alert(8)</script>` }),
            output({ "application/javascript": "alert(9)", "text/plain": "js" }),
          ] },
        ],
      };
      const nbPath = join(dir, "nb.ipynb"), htmlPath = join(dir, "nb.html");
      writeFileSync(nbPath, JSON.stringify(nb));
      const code = "import sys, nbformat; sys.path.insert(0, sys.argv[3]); from export_html import export_html; " +
        "export_html(nbformat.read(sys.argv[1], as_version=4), sys.argv[2])";
      const r = spawnSync(jupyterPython(), ["-c", code, nbPath, htmlPath, join(ROOT, "scripts")], { encoding: "utf8", timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const { text } = assertInertHtml(htmlPath);
      assert.ok(text.includes(`label ${INJECTION}`), "the escaped Markdown value reads as the characters it holds");
      assert.ok(text.includes(INJECTION), "the table cell reads as its characters");
      assert.ok(text.includes("<script>alert(8)</script>"), "a removed script is shown as text");
      assert.ok(!readFileSync(htmlPath, "utf8").includes("alert(9)"), "a JavaScript output is not copied into the page");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
