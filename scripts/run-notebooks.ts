/**
 * The main job (`npm run reproduce`): executes every notebook in full mode through the real tslab
 * kernel, writes each executed notebook and its HTML rendering (charts embedded as PNG, readable
 * offline) to output/full/, results to results/, and a summary (notebook, status, checks passed /
 * failed, wall time, then each failure's error) to the console and to output/full/summary.txt.
 * Exits non-zero when any notebook fails.
 *
 * One notebook's failure (a cell error, a dead kernel, a corrupt results file) never stops the others:
 * the summary file is rewritten as each notebook finishes, so it exists even when the run is
 * interrupted (SIGINT / SIGTERM stop the running notebooks' kernels, whose clients then save the notebook
 * and HTML so far with the interruption shown, write the summary and exit 130/143).
 *
 *   node --import tsx scripts/run-notebooks.ts [--mode full|quick] [--out output] [--jobs 2] [--only 03,04]
 *                                              [--notebooks notebooks] [--results results]
 */
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, basename, resolve } from "node:path";
import { endAllExecutions, executeNotebook, listNotebooks, runPool, ROOT, type ExecutionOutcome, type Mode } from "./notebook-runner";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The summary table and every failure's error, as printed and as written to summary.txt. */
function summaryText(notebooks: string[], outcomes: (ExecutionOutcome | undefined)[], seconds: number, outDir: string, state: string): string {
  const rows = notebooks.map((p, i) => {
    const o = outcomes[i];
    if (!o) return { notebook: basename(p, ".ipynb"), status: state === "interrupted" ? "interrupted" : "not finished", checks: "", seconds: "" };
    const checks = o.results?.checks ?? [];
    const passed = checks.filter((c) => c.passed).length;
    // a claim registered with ifRefuted: "report" and not borne out is a result of the run, not a failure
    const reported = checks.filter((c) => !c.passed && c.reported).length;
    const inconclusive = checks.filter((c) => !c.passed && c.reported && c.inconclusive).length;
    return {
      notebook: o.notebook,
      status: o.ok && o.results && passed + reported === checks.length ? "ok" : "FAILED",
      checks: `${passed} passed, ${checks.length - passed - reported} failed` +
        (reported - inconclusive ? `, ${reported - inconclusive} claim(s) not borne out (reported)` : "") +
        (inconclusive ? `, ${inconclusive} claim(s) inconclusive (reported)` : ""),
      seconds: o.seconds.toFixed(1),
    };
  });
  const keys = ["notebook", "status", "checks", "seconds"] as const;
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const parts = [line([...keys]), ...rows.map((r) => line(keys.map((k) => r[k])))];
  parts.push("", `${state === "done" ? "Total" : `Run ${state}; so far`} wall time ${seconds.toFixed(1)} s. HTML and executed notebooks: ${outDir}`);
  for (const o of outcomes) {
    if (!o) continue;
    const noResults = o.ok && !o.results ? "the notebook recorded no results" : "";
    if (!o.ok || noResults) parts.push("", `${o.notebook}:`, o.error || noResults);
  }
  return parts.join("\n") + "\n";
}

async function main() {
  const mode = option("mode", "full") as Mode;
  if (mode !== "full" && mode !== "quick") throw new Error(`--mode must be full or quick, got ${mode}`);
  const outDir = resolve(ROOT, option("out", "output"), mode);
  const resultsDir = resolve(ROOT, option("results", "results"));
  const jobs = Number(option("jobs", String(Math.min(2, cpus().length))));
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be an integer ≥ 1, got ${option("jobs", "")}`);
  const only = option("only", "").split(",").filter(Boolean);
  const notebooks = listNotebooks(resolve(ROOT, option("notebooks", "notebooks")))
    .filter((p) => only.length === 0 || only.some((o) => basename(p).startsWith(o)));
  mkdirSync(outDir, { recursive: true });
  const summaryPath = join(outDir, "summary.txt");
  console.log(`Executing ${notebooks.length} notebooks in ${mode} mode, ${jobs} at a time; output in ${outDir}`);
  const start = Date.now();
  const outcomes: (ExecutionOutcome | undefined)[] = new Array(notebooks.length);
  const writeSummary = (state: string) => {
    const text = summaryText(notebooks, outcomes, (Date.now() - start) / 1000, outDir, state);
    writeFileSync(summaryPath, text);
    return text;
  };
  let stopping = false;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      stopping = true;
      console.log(`\n${signal}: stopping the running notebooks (their kernels, then their partial notebooks and HTML)`);
      // then a moment for the stopped executions to record their outcomes
      void endAllExecutions(15000).then(() => new Promise((r) => setTimeout(r, 200))).finally(() => {
        console.log("\n" + writeSummary("interrupted") + `Summary: ${summaryPath}`);
        process.exit(code);
      });
    });
  }
  writeSummary("running");
  await runPool(
    notebooks.map((p, i) => async () => {
      if (stopping) return undefined; // interrupted: start nothing new
      let o: ExecutionOutcome;
      try {
        o = await executeNotebook(p, { mode, outDir, resultsDir, html: true, timeoutSeconds: 4 * 3600 });
      } catch (e) { // executeNotebook never throws; kept so that a bug there cannot stop the other notebooks
        o = { notebook: basename(p, ".ipynb"), ok: false, error: String(e), seconds: 0, executedPath: "", results: null };
      }
      outcomes[i] = o;
      console.log(`  ${o.ok ? "done  " : "FAILED"} ${o.notebook} (${o.seconds.toFixed(1)} s)`);
      writeSummary("running");
      return o;
    }),
    jobs,
  );
  if (stopping) return; // the signal handler writes the summary and exits
  console.log("\n" + writeSummary("done") + `Summary: ${summaryPath}`);
  const failed = outcomes.some((o) => !o || !o.ok || !o.results || o.results.checks.some((c) => !c.passed && !c.reported));
  if (failed) process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
