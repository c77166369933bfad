/**
 * Executes notebooks headless through a real Jupyter client (nbclient, via
 * scripts/execute_notebook.py) and the real tslab kernel registered in .jupyter/, and reads what
 * they recorded. Used by the main job (scripts/run-notebooks.ts) and by the regression harness
 * (tests/notebooks/notebooks.test.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseChecksummedJson } from "elbolab";

export const ROOT = resolve(__dirname, "..");
export const NOTEBOOKS_DIR = join(ROOT, "notebooks");
export const SNAPSHOTS_DIR = join(ROOT, "tests", "snapshots");

export type Mode = "quick" | "full";

export interface Tolerance { abs?: number; rel?: number; why?: string }

export interface NotebookResults {
  notebook: string;
  mode: Mode;
  backend: string;
  seed: number;
  metrics: Record<string, number>;
  tolerances?: Record<string, Tolerance>;
  /**
   * kind: "claim" | "sanity" | "exercise" (lib/notebook/claims/verdict.ts); reported: a refuted claim recorded as a
   * result; inconclusive: a claim the run could neither confirm nor refute; partOf: a further test of an exercise.
   */
  checks: { name: string; kind?: string; passed: boolean; detail: string; reported?: boolean; inconclusive?: boolean; partOf?: string }[];
}

export interface ExecutionOutcome {
  notebook: string;
  ok: boolean;
  /** The failing cell and its error, when !ok. */
  error: string;
  seconds: number;
  executedPath: string;
  htmlPath?: string;
  results: NotebookResults | null;
}

/** The notebooks (*.ipynb) of `dir` (default notebooks/), sorted by name. */
export function listNotebooks(dir = NOTEBOOKS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(dir, f));
}

