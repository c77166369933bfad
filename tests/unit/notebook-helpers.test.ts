import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderTable, renderImageGrid, imageGridPng, imageGridCaption, renderVerdict, renderChart, startNotebook, record, check, claim, sanity, exercise, checkWithinStandardErrors, CheckFailedError, progress, resultsDirectory } from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

useBackend();

describe("notebook helpers", () => {
  test("results: record and check write results/<name>.json; a failed check throws and is recorded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-results-"));
    process.env.ELBOLAB_RESULTS_DIR = dir;
    const nb = await startNotebook("unit-results", { seed: 5 });
    assert.equal(nb.pick("q", "f"), nb.mode === "quick" ? "q" : "f");
    record("a", 1.25, { abs: 0.1, why: "test" });
    check("ok", true, "holds", { kind: "sanity" });
    assert.throws(() => check("broken", false, "does not hold", { kind: "claim" }), (e: Error) => e instanceof CheckFailedError && /check 'broken' failed: does not hold/.test(e.message));
    assert.throws(() => checkWithinStandardErrors("mc", 1, 0, 0.1, { kind: "claim" }), /check 'mc' failed: .*10\.00 SE/);
    // a claim registered to be reported records its refutation without throwing; a sanity check cannot be
    claim("rate", { passed: false, detail: "7 SE from ½" }, { ifRefuted: "report" });
    sanity("identity", true, "exact");
    sanity("identity_verdict", { passed: true, detail: "exact, from a decision function" });
    assert.throws(() => sanity("identity_refuted", { passed: false, detail: "off by 0.3" }), /check 'identity_refuted' failed: off by 0.3/);
    assertArgumentError(() => sanity("noverdict", { passed: "yes" } as never), "verdict", "sanity");
    assertArgumentError(() => check("nokind", true, "x", undefined as never), "options.kind", "check");
    assertArgumentError(() => check("sanity_report", false, "x", { kind: "sanity", ifRefuted: "report" }), "options.ifRefuted", "check");
    assertArgumentError(() => claim("noverdict", true as never), "verdict", "claim");
    const r = JSON.parse(readFileSync(join(dir, "unit-results.json"), "utf8"));
    assert.equal(r.notebook, "unit-results");
    assert.equal(r.seed, 5);
    assert.equal(typeof r.backend, "string");
    assert.deepEqual(r.metrics, { a: 1.25 });
    assert.deepEqual(r.tolerances, { a: { abs: 0.1, why: "test" } });
    assert.deepEqual(r.checks.map((c: { name: string; kind: string; passed: boolean }) => [c.name, c.kind, c.passed]),
      [["ok", "sanity", true], ["broken", "claim", false], ["mc", "claim", false], ["rate", "claim", false], ["identity", "sanity", true],
       ["identity_verdict", "sanity", true], ["identity_refuted", "sanity", false]]);
    assert.equal(r.checks[3].reported, true);
    assert.equal(r.checks[0].reported, undefined);
    assertArgumentError(() => record("nan", Number.NaN), "value (metric 'nan')", "record");
    delete process.env.ELBOLAB_RESULTS_DIR;
  });

  test("an inconclusive claim is recorded as such and fails its cell unless reported; exercise tests name their exercise", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-results-"));
    process.env.ELBOLAB_RESULTS_DIR = dir;
    try {
      await startNotebook("unit-inconclusive", { seed: 5 });
      const noisy = { passed: false, inconclusive: true as const, detail: "too noisy to test" };
      claim("rate_reported", noisy, { ifRefuted: "report" });
      assert.throws(() => claim("rate_required", noisy), /check 'rate_required' failed: too noisy/);
      assertArgumentError(() => claim("held_and_inconclusive", { passed: true, inconclusive: true, detail: "x" } as never), "verdict", "claim");
      assertArgumentError(() => check("sanity_inconclusive", false, "x", { kind: "sanity", inconclusive: true }), "options.inconclusive", "check");
      exercise("ex_a", true, "right");
      exercise("ex_a_hidden", true, "right too", { partOf: "ex_a" });
      assertArgumentError(() => exercise("ex_b_hidden", true, "x", { partOf: "ex_b" }), "options.partOf", "exercise");
      assertArgumentError(() => exercise("ex_c_hidden", true, "x", { partOf: "ex_a_hidden" }), "options.partOf", "exercise");
      const r = JSON.parse(readFileSync(join(dir, "unit-inconclusive.json"), "utf8"));
      assert.deepEqual(r.checks.map((c: Record<string, unknown>) => [c.name, c.passed, c.reported ?? null, c.inconclusive ?? null, c.partOf ?? null]),
        [["rate_reported", false, true, true, null], ["rate_required", false, null, true, null],
         ["ex_a", true, null, null, null], ["ex_a_hidden", true, null, null, "ex_a"]]);
      assert.equal(renderVerdict(r.checks[0]).text,
        "? claim rate_reported (inconclusive: this run can neither confirm nor refute it, reported as a result): too noisy to test");
      assert.match(renderVerdict(r.checks[0]).html, /color:#9a6700;font-weight:bold">\?<\/span>/);
    } finally {
      delete process.env.ELBOLAB_RESULTS_DIR;
    }
  });

  test("startNotebook says where results go only when that is not the default results/", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-results-"));
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => { lines.push(args.join(" ")); };
    try {
      process.env.ELBOLAB_RESULTS_DIR = dir;
      await startNotebook("unit-where", { seed: 1 });
      delete process.env.ELBOLAB_RESULTS_DIR;
      await startNotebook("unit-where", { seed: 1 });
    } finally {
      console.log = log;
      delete process.env.ELBOLAB_RESULTS_DIR;
      rmSync(join(resultsDirectory(), "unit-where.json"), { force: true });
    }
    assert.deepEqual(lines.filter((l) => l.startsWith("results →")), [`results → ${join(dir, "unit-where.json")}`]);
  });

  test("a verdict is one line with its mark, name and detail, escaped in HTML", () => {
    const ok = renderVerdict({ name: "bound", passed: true, detail: "L_5 < log p" });
    assert.equal(ok.text, "✓ bound: L_5 < log p");
    assert.match(ok.html, /✓<\/span> <b>bound<\/b>: L_5 &lt; log p/);
    assert.equal(renderVerdict({ name: "gap", passed: false, detail: "3 SE" }).text, "✗ gap: 3 SE");
    assert.equal(renderVerdict({ name: "gap", kind: "claim", passed: true, detail: "3 SE" }).text, "✓ claim gap: 3 SE");
    assert.equal(renderVerdict({ name: "rate", kind: "claim", passed: false, detail: "7 SE", reported: true }).text,
      "✗ claim rate (not borne out by this run, reported as a result): 7 SE");
  });

  test("startNotebook rejects a bad name or seed", async () => {
    await assert.rejects(startNotebook("../escape", { seed: 1 }), /Argument 'name' passed to 'startNotebook'/);
    await assert.rejects(startNotebook("x", { seed: -2 }), /Argument 'options.seed' passed to 'startNotebook'/);
  });

  test("tables render as HTML and text from records", () => {
    const fromRecords = renderTable([{ k: 1, L: -93.123456789 }, { k: 5, L: -91.5 }], { caption: "bounds <k>" });
    assert.match(fromRecords.html, /<caption>bounds &lt;k&gt;<\/caption>/);
    assert.match(fromRecords.html, /<th style="text-align:right">k<\/th><th style="text-align:right">L<\/th>/);
    assert.match(fromRecords.html, />-93\.1235</);
    // a wide table scrolls inside its output area instead of being cut at the edge
    assert.match(fromRecords.html, /^<div class="elbolab-table-scroll" style="overflow-x:auto;max-width:100%"><table [^]*<\/table><\/div>$/);
    assert.match(fromRecords.text, /k\s+L\n/);
    const mixed = renderTable([{ a: 2, b: "y" }, { a: Number.POSITIVE_INFINITY }]);
    // headers align like their columns: a (numbers) right, b (text) left
    assert.match(mixed.html, /<th style="text-align:right">a<\/th><th style="text-align:left">b<\/th>/);
    const num = "text-align:right;white-space:nowrap";
    assert.match(mixed.html, new RegExp(`<td style="${num}">2</td><td style="text-align:left">y</td>`));
    assert.match(mixed.html, new RegExp(`<td style="${num}">∞</td><td style="text-align:left"></td>`));
    // a tiny number keeps its exponent on the same line as its mantissa
    const tiny = renderTable([{ gap: -3.3307e-16 }]);
    assert.match(tiny.html, new RegExp(`<td style="${num}">-3.3307e-16</td>`));
    assertArgumentError(() => renderTable(42 as never), "input", "renderTable");
    assertArgumentError(() => renderTable({ columns: ["a"], values: [[1]] } as never), "input", "renderTable");
  });

  test("image grids render as an HTML figure with the caption and labels, a PNG and text", () => {
    const pixels = new Float32Array(2 * 3 * 4).fill(0.5);
    const options = { rows: 2, cols: 3, side: 2, caption: "β = 4 <x>", rowLabels: ["KL 1.5", "KL 0"],
                      columnLabels: ["−1", "0", "1"] };
    const { html, png, text } = renderImageGrid(pixels, options);
    const caption = "β = 4 &lt;x&gt;; rows (top to bottom): KL 1.5, KL 0; columns (left to right): −1, 0, 1";
    assert.equal(html, `<figure class="elbolab-image-grid"><img src="data:image/png;base64,${png}" ` +
      `alt="${caption}"><figcaption>${caption}</figcaption></figure>`);
    assert.equal(png, imageGridPng(pixels, options).toString("base64"));
    assert.deepEqual([...Buffer.from(png, "base64").subarray(1, 4)], [...Buffer.from("PNG")]);
    assert.match(text, /^<image grid 2×3: β = 4 <x>; rows \(top to bottom\): KL 1\.5, KL 0; /);
    assert.equal(imageGridCaption({ rows: 1, cols: 1, side: 1, caption: 'a "q"' }), 'a "q"');
    assert.match(renderImageGrid([0], { rows: 1, cols: 1, side: 1, caption: 'a "q"' }).html, /alt="a &quot;q&quot;"/);
    assert.doesNotMatch(renderImageGrid([0], { rows: 1, cols: 1, side: 1 }).html, /figcaption/);
    assertArgumentError(() => imageGridCaption({ ...options, rowLabels: ["a"] }), "options.rowLabels", "imageGridCaption");
    assertArgumentError(() => imageGridCaption({ ...options, columnLabels: [] }), "options.columnLabels", "imageGridCaption");
  });

  test("charts render headless to SVG and PNG, and report their own size (the PNG is twice that)", async () => {
    const { svg, png, width, height } = await renderChart({
      title: "t", width: 100, height: 80, data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
      mark: "line", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
    assert.match(svg, /^<svg/);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(width > 100 && height > 80, `chart size ${width} × ${height} includes axes around the 100 × 80 plot`);
    assert.equal(png.readUInt32BE(16), Math.round(2 * width), "PNG width is twice the displayed width");
    assert.equal(png.readUInt32BE(20), Math.round(2 * height), "PNG height is twice the displayed height");
    await assert.rejects(renderChart(null as never), /Argument 'spec' passed to 'renderChart'/);
  });

  test("a progress bar works outside a kernel and checks its total", () => {
    const bar = progress(3, "unit", 0);
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => { lines.push(String(chunk)); return true; }) as typeof write;
    try {
      bar.tick(); bar.tick(2, "status"); bar.done("69.7 s, 2 loaded from cache");
    } finally {
      process.stderr.write = write;
    }
    const last = lines[lines.length - 1];
    assert.match(last, /^unit \[#+\] 3\/3 [\d.]+ s elapsed {2}2 loaded from cache\n$/, `final line: ${last}`);
    assert.doesNotMatch(last, /69\.7/, "the duration given as status is not printed beside the elapsed time");
    assertArgumentError(() => progress(0, "x"), "total", "progress");
  });
});
