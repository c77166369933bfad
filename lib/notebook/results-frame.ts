/**
 * A notebook's recorded results as DataFrames: `loadResultsFrames("04-k-sample-bound")` reads
 * `<dir>/04-k-sample-bound.json` from each of `directories` (default: the results directory alone;
 * pass `["results", "results/interactive"]` to put a headless and an interactive run side by side) and
 * returns two danfojs DataFrames, one row per recorded number or check:
 *
 *   metrics: run, mode, backend, seed, startedAt, metric, value
 *   checks:  run, mode, backend, seed, startedAt, check, passed, detail
 *
 * `run` is the directory as given. A student can then `groupby(["metric"])`, pivot the runs across the
 * columns with `pivotWider`, or `saveTable` either frame.
 *
 * Errors (ArgumentError naming the argument and `loadResultsFrames`): a notebook name that is not a
 * file name, no directories, a missing or unreadable file, a file that is not JSON or not a results
 * file of that notebook, a metric that is not a finite number (named), a check without a boolean
 * `passed`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ArgumentError } from "../errors";
import { toDataFrame, type DataFrame } from "./data-frame";
import { resultsDirectory } from "./results";

const FN = "loadResultsFrames";

function readRun(notebook: string, dir: string): Record<string, unknown> {
  const path = join(resolve(dir), `${notebook}.json`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ArgumentError("directories", FN, `holds no readable results of ${notebook} (${path}): ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ArgumentError("directories", FN, `the results file ${path} is not valid JSON (${(e as Error).message})`);
  }
  const r = data as Record<string, unknown>;
  if (r === null || typeof r !== "object" || r.notebook !== notebook || typeof r.metrics !== "object" || !Array.isArray(r.checks)) {
    throw new ArgumentError("directories", FN, `the file ${path} is not a results file of ${notebook} ` +
      "({ notebook, mode, backend, seed, metrics, checks })");
  }
  return r;
}

/** The metrics and checks of one or more runs of `notebook` (see the module comment). */
export function loadResultsFrames(
  notebook: string, directories: string[] = [resultsDirectory()],
): { metrics: DataFrame; checks: DataFrame } {
  if (typeof notebook !== "string" || !/^[\w.-]+$/.test(notebook)) {
    throw new ArgumentError("notebook", FN, `must be a notebook's file name without .ipynb, got ${JSON.stringify(notebook)}`);
  }
  if (!Array.isArray(directories) || directories.length === 0 || directories.some((d) => typeof d !== "string" || d === "")) {
    throw new ArgumentError("directories", FN, "must be a non-empty array of directory paths");
  }
  const metrics: Record<string, unknown>[] = [];
  const checks: Record<string, unknown>[] = [];
  for (const dir of directories) {
    const r = readRun(notebook, dir);
    const run = { run: dir, mode: r.mode, backend: r.backend, seed: r.seed, startedAt: r.startedAt };
    for (const [metric, value] of Object.entries(r.metrics as Record<string, unknown>)) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new ArgumentError("directories", FN, `metric '${metric}' of ${join(dir, notebook)}.json is ${JSON.stringify(value)}, not a finite number`);
      }
      metrics.push({ ...run, metric, value });
    }
    for (const c of r.checks as Record<string, unknown>[]) {
      if (typeof c?.name !== "string" || typeof c.passed !== "boolean") {
        throw new ArgumentError("directories", FN, `a check of ${join(dir, notebook)}.json has no name or no boolean 'passed'`);
      }
      checks.push({ ...run, check: c.name, passed: c.passed, detail: String(c.detail ?? "") });
    }
  }
  if (metrics.length === 0) throw new ArgumentError("directories", FN, `the results of ${notebook} record no metrics`);
  if (checks.length === 0) throw new ArgumentError("directories", FN, `the results of ${notebook} record no checks`);
  return { metrics: toDataFrame(metrics, { metrics: ["value"], fn: FN }), checks: toDataFrame(checks, { fn: FN }) };
}
