/**
 * danfojs DataFrames in the notebook helpers (issue 22): showTable/renderTable of a DataFrame,
 * pivotWider and summariseBy against values computed here from the records, CSV text and files
 * (saveTable, written whole), loadResultsFrames over one and two runs, and the errors for bad input
 * (a NaN metric names its column). Also the dependency facts the project relies on: one copy of
 * tfjs-core in node_modules, and a package named @tensorflow/tfjs-node that is the alias of plain
 * tfjs never counts as the native backend.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  toDataFrame, frameRecords, isDataFrame, assertMetricColumns, pivotWider, summariseBy, joinOn, renderTable,
  renderFoldedTable, kSweepTables, saveTables, tableCsvPath,
  tableCsv, saveTable, loadResultsFrames, loadDanfo, startNotebook, record, check, backendInfo, tf,
} from "elbolab";
import { assertArgumentError, useBackend } from "./setup";

useBackend();
const ROOT = resolve(__dirname, "..", "..");

const sweep = [
  { encoder: "narrow", k: 1, gap: 0.5, se: 0.01 },
  { encoder: "narrow", k: 10, gap: 0.125, se: 0.02 },
  { encoder: "wide", k: 1, gap: 0.75, se: 0.03 },
  { encoder: "wide", k: 10, gap: 0.25, se: 0.04 },
];

describe("DataFrames", () => {
  test("toDataFrame keeps the records; frameRecords gives them back; showTable renders a DataFrame like its records", () => {
    const df = toDataFrame(sweep, { metrics: ["gap", "se"] });
    assert.ok(isDataFrame(df));
    assert.ok(!isDataFrame(sweep));
    assert.deepEqual(frameRecords(df), sweep);
    assert.deepEqual(renderTable(df, { caption: "c" }), renderTable(sweep, { caption: "c" }));
    // describe() has a labelled index (count, mean, ...): it comes first, in a column named ""
    const d = frameRecords(df.loc({ columns: ["gap"] }).describe());
    const gaps = sweep.map((r) => r.gap);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.deepEqual(d.map((r) => r[""]).slice(0, 2), ["count", "mean"]);
    assert.equal(d[0].gap, 4);
    assert.ok(Math.abs((d[1].gap as number) - mean) <= 1e-15);
  });

  test("pivotWider puts one column per key, rows in order of first appearance (built by danfojs merge)", () => {
    const wide = frameRecords(pivotWider(toDataFrame(sweep), { index: "encoder", columns: "k", values: "gap", label: (k) => `k=${k}` }));
    assert.deepEqual(wide, [
      { encoder: "narrow", "k=1": 0.5, "k=10": 0.125 },
      { encoder: "wide", "k=1": 0.75, "k=10": 0.25 },
    ]);
    const defaultLabel = pivotWider(toDataFrame(sweep), { index: "encoder", columns: "k", values: "se" });
    assert.deepEqual(defaultLabel.columns, ["encoder", "k = 1", "k = 10"]);
    assertArgumentError(() => pivotWider(toDataFrame(sweep.slice(0, 3)), { index: "encoder", columns: "k", values: "gap" }), "df", "pivotWider");
    assertArgumentError(() => pivotWider(toDataFrame([...sweep, sweep[0]]), { index: "encoder", columns: "k", values: "gap" }), "df", "pivotWider");
    assertArgumentError(() => pivotWider(toDataFrame(sweep), { index: "encoder", columns: "beta", values: "gap" }), "spec.columns", "pivotWider");
  });

  test("pivotWider and joinOn keep the first frame's row order (danfojs merge alone sorts by the key)", () => {
    const long = toDataFrame([{ e: "z", k: 2, g: 1 }, { e: "a", k: 2, g: 2 }, { e: "z", k: 1, g: 3 }, { e: "a", k: 1, g: 4 }]);
    assert.deepEqual(frameRecords(pivotWider(long, { index: "e", columns: "k", values: "g" })),
      [{ e: "z", "k = 2": 1, "k = 1": 3 }, { e: "a", "k = 2": 2, "k = 1": 4 }]);
    const measured = toDataFrame([{ k: 5, nll: 102.6 }, { k: 1, nll: 107.9 }, { k: 50, nll: 100.8 }]);
    const paper = toDataFrame([{ k: 1, paper: 86.76 }, { k: 50, paper: 84.78 }, { k: 5, paper: 85.54 }]);
    assert.deepEqual(frameRecords(joinOn(measured, paper, "k")),
      [{ k: 5, nll: 102.6, paper: 85.54 }, { k: 1, nll: 107.9, paper: 86.76 }, { k: 50, nll: 100.8, paper: 84.78 }]);
    const named = toDataFrame([{ model: "IWAE", k: 5 }, { model: "VAE", k: 1 }]);
    assert.deepEqual(joinOn(named, paper, "k").columns, ["model", "k", "paper"], "left's columns keep their order");
    assertArgumentError(() => joinOn(measured, toDataFrame([{ k: 1, paper: 1 }]), "k"), "right", "joinOn");
    assertArgumentError(() => joinOn(measured, toDataFrame([{ k: 1, nll: 1 }, { k: 5, nll: 1 }, { k: 50, nll: 1 }]), "k"), "right", "joinOn");
    assertArgumentError(() => joinOn(measured, paper, "beta"), "on", "joinOn");
  });

  test("summariseBy: count, mean and standard error per group (danfojs groupby), against the values computed here", () => {
    const rows = [1.5, 2, 4, 7, 11].map((v, i) => ({ group: i < 3 ? "a" : "b", v }));
    rows.push({ group: "c", v: 3 });
    const s = frameRecords(summariseBy(toDataFrame(rows), ["group"], "v"));
    for (const g of ["a", "b"]) {
      const xs = rows.filter((r) => r.group === g).map((r) => r.v);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
      const row = s.find((r) => r.group === g)!;
      assert.equal(row.v_count, xs.length);
      assert.ok(Math.abs((row.v_mean as number) - m) <= 1e-14 * Math.abs(m));
      assert.ok(Math.abs((row.v_se as number) - sd / Math.sqrt(xs.length)) <= 1e-14);
    }
    const one = s.find((r) => r.group === "c")!;
    assert.equal(one.v_count, 1);
    assert.ok(one.v_se === null || one.v_se === undefined, `a group of one has no standard error, got ${one.v_se}`);
    assertArgumentError(() => summariseBy(toDataFrame(rows), ["grp"], "v"), "by", "summariseBy");
  });

  test("kSweepTables: columns name their estimator; the plain gap is log p(E) − mean L_k; k pivoted across the columns", () => {
    const logp = -7.25;
    const rows = ["shifted", "wide"].flatMap((encoder, e) => [1, 10, 100].map((k, j) => ({
      encoder, k, logp, bound: { mean: logp - 0.5 / k - 0.1 * e, se: 0.01 * (j + 1) },
      gap: { mean: 0.5 / k + 0.1 * e + 0.001, se: 0.001 / k }, predicted: e === 0 ? 0.5 / k : Infinity,
      jackknife: k === 1 ? null : { mean: logp - 0.01, se: 0.02 },
    })));
    const { long, gapByK } = kSweepTables(rows);
    const records = frameRecords(long);
    assert.equal(records.length, 6);
    assert.deepEqual(Object.keys(records[0]), ["encoder", "k", "L_k (plain mean)", "SE of L_k", "log p(E) − mean L_k",
      "gap, control variate", "SE of the CV gap", "Var(w)/(2k E[w]²)", "jackknife L_k^J", "SE of L_k^J"]);
    records.forEach((r, i) => {
      assert.equal(r["log p(E) − mean L_k"], logp - rows[i].bound.mean);
      assert.equal(r["gap, control variate"], rows[i].gap.mean);
      assert.equal(r["Var(w)/(2k E[w]²)"], rows[i].predicted);
      assert.equal(r["jackknife L_k^J"], rows[i].jackknife?.mean ?? null);
    });
    assert.deepEqual(frameRecords(gapByK), ["shifted", "wide"].map((encoder) => ({ encoder,
      ...Object.fromEntries(rows.filter((r) => r.encoder === encoder).map((r) => [`k = ${r.k}`, r.gap.mean])) })));
    assert.match(tableCsv(long), /,inf,/);
    assertArgumentError(() => kSweepTables([{ ...rows[0], gap: undefined }]), "rows", "kSweepTables");
    assertArgumentError(() => kSweepTables([{ ...rows[0], bound: { mean: Number.NaN, se: 1 } }]), "records", "kSweepTables");
    assertArgumentError(() => kSweepTables([{ ...rows[0], predicted: Number.NaN }]), "rows", "kSweepTables");
    assertArgumentError(() => kSweepTables(rows.slice(0, 5)), "rows", "kSweepTables");
    assertArgumentError(() => kSweepTables([]), "rows", "kSweepTables");
    // an encoder with an unreliable control-variate gap is flagged in the pivoted table
    const flagged = frameRecords(kSweepTables(rows, { unreliable: ["wide"] }).gapByK);
    assert.deepEqual(flagged.map((r) => r["CV gap reliable"]), ["yes", "no (see above)"]);
    assertArgumentError(() => kSweepTables(rows, { unreliable: ["narrow"] }), "options.unreliable", "kSweepTables");
  });

  test("renderFoldedTable puts the table inside a closed <details> under its summary line", () => {
    const inner = renderTable(sweep, { digits: 3 });
    const folded = renderFoldedTable(toDataFrame(sweep), { summary: "All <4> rows", digits: 3 });
    assert.equal(folded.html, `<details class="elbolab-folded"><summary>All &lt;4&gt; rows</summary>${inner.html}</details>`);
    assert.equal(folded.text, `All <4> rows\n${inner.text}`);
    assertArgumentError(() => renderFoldedTable(sweep, { summary: " " }), "options.summary", "renderFoldedTable");
  });

  test("a NaN, ∞ or missing metric is an error naming the column; bad records are errors", () => {
    assertArgumentError(() => toDataFrame([{ k: 1, gap: 0.5 }, { k: 2, gap: Number.NaN }], { metrics: ["gap"] }), "records", "toDataFrame");
    assert.throws(() => toDataFrame([{ k: 1, gap: Number.NaN }], { metrics: ["gap"] }), /column 'gap' must hold finite numbers, row 0 is NaN/);
    assert.throws(() => toDataFrame([{ k: 1, gap: Infinity }], { metrics: ["gap"] }), /column 'gap'.*row 0 is Infinity/);
    assert.throws(() => toDataFrame([{ k: 1 }, { k: 2, gap: 1 }], { metrics: ["gap"] }), /column 'gap'.*row 0/);
    assert.throws(() => assertMetricColumns(toDataFrame(sweep), ["bound"]), /has no column 'bound'/);
    assertArgumentError(() => toDataFrame([]), "records", "toDataFrame");
    assertArgumentError(() => toDataFrame([1, 2] as unknown as Record<string, unknown>[]), "records", "toDataFrame");
    assertArgumentError(() => frameRecords({ columns: [] } as never), "input", "frameRecords");
  });

  test("tableCsv: exact numbers, quoting, ±∞; NaN is an error naming the column and row", () => {
    const text = tableCsv([{ name: 'a, "b"', x: 0.1 + 0.2, y: -Infinity, z: null }, { name: " lead", x: 1e-300, y: Infinity, z: 3 }]);
    assert.equal(text, `name,x,y,z\n"a, ""b""",${0.1 + 0.2},-inf,\n" lead",1e-300,inf,3\n`);
    assert.equal(tableCsv(toDataFrame(sweep)), "encoder,k,gap,se\n" + sweep.map((r) => `${r.encoder},${r.k},${r.gap},${r.se}`).join("\n") + "\n");
    assert.throws(() => tableCsv([{ k: 1, gap: 2 }, { k: 2, gap: Number.NaN }]), /'tableCsv'.*column 'gap' is NaN in row 1/);
    assertArgumentError(() => tableCsv([]), "input", "tableCsv");
  });

  test("saveTable writes <results>/<notebook>/<name>.csv whole and says where; loadResultsFrames reads one run or two", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-frames-"));
    const second = join(dir, "interactive");
    try {
      for (const [where, value] of [[second, 2.5], [dir, 1.25]] as const) {
        process.env.ELBOLAB_RESULTS_DIR = where;
        await startNotebook("unit-frames", { seed: 7 });
        record("a", value);
        record("b", -value);
        check("holds", true, "yes", { kind: "sanity" });
      }
      const lines: string[] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => { lines.push(args.join(" ")); };
      let path: string;
      try {
        assert.equal(saveTable(toDataFrame(sweep), "gap-sweep"), undefined, "nothing to echo in a cell");
        path = tableCsvPath("gap-sweep");
      } finally {
        console.log = log;
      }
      assert.equal(path, join(dir, "unit-frames", "gap-sweep.csv"));
      assert.equal(readFileSync(path, "utf8"), tableCsv(sweep));
      assert.deepEqual(readdirSync(dirname(path)), ["gap-sweep.csv"], "no temporary file left beside it");
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^table → .*unit-frames[/\\]gap-sweep\.csv$/);
      assertArgumentError(() => saveTable(sweep, "../x"), "name", "saveTable");
      lines.length = 0;
      console.log = (...args: unknown[]) => { lines.push(args.join(" ")); };
      let paths: string[];
      try {
        assert.equal(saveTables({ a: sweep, b: toDataFrame(sweep.slice(1)) }), undefined);
        paths = [tableCsvPath("a"), tableCsvPath("b")];
        // a bad table writes none of them
        assert.throws(() => saveTables({ c: sweep, d: [{ gap: Number.NaN }] }), /'saveTables'.*column 'gap' is NaN/);
      } finally {
        console.log = log;
      }
      assert.deepEqual(paths, [join(dir, "unit-frames", "a.csv"), join(dir, "unit-frames", "b.csv")]);
      assert.equal(readFileSync(paths[1], "utf8"), tableCsv(sweep.slice(1)));
      assert.deepEqual(readdirSync(dirname(path)).sort(), ["a.csv", "b.csv", "gap-sweep.csv"]);
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^tables → .*unit-frames[/\\] a\.csv, b\.csv$/);
      assertArgumentError(() => saveTables({}), "tables", "saveTables");
      assert.throws(() => saveTable([{ gap: Number.NaN }], "nan"), /'saveTable'.*column 'gap' is NaN/);

      const one = loadResultsFrames("unit-frames");
      assert.deepEqual(frameRecords(one.metrics).map((r) => [r.metric, r.value, r.seed]), [["a", 1.25, 7], ["b", -1.25, 7]]);
      assert.deepEqual(frameRecords(one.checks).map((r) => [r.check, r.passed]), [["holds", true]]);
      const both = loadResultsFrames("unit-frames", [dir, second]);
      const wide = frameRecords(pivotWider(both.metrics, { index: "metric", columns: "run", values: "value", label: (r) => (r === dir ? "headless" : "interactive") }));
      assert.deepEqual(wide, [{ metric: "a", headless: 1.25, interactive: 2.5 }, { metric: "b", headless: -1.25, interactive: -2.5 }]);

      assertArgumentError(() => loadResultsFrames("unit-frames", [join(dir, "missing")]), "directories", "loadResultsFrames");
      const bad = join(dir, "bad");
      mkdirSync(bad);
      writeFileSync(join(bad, "unit-frames.json"), "{ truncated");
      assert.throws(() => loadResultsFrames("unit-frames", [bad]), /'loadResultsFrames'.*not valid JSON/);
      writeFileSync(join(bad, "unit-frames.json"), JSON.stringify({ notebook: "unit-frames", metrics: { x: "1" }, checks: [] }));
      assert.throws(() => loadResultsFrames("unit-frames", [bad]), /metric 'x' .* not a finite number/);
      writeFileSync(join(bad, "unit-frames.json"), JSON.stringify({ notebook: "other", metrics: {}, checks: [] }));
      assert.throws(() => loadResultsFrames("unit-frames", [bad]), /not a results file of unit-frames/);
      assertArgumentError(() => loadResultsFrames("../x"), "notebook", "loadResultsFrames");
      assertArgumentError(() => loadResultsFrames("unit-frames", []), "directories", "loadResultsFrames");
    } finally {
      delete process.env.ELBOLAB_RESULTS_DIR;
    }
  });
});

describe("the dependencies danfojs-node brings (package.json overrides)", () => {
  test("npm ls @tensorflow/tfjs-core shows one version, and node_modules holds one copy of it", () => {
    const tree = JSON.parse(execFileSync("npm", ["ls", "@tensorflow/tfjs-core", "--all", "--json"], { cwd: ROOT, encoding: "utf8" }));
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> = {}) => {
      for (const [name, d] of Object.entries(deps)) {
        if (name === "@tensorflow/tfjs-core" && d.version) versions.add(d.version);
        walk(d.dependencies as never);
      }
    };
    walk(tree.dependencies);
    assert.deepEqual([...versions], [tf.version["tfjs-core"]]);
    const copies: string[] = [];
    const scan = (dir: string, depth: number) => {
      let names: string[];
      try { names = readdirSync(dir); } catch { return; }
      for (const n of names) {
        const p = join(dir, n);
        if (n.startsWith("@")) { scan(p, depth); continue; }
        if (p.endsWith(join("@tensorflow", "tfjs-core"))) copies.push(p);
        if (depth < 4) scan(join(p, "node_modules"), depth + 1);
      }
    };
    scan(join(ROOT, "node_modules"), 0);
    assert.deepEqual(copies, [join(ROOT, "node_modules", "@tensorflow", "tfjs-core")]);
  });

  test("danfojs-node loads on the tfjs-core elbolab uses and keeps the backend in use", () => {
    const before = tf.getBackend();
    loadDanfo();
    assert.equal(tf.getBackend(), before);
    const fromDanfo = require.resolve("@tensorflow/tfjs-core", { paths: [dirname(require.resolve("@tensorflow/tfjs-node", { paths: [dirname(require.resolve("danfojs-node"))] }))] });
    assert.equal(fromDanfo, require.resolve("@tensorflow/tfjs-core"));
  });

  test("a package named @tensorflow/tfjs-node that is plain tfjs (the alias) is not taken for the native backend", () => {
    const pkg = JSON.parse(readFileSync(require.resolve("@tensorflow/tfjs-node/package.json", { paths: [join(ROOT, "lib", "dist")] }), "utf8"));
    const info = backendInfo();
    assert.ok(info, "the backend was started");
    const line = info.log.find((l) => l.startsWith("tensorflow:"));
    if (pkg.name === "@tensorflow/tfjs") {
      // the npm alias of danfojs-node's override is what resolves: it must be skipped by name
      assert.notEqual(info.name, "tensorflow");
      if (info.requested === "auto") assert.match(line ?? "", /an alias, not the native binding/);
      assert.equal(tf.findBackendFactory("tensorflow"), null);
    } else {
      // `npm run native:setup` installed the real binding: then it is the binding's own package
      assert.equal(pkg.name, "@tensorflow/tfjs-node");
    }
  });
});