function jupyterConfig(): { python: string; jupyterPath: string } {
  const file = join(ROOT, ".jupyter", "elbolab-jupyter.json");
  if (!existsSync(file)) {
    throw new Error(
      "The tslab kernel is not registered for this project (.jupyter/elbolab-jupyter.json is missing). " +
      "Run `npm run setup` (it installs Jupyter where it can and registers the kernel).",
    );
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * The ids of live processes whose environment holds `name=value` (Linux: /proc/<pid>/environ; elsewhere
 * an empty list). The runner tags every Python client it starts, and the kernel inherits the tag, so
 * what a run started can be found, and ended, even after its parent is gone.
 */
export function processesTagged(name: string, value: string): number[] {
  if (process.platform !== "linux") return [];
  const needle = Buffer.from(`\0${name}=${value}\0`);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`), Buffer.from([0])]);
      if (env.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const RUN_TAG = "ELBOLAB_RUNNER_ID";
let runCounter = 0;
/** Executions in flight: their tag and their Python client (null until it is spawned). */
const liveRuns = new Map<string, ChildProcess | null>();

/** Ends (SIGKILL) every process tagged with `id`; returns their pids. */
function endTagged(id: string): number[] {
  const pids = processesTagged(RUN_TAG, id);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids;
}

/**
 * Ends every Python client and kernel of executions still running in this process. With `graceMs` > 0
 * (signal handlers) each client first gets SIGTERM and that long to stop its kernel and save the
 * notebook and HTML so far; whatever is left is then killed. Without (the exit handler) all is killed.
 */
export async function endAllExecutions(graceMs = 0): Promise<void> {
  if (graceMs > 0) {
    const children = [...liveRuns.values()].filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null);
    await Promise.all(children.map((c) => new Promise<void>((done) => {
      const timer = setTimeout(done, graceMs);
      c.once("exit", () => { clearTimeout(timer); done(); });
      c.kill("SIGTERM");
    })));
  }
  for (const id of liveRuns.keys()) endTagged(id);
}
process.on("exit", () => { for (const id of liveRuns.keys()) endTagged(id); });

/**
 * Reads `path` as a notebook's results and verifies its "sha256" field (lib/io/checksummed-json.ts: the
 * library writes it with every save); an unreadable, incomplete or altered file gives an error naming the path.
 */
export function readResults(path: string): { results: NotebookResults | null; error: string } {
  if (!existsSync(path)) return { results: null, error: "" };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
    JSON.parse(text);
  } catch (e) {
    return { results: null, error: `the results file ${path} is not valid JSON (${(e as Error).message})` };
  }
  try {
    const results = parseChecksummedJson(text, path, "readResults") as unknown as NotebookResults;
    if (!Array.isArray(results.checks) || results.metrics === null || typeof results.metrics !== "object") {
      return { results: null, error: `the results file ${path} is not a results object ({ notebook, metrics, checks, ... })` };
    }
    return { results, error: "" };
  } catch (e) {
    return { results: null, error: `the results file ${path} failed verification: ${(e as Error).message}` };
  }
}

/**
 * Executes one notebook. Never throws: every failure (a cell error, a dead kernel, a timeout, a corrupt
 * results file, a missing kernel registration, a client that could not start) is `ok: false` with a
 * short `error`. The executed notebook and the HTML are written whatever happened (up to the failing
 * cell, which shows the error). Every process the run started (the Python client, the kernel) is
 * ended before this resolves: they carry a tag in their environment and whatever outlives the client
 * is killed (and said in `error`).
 */
export async function executeNotebook(
  path: string,
  options: { mode: Mode; outDir: string; resultsDir: string; html?: boolean; timeoutSeconds?: number; env?: Record<string, string> },
): Promise<ExecutionOutcome> {
  const name = basename(path, ".ipynb");
  const executedPath = join(options.outDir, `${name}.ipynb`);
  const htmlPath = options.html ? join(options.outDir, `${name}.html`) : undefined;
  const resultsPath = join(options.resultsDir, `${name}.json`);
  const start = Date.now();
  const id = `${process.pid}-${++runCounter}-${name}`;
  liveRuns.set(id, null);
  const errors: string[] = [];
  let code = 1;
  try {
    const { python, jupyterPath } = jupyterConfig();
    mkdirSync(options.outDir, { recursive: true });
    rmSync(resultsPath, { force: true });
    const reportPath = join(options.outDir, `.${name}.report.json`);
    rmSync(reportPath, { force: true });
    const args = [join(ROOT, "scripts", "execute_notebook.py"), path, executedPath, "--timeout", String(options.timeoutSeconds ?? 1800), "--report", reportPath];
    if (htmlPath) args.push("--html", htmlPath);
    let stderr = "";
    code = await new Promise<number>((done) => {
      const child = spawn(python, args, {
        cwd: NOTEBOOKS_DIR,
        env: {
          ...process.env,
          ...options.env,
          JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
          ELBOLAB_MODE: options.mode,
          ELBOLAB_RESULTS_DIR: options.resultsDir,
          [RUN_TAG]: id,
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      liveRuns.set(id, child);
      child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-20000); });
      child.on("error", (e) => { stderr += `\ncould not start ${python}: ${e.message}`; done(1); });
      // "exit", not "close": a kernel that outlives the client would hold the pipe open
      child.on("exit", (c, signal) => { if (signal) stderr += `\nthe Python client was killed by ${signal}`; done(c ?? 1); });
    });
    if (code !== 0) {
      const report = readReport(reportPath);
      rmSync(reportPath, { force: true });
      errors.push(report ?? `the Python client (scripts/execute_notebook.py) exited with code ${code}: ` +
        stderr.split("\n").filter((l) => l.trim() && !l.startsWith("[NbConvertApp]")).slice(-8).join("\n"));
    } else {
      rmSync(reportPath, { force: true });
    }
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  } finally {
    const leftover = endTagged(id);
    liveRuns.delete(id);
    if (leftover.length > 0) errors.push(`ended ${leftover.length} process(es) the run left behind (pid ${leftover.join(", ")})`);
  }
  const { results, error: resultsError } = readResults(resultsPath);
  if (resultsError) errors.push(resultsError);
  const seconds = (Date.now() - start) / 1000;
  return { notebook: name, ok: errors.length === 0, error: errors.join("\n"), seconds, executedPath, htmlPath, results };
}

/** The error paragraph execute_notebook.py wrote, or null when it wrote none. */
function readReport(path: string): string | null {
  try {
    const report = JSON.parse(readFileSync(path, "utf8")) as { error?: unknown };
    return typeof report.error === "string" && report.error ? report.error : null;
  } catch {
    return null;
  }
}

/** Runs `tasks` with at most `limit` in flight, keeping their order in the result. */
export async function runPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return out;
}
