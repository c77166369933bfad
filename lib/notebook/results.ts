/**
 * What a notebook records. `startNotebook` reads the mode and seed (the notebook's parameters),
 * starts the backend, and opens `results/<notebook>.json`:
 *
 *   { notebook, mode, backend, seed, metrics: {name: number}, tolerances: {name: {abs, rel, why}},
 *     checks: [{name, kind, passed, detail, reported?, inconclusive?}] }
 *
 * Every check has a kind (lib/notebook/claims/verdict.ts): a "claim" (a statement of the lecture or the
 * literature that the run could refute) or a "sanity" check (an identity, a precondition).
 *
 * The file is rewritten after every `record` and `check`, whole or not at all (a temporary file beside
 * it, renamed over it), so a run that fails or is killed half-way leaves what it measured and the failed
 * check; a last field "sha256" (`checksummedJson`) lets readers verify it. The regression harness
 * (tests/notebooks) reads it and compares the metrics with tests/snapshots/<notebook>.json.
 *
 * Mode: $ELBOLAB_MODE, "quick" (the tests; also the default when unset) or "full" (the complete
 * reproduction). Seed: the notebook's own, unless $ELBOLAB_SEED overrides it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ArgumentError, assertFiniteNumber } from "../errors";
import { initBackend, type BackendInfo } from "../backend";
import { assertSeed, parseSeed } from "../random";
import { removeStaleTemporaries, writeFileAtomic } from "../io/atomic-file";
import { checksummedJson } from "../io/checksummed-json";
import { displayBundle, escapeHtml } from "./display";
import { renderSummary } from "./summary";
import { withinStandardErrors } from "./claims/standard-errors";
import { verdictMark, type CheckKind, type Verdict } from "./claims/verdict";

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
  kind: CheckKind;
  passed: boolean;
  detail: string;
  /** A refuted claim recorded as a result of the run (`claim(..., { ifRefuted: "report" })`), not an error. */
  reported?: true;
  /** The run could neither confirm nor refute the claim (its verdict was `inconclusive`); `passed` is false. */
  inconclusive?: true;
  /** Exercises only: a further (hidden) test of the exercise of this name (lib/notebook/exercise.ts). */
  partOf?: string;
}

export interface CheckOptions {
  kind: CheckKind;
  /**
   * Claims only. "fail" (the default): a refuted claim fails the cell. "report": the run may refute the
   * claim and the notebook says so as a result (a rate measured against the literature's value); the
   * verdict is recorded with `reported: true` and the harness pins it to the snapshot.
   */
  ifRefuted?: "fail" | "report";
  /** Claims only: the verdict could neither confirm nor refute (`Verdict.inconclusive`); requires passed false. */
  inconclusive?: boolean;
  /** Exercises only: the exercise this is a further test of. */
  partOf?: string;
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

let cleanedFor: string | null = null;

/**
 * Writes the results file whole or not at all (`writeFileAtomic`: a kill at any moment leaves the previous
 * complete version or the new one), as `checksummedJson` (a "sha256" field after `checks`, verified by the
 * harness's reader). The first write of a path removes temporaries that killed runs left beside it.
 */
function save(): void {
  const run = requireRun("saveResults");
  if (cleanedFor !== run.path) { removeStaleTemporaries(run.path); cleanedFor = run.path; }
  writeFileAtomic(run.path, checksummedJson(run.results, "results", "saveResults"), "saveResults");
}

const TOLERANCE_KEYS = new Set(["abs", "rel", "why"]);

/** A tolerance as `record` accepts it: a plain object with only abs, rel (finite, ≥ 0) and why (a string). */
function checkedTolerance(tolerance: unknown, metric: string): Tolerance {
  const fn = "record";
  const arg = (field?: string) => `tolerance${field ? `.${field}` : ""} (metric '${metric}')`;
  if (typeof tolerance !== "object" || tolerance === null || Array.isArray(tolerance)) {
    throw new ArgumentError(arg(), fn, `must be { abs?, rel?, why? }, got ${Array.isArray(tolerance) ? "an array" : typeof tolerance}`);
  }
  const t = tolerance as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!TOLERANCE_KEYS.has(key)) throw new ArgumentError(arg(key), fn, "is not a tolerance field: use abs, rel and why");
  }
  for (const key of ["abs", "rel"] as const) {
    if (t[key] === undefined) continue;
    assertFiniteNumber(t[key], arg(key), fn);
    if ((t[key] as number) < 0) throw new ArgumentError(arg(key), fn, `must be >= 0, got ${t[key]}`);
  }
  if (t.why !== undefined && typeof t.why !== "string") throw new ArgumentError(arg("why"), fn, `must be a string, got ${typeof t.why}`);
  return { ...(t.abs !== undefined ? { abs: t.abs as number } : {}), ...(t.rel !== undefined ? { rel: t.rel as number } : {}), ...(t.why !== undefined ? { why: t.why as string } : {}) };
}

