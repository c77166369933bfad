/**
 * What a notebook records. `startNotebook` reads the mode and seed (the notebook's parameters),
 * starts the backend, and opens `results/<notebook>.json`:
 *
 *   { notebook, mode, backend, seed, metrics: {name: number}, tolerances: {name: {abs, rel, why}},
 *     checks: [{name, passed, detail}] }
 *
 * The file is rewritten after every `record` and `check`, so a run that fails half-way leaves what
 * it measured and the failed check. The regression harness (tests/notebooks) reads it and compares
 * the metrics with tests/snapshots/<notebook>.json.
 *
 * Mode: $ELBOLAB_MODE, "quick" (the tests; also the default when unset) or "full" (the complete
 * reproduction). Seed: the notebook's own, unless $ELBOLAB_SEED overrides it.
 */
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ArgumentError, assertFiniteNumber } from "../errors";
import { initBackend, type BackendInfo } from "../backend";
import { assertSeed, parseSeed } from "../random";
import { displayBundle, escapeHtml } from "./display";
import { showTable } from "./table";

export type Mode = "quick" | "full";

export interface Tolerance {
  /** Absolute tolerance for the snapshot comparison. */
  abs?: number;
  /** Relative tolerance (times |snapshot value|). */
  rel?: number;
  /** Why this tolerance: what varies between runs or backends. */
  why?: string;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
}

export interface NotebookResults {
  notebook: string;
  mode: Mode;
  backend: string;
  seed: number;
  startedAt: string;
  metrics: Record<string, number>;
  tolerances: Record<string, Tolerance>;
  checks: CheckResult[];
}

/** The default snapshot tolerance: float32 round-off on the same backend, where runs are bit-identical. */
export const DEFAULT_TOLERANCE: Required<Omit<Tolerance, "why">> = { abs: 1e-6, rel: 1e-5 };

export class CheckFailedError extends Error {
  constructor(readonly check: CheckResult) {
    super(`check '${check.name}' failed: ${check.detail}`);
    this.name = "CheckFailedError";
  }
}

let current: { results: NotebookResults; path: string; backend: BackendInfo } | null = null;

/** The project folder above `from` (package.json with workspaces, and notebooks/), else `from`. */
export function projectRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "notebooks"))) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).workspaces) return dir;
      } catch { /* not ours */ }
    }
    if (dirname(dir) === dir) return resolve(from);
  }
}

/** Where results go: $ELBOLAB_RESULTS_DIR, else results/ in the project (found from the working directory). */
export function resultsDirectory(): string {
  return process.env.ELBOLAB_RESULTS_DIR ? resolve(process.env.ELBOLAB_RESULTS_DIR) : join(projectRoot(process.cwd()), "results");
}

/** The mode from $ELBOLAB_MODE ("quick" when unset). */
export function notebookMode(): Mode {
  const m = (process.env.ELBOLAB_MODE ?? "quick").trim();
  if (m !== "quick" && m !== "full") throw new ArgumentError("ELBOLAB_MODE", "notebookMode", `must be "quick" or "full", got "${m}"`);
  return m;
}

export interface NotebookContext {
  name: string;
  mode: Mode;
  seed: number;
  backend: BackendInfo;
  /** Picks the quick or the full value of a parameter: `nb.pick(200, 5000)`. */
  pick<T>(quick: T, full: T): T;
  resultsPath: string;
}

/**
 * Starts a notebook run: backend, mode, seed, fresh results file. Call once in the parameters cell:
 * `const nb = await startNotebook("03-elbo-neural", { seed: 3 })`. The name must be the notebook's
 * file name without .ipynb (the harness looks for results/<name>.json).
 * Shows one line saying where the results go only when that is not the default results/ directory
 * (`npm run lab` sends them to results/interactive/, and a reader then needs to know).
 */
export async function startNotebook(name: string, options: { seed: number }): Promise<NotebookContext> {
  if (typeof name !== "string" || !/^[\w.-]+$/.test(name)) {
    throw new ArgumentError("name", "startNotebook", `must be the notebook's file name without .ipynb, got ${JSON.stringify(name)}`);
  }
  const envSeed = process.env.ELBOLAB_SEED;
  const seed = envSeed !== undefined && envSeed !== "" ? parseSeed(envSeed, "ELBOLAB_SEED", "startNotebook") : options?.seed;
  assertSeed(seed, envSeed ? "ELBOLAB_SEED" : "options.seed", "startNotebook");
  const mode = notebookMode();
  const backend = await initBackend();
  const path = join(resultsDirectory(), `${name}.json`);
  current = {
    path,
    backend,
    results: {
      notebook: name, mode, backend: backend.name, seed, startedAt: new Date().toISOString(),
      metrics: {}, tolerances: {}, checks: [],
    },
  };
  save();
  const root = projectRoot(process.cwd());
  if (resolve(dirname(path)) !== join(root, "results")) {
    const shown = relative(root, path);
    displayBundle({ "text/plain": `results → ${shown.startsWith("..") ? path : shown}` });
  }
  return { name, mode, seed, backend, resultsPath: path, pick: (quick, full) => (mode === "quick" ? quick : full) };
}

