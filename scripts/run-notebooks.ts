/**
 * The main job (`npm run reproduce`): executes every notebook in full mode through the real tslab
 * kernel, writes each executed notebook and its HTML rendering (charts embedded as PNG, readable
 * offline) to output/full/, results to results/, and prints a summary: notebook, checks passed /
 * failed, wall time. Exits non-zero when any notebook fails.
 *
 *   node --import tsx scripts/run-notebooks.ts [--mode full|quick] [--out output] [--jobs 2] [--only 03,04]
 */
import { cpus } from "node:os";
import { join, basename } from "node:path";
import { executeNotebook, listNotebooks, runPool, ROOT, type Mode } from "./notebook-runner";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const mode = option("mode", "full") as Mode;
  if (mode !== "full" && mode !== "quick") throw new Error(`--mode must be full or quick, got ${mode}`);
  const outDir = join(ROOT, option("out", "output"), mode);
  const jobs = Number(option("jobs", String(Math.min(2, cpus().length))));
  const only = option("only", "").split(",").filter(Boolean);
  const notebooks = listNotebooks().filter((p) => only.length === 0 || only.some((o) => basename(p).startsWith(o)));
  console.log(`Executing ${notebooks.length} notebooks in ${mode} mode, ${jobs} at a time; output in ${outDir}`);
  const start = Date.now();
  const outcomes = await runPool(
    notebooks.map((p) => async () => {
      const o = await executeNotebook(p, { mode, outDir, resultsDir: join(ROOT, "results"), html: true, timeoutSeconds: 4 * 3600 });
      console.log(`  ${o.ok ? "done  " : "FAILED"} ${o.notebook} (${o.seconds.toFixed(1)} s)`);
      return o;
    }),
    jobs,
  );
  const rows = outcomes.map((o) => {
    const checks = o.results?.checks ?? [];
    const passed = checks.filter((c) => c.passed).length;
    return {
      notebook: o.notebook,
      status: o.ok && o.results && passed === checks.length ? "ok" : "FAILED",
      checks: `${passed} passed, ${checks.length - passed} failed`,
      seconds: o.seconds.toFixed(1),
    };
  });
  const widths = ["notebook", "status", "checks", "seconds"].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k as keyof typeof r]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log("\n" + line(["notebook", "status", "checks", "seconds"]));
  for (const r of rows) console.log(line([r.notebook, r.status, r.checks, r.seconds]));
  console.log(`\nTotal wall time ${((Date.now() - start) / 1000).toFixed(1)} s. HTML and executed notebooks: ${outDir}`);
  for (const o of outcomes.filter((x) => !x.ok)) console.log(`\n${o.notebook}:\n${o.error}`);
  if (rows.some((r) => r.status !== "ok")) process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