/**
 * Records a metric (a finite number) for the snapshot comparison. `tolerance` states how far a
 * later run may move it (default DEFAULT_TOLERANCE) and why. Returns nothing, so a cell that ends
 * in `record(...)` does not echo the number.
 *
 * Errors (ArgumentError naming the argument and 'record'): a name that is not a non-empty string, or is
 * "__proto__" (JavaScript's prototype accessor: every reader that builds a plain object from the file
 * would drop such a metric, so it is refused rather than lost); a value that is not finite; a tolerance
 * that is not { abs?, rel?, why? } with abs and rel finite and ≥ 0 (NaN or ∞ would be written as null,
 * a negative one can never hold) and why a string, or that has any other field (a misspelt "relative"
 * would silently mean the default).
 */
export function record(name: string, value: number, tolerance?: Tolerance): void {
  const run = requireRun("record");
  if (typeof name !== "string" || name === "") throw new ArgumentError("name", "record", "must be a non-empty string");
  if (name === "__proto__") throw new ArgumentError("name", "record", "must not be \"__proto__\" (JavaScript's prototype accessor: readers of the results would lose the metric); choose another name");
  assertFiniteNumber(value, `value (metric '${name}')`, "record");
  const checked = tolerance === undefined || tolerance === null ? null : checkedTolerance(tolerance, name);
  run.results.metrics[name] = value;
  if (checked) run.results.tolerances[name] = checked;
  else delete run.results.tolerances[name];
  save();
}

/**
 * The one-line verdict a reader sees under the cell that ran a check: "✓ name: detail", "✗ ...", or "? ..."
 * for an inconclusive claim.
 */
export function renderVerdict(result: Pick<CheckResult, "name" | "passed" | "detail"> & Partial<CheckResult>):
  { html: string; text: string } {
  const inconclusive = !result.passed && result.inconclusive === true;
  const mark = verdictMark(result);
  const colour = result.passed ? "#1a7f37" : result.reported || inconclusive ? "#9a6700" : "#cf222e";
  const kind = result.kind ? `${result.kind} ` : "";
  const note = inconclusive
    ? (result.reported ? " (inconclusive: this run can neither confirm nor refute it, reported as a result)" : " (inconclusive: this run can neither confirm nor refute it)")
    : result.reported && !result.passed ? " (not borne out by this run, reported as a result)" : "";
  return {
    text: `${mark} ${kind}${result.name}${note}: ${result.detail}`,
    html:
      `<div class="elbolab-check" style="font-family:monospace;white-space:pre-wrap">` +
      `<span style="color:${colour};font-weight:bold">${mark}</span> ${escapeHtml(kind)}` +
      `<b>${escapeHtml(result.name)}</b>${escapeHtml(note)}: ${escapeHtml(result.detail)}</div>`,
  };
}

/**
 * Records a named check of the given kind and shows its verdict (one ✓/✗ line) where it runs; throws
 * CheckFailedError (failing the cell) when `passed` is false, except for a claim registered with
 * `ifRefuted: "report"`, whose refutation is recorded and shown as a result. `options.kind` is required:
 * "claim" or "sanity" (see lib/notebook/claims/verdict.ts). Prefer `claim` and `sanity` below.
 */
