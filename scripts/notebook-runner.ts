/**
 * Executes notebooks headless through a real Jupyter client (nbclient, via
 * scripts/execute_notebook.py) and the real tslab kernel registered in .jupyter/, and reads what
 * they recorded. Used by the main job (scripts/run-notebooks.ts) and by the regression harness
 * (tests/notebooks/notebooks.test.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";

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
  checks: { name: string; passed: boolean; detail: string }[];
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

/** notebooks/*.ipynb, sorted by name. */
export function listNotebooks(): string[] {
  return readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(NOTEBOOKS_DIR, f));
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

/** Executes one notebook; never throws for a failing notebook (see `ok` and `error`). */
export async function executeNotebook(
  path: string,
  options: { mode: Mode; outDir: string; resultsDir: string; html?: boolean; timeoutSeconds?: number; env?: Record<string, string> },
): Promise<ExecutionOutcome> {
  const { python, jupyterPath } = jupyterConfig();
  const name = basename(path, ".ipynb");
  mkdirSync(options.outDir, { recursive: true });
  const executedPath = join(options.outDir, `${name}.ipynb`);
  const htmlPath = options.html ? join(options.outDir, `${name}.html`) : undefined;
  const resultsPath = join(options.resultsDir, `${name}.json`);
  rmSync(resultsPath, { force: true });
  const args = [join(ROOT, "scripts", "execute_notebook.py"), path, executedPath, "--timeout", String(options.timeoutSeconds ?? 1800)];
  if (htmlPath) args.push("--html", htmlPath);
  const start = Date.now();
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((done) => {
    const child = spawn(python, args, {
      cwd: NOTEBOOKS_DIR,
      env: {
        ...process.env,
        ...options.env,
        JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
        ELBOLAB_MODE: options.mode,
        ELBOLAB_RESULTS_DIR: options.resultsDir,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (c) => done({ code: c ?? 1, stderr: err }));
  });
  const seconds = (Date.now() - start) / 1000;
  const results = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, "utf8")) as NotebookResults) : null;
  const error = code === 0 ? "" : stderr.split("\n").filter((l) => !l.startsWith("[NbConvertApp]")).join("\n").trim();
  return { notebook: name, ok: code === 0, error, seconds, executedPath, htmlPath, results };
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