function requireRun(fn: string) {
  if (!current) throw new Error(`${fn}: no notebook run; call 'await startNotebook(name, { seed })' first`);
  return current;
}

function save(): void {
  const run = requireRun("save");
  mkdirSync(dirname(run.path), { recursive: true });
  writeFileSync(run.path, JSON.stringify(run.results, null, 2) + "\n");
}

/**
 * Records a metric (a finite number) for the snapshot comparison. `tolerance` states how far a
 * later run may move it (default DEFAULT_TOLERANCE) and why. Returns nothing, so a cell that ends
 * in `record(...)` does not echo the number.
 */
export function record(name: string, value: number, tolerance?: Tolerance): void {
  const run = requireRun("record");
  if (typeof name !== "string" || name === "") throw new ArgumentError("name", "record", "must be a non-empty string");
  assertFiniteNumber(value, `value (metric '${name}')`, "record");
  run.results.metrics[name] = value;
  if (tolerance) run.results.tolerances[name] = tolerance;
  else delete run.results.tolerances[name];
  save();
}

/** The one-line verdict a reader sees under the cell that ran a check: "✓ name: detail" or "✗ ...". */
export function renderVerdict(result: CheckResult): { html: string; text: string } {
  const mark = result.passed ? "✓" : "✗";
  const colour = result.passed ? "#1a7f37" : "#cf222e";
  return {
    text: `${mark} ${result.name}: ${result.detail}`,
    html:
      `<div class="elbolab-check" style="font-family:monospace;white-space:pre-wrap">` +
      `<span style="color:${colour};font-weight:bold">${mark}</span> <b>${escapeHtml(result.name)}</b>: ` +
      `${escapeHtml(result.detail)}</div>`,
  };
}

/**
 * Records a named check and shows its verdict (one ✓/✗ line) where it runs; throws
 * CheckFailedError (failing the cell) when `passed` is false.
 */
export function check(name: string, passed: boolean, detail: string): void {
  const run = requireRun("check");
  if (typeof name !== "string" || name === "") throw new ArgumentError("name", "check", "must be a non-empty string");
  const result: CheckResult = { name, passed: passed === true, detail: String(detail) };
  const existing = run.results.checks.findIndex((c) => c.name === name);
  if (existing >= 0) run.results.checks[existing] = result;
  else run.results.checks.push(result);
  save();
  const verdict = renderVerdict(result);
  displayBundle({ "text/html": verdict.html, "text/plain": verdict.text });
  if (!result.passed) throw new CheckFailedError(result);
}

/**
 * A Monte Carlo check: |estimate - expected| ≤ z · se, with se the standard error of the estimate
 * (plus that of `expected` when it is also an estimate: pass the combined se). z defaults to 4.
 */
export function checkWithinStandardErrors(
  name: string, estimate: number, expected: number, se: number, z = 4,
): void {
  assertFiniteNumber(estimate, "estimate", "checkWithinStandardErrors");
  assertFiniteNumber(expected, "expected", "checkWithinStandardErrors");
  assertFiniteNumber(se, "se", "checkWithinStandardErrors");
  const dev = Math.abs(estimate - expected);
  check(name, dev <= z * se, `|${estimate.toPrecision(7)} - ${expected.toPrecision(7)}| = ${dev.toExponential(3)} vs ${z} SE = ${(z * se).toExponential(3)} (${(dev / se).toFixed(2)} SE)`);
}

/** The results recorded so far (a copy). */
export function currentResults(): NotebookResults {
  return structuredClone(requireRun("currentResults").results);
}

/**
 * Shows, at the end of a notebook, one table of every check it ran (with its verdict and detail)
 * and one of every metric it recorded, read from what the run recorded (so both modes read true).
 */
export function showSummary(): void {
  const results = requireRun("showSummary").results;
  const passed = results.checks.filter((c) => c.passed).length;
  showTable(
    results.checks.map((c) => ({ verdict: c.passed ? "✓" : "✗", check: c.name, detail: c.detail })),
    { caption: `${passed} of ${results.checks.length} checks passed (${results.mode} mode, seed ${results.seed}, ${results.backend})` },
  );
  showTable(
    Object.entries(results.metrics).map(([metric, value]) => ({ metric, value })),
    { caption: `${Object.keys(results.metrics).length} recorded metrics` },
  );
}