export function check(name: string, passed: boolean, detail: string, options: CheckOptions): void {
  const run = requireRun("check");
  if (typeof name !== "string" || name === "") throw new ArgumentError("name", "check", "must be a non-empty string");
  const kind = options?.kind;
  if (kind !== "claim" && kind !== "sanity" && kind !== "exercise") {
    throw new ArgumentError("options.kind", "check", `must be "claim", "sanity" or "exercise" (check '${name}'), got ${JSON.stringify(kind)}`);
  }
  const ifRefuted = options.ifRefuted ?? "fail";
  if (ifRefuted !== "fail" && (ifRefuted !== "report" || kind !== "claim")) {
    throw new ArgumentError("options.ifRefuted", "check", `must be "fail", or "report" for a claim (check '${name}')`);
  }
  if (options.inconclusive !== undefined && options.inconclusive !== false &&
    (options.inconclusive !== true || kind !== "claim" || passed === true)) {
    throw new ArgumentError("options.inconclusive", "check", `must be true only for a claim that did not pass (check '${name}')`);
  }
  const result: CheckResult = { name, kind, passed: passed === true, detail: String(detail) };
  if (ifRefuted === "report") result.reported = true;
  if (options.inconclusive === true) result.inconclusive = true;
  if (options.partOf !== undefined) {
    if (kind !== "exercise" || typeof options.partOf !== "string" || options.partOf === "") {
      throw new ArgumentError("options.partOf", "check", `must be an exercise's name, for an exercise (check '${name}')`);
    }
    result.partOf = options.partOf;
  }
  const existing = run.results.checks.findIndex((c) => c.name === name);
  if (existing >= 0) run.results.checks[existing] = result;
  else run.results.checks.push(result);
  save();
  const verdict = renderVerdict(result);
  displayBundle({ "text/html": verdict.html, "text/plain": verdict.text });
  if (!result.passed && !result.reported) throw new CheckFailedError(result);
}

/**
 * Records a claim decided by a function of lib/notebook/claims (which tests/unit/claims.test.ts feeds a run
 * where the claim is false): `claim("L_k_tightens", exceedsByStandardErrors(diff, se, 4, "L_k − ELBO"))`.
 * An `inconclusive` verdict is recorded as such (the summary counts it apart from a refuted claim); like a
 * refutation it fails the cell unless the claim is registered with `ifRefuted: "report"`.
 */
export function claim(name: string, verdict: Verdict, options: { ifRefuted?: "fail" | "report" } = {}): void {
  if (typeof verdict?.passed !== "boolean" || typeof verdict.detail !== "string" ||
    (verdict.inconclusive !== undefined && (verdict.inconclusive !== true || verdict.passed))) {
    throw new ArgumentError("verdict", "claim", `must be a { passed, detail, inconclusive? } verdict, inconclusive only when not passed (claim '${name}')`);
  }
  check(name, verdict.passed, verdict.detail, { kind: "claim", ifRefuted: options.ifRefuted, inconclusive: verdict.inconclusive === true });
}

/**
 * Records a sanity check: an identity, a precondition, a check the notebook says cannot fail. Decided in place
 * (`sanity("weights_sum_to_one", ok, detail)`) or by a decision function's verdict, as `claim` takes it
 * (`sanity("gap_equals_kl", equalWithin(gap, kl, tol, "gap − KL"))`).
 */
export function sanity(name: string, verdict: Verdict): void;
export function sanity(name: string, passed: boolean, detail: string): void;
export function sanity(name: string, passed: boolean | Verdict, detail?: string): void {
  if (typeof passed === "object" && passed !== null) {
    if (typeof passed.passed !== "boolean" || typeof passed.detail !== "string") {
      throw new ArgumentError("verdict", "sanity", `must be a { passed, detail } verdict (sanity check '${name}')`);
    }
    check(name, passed.passed, passed.detail, { kind: "sanity" });
  } else check(name, passed as boolean, detail as string, { kind: "sanity" });
}

/**
 * A Monte Carlo check: |estimate - expected| ≤ z · se (`withinStandardErrors`), with se the standard error
 * of the estimate (plus that of `expected` when it is also an estimate: pass the combined se). z defaults
 * to 4; `options.kind` is required.
 */
export function checkWithinStandardErrors(
  name: string, estimate: number, expected: number, se: number, options: { kind: CheckKind; z?: number },
): void {
  assertFiniteNumber(estimate, "estimate", "checkWithinStandardErrors");
  assertFiniteNumber(expected, "expected", "checkWithinStandardErrors");
  assertFiniteNumber(se, "se", "checkWithinStandardErrors");
  const v = withinStandardErrors(estimate, expected, se, options?.z ?? 4);
  check(name, v.passed, v.detail, { kind: options?.kind });
}

/** The results recorded so far (a copy). */
export function currentResults(): NotebookResults {
  return structuredClone(requireRun("currentResults").results);
}

/**
 * Shows, at the end of a notebook, what the run recorded (so both modes read true): the claims first with
 * their own count ("claims: 7 of 7 hold; sanity checks: 5 of 5 pass"), then the sanity checks, and the full
 * metric list folded in a <details> (lib/notebook/summary.ts).
 */
export function showSummary(): void {
  const { html, text } = renderSummary(requireRun("showSummary").results);
  displayBundle({ "text/html": html, "text/plain": text });
}
