/**
 * Snapshots of recorded metrics: tests/snapshots/<notebook>.json holds, per metric, the value and
 * the tolerance the notebook stated (abs + rel·|value|) with its reason. A comparison failure
 * names notebook, metric, expected, actual and tolerance.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "elbolab";
import { SNAPSHOTS_DIR, type NotebookResults } from "../../scripts/notebook-runner";

/** Same-backend runs are bit-identical; this covers float32 round-off (lib/notebook/results.ts states the same). */
export const DEFAULT_TOLERANCE = { abs: 1e-6, rel: 1e-5 };

export interface Snapshot {
  notebook: string;
  mode: string;
  seed: number;
  backend: string;
  metrics: Record<string, { value: number; abs: number; rel: number; why?: string }>;
  checks: string[];
  /**
   * Outcomes of the claims registered with `ifRefuted: "report"`, pinned per run: true (held), false (refuted)
   * or "inconclusive" (the run could neither confirm nor refute it).
   */
  reported?: Record<string, ReportedOutcome>;
}

export type ReportedOutcome = boolean | "inconclusive";

function outcome(c: NotebookResults["checks"][number]): ReportedOutcome {
  return c.passed ? true : c.inconclusive ? "inconclusive" : false;
}

function describeOutcome(o: ReportedOutcome): string {
  return o === "inconclusive" ? "inconclusive" : o ? "holding" : "refuted";
}

/** The folder of a backend's snapshots: tests/snapshots/ for wasm, tests/snapshots/native/ for "tensorflow", else tests/snapshots/<backend>/. */
export function snapshotDir(backend: string): string {
  return backend === "wasm" ? SNAPSHOTS_DIR : join(SNAPSHOTS_DIR, backend === "tensorflow" ? "native" : backend);
}

export function snapshotPath(notebook: string, backend: string): string {
  return join(snapshotDir(backend), `${notebook}.json`);
}

export function readSnapshot(notebook: string, backend: string): Snapshot | null {
  const p = snapshotPath(notebook, backend);
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Snapshot) : null;
}

export function snapshotFromResults(r: NotebookResults): Snapshot {
  const metrics: Snapshot["metrics"] = {};
  for (const name of Object.keys(r.metrics).sort()) {
    const t = r.tolerances?.[name];
    metrics[name] = {
      value: r.metrics[name],
      abs: t?.abs ?? (t ? 0 : DEFAULT_TOLERANCE.abs),
      rel: t?.rel ?? (t ? 0 : DEFAULT_TOLERANCE.rel),
      ...(t?.why ? { why: t.why } : {}),
    };
  }
  const reported = Object.fromEntries(r.checks.filter((c) => c.reported).map((c) => [c.name, outcome(c)]).sort());
  return {
    notebook: r.notebook, mode: r.mode, seed: r.seed, backend: r.backend, metrics, checks: r.checks.map((c) => c.name).sort(),
    ...(Object.keys(reported).length ? { reported } : {}),
  };
}

/**
 * What is wrong with a run's checks, as messages (empty when nothing is): a check without a kind ("claim" or
 * "sanity"), a failed check, a refuted claim that was not registered to be reported.
 */
export function checkProblems(r: NotebookResults): string[] {
  const problems: string[] = [];
  for (const c of r.checks) {
    if (c.kind !== "claim" && c.kind !== "sanity" && c.kind !== "exercise") {
      problems.push(`${r.notebook}: check '${c.name}' has no kind (got ${JSON.stringify(c.kind)}): register it with claim(...) or sanity(...)`);
    } else if (!c.passed && !(c.reported && c.kind === "claim")) {
      problems.push(`${r.notebook}: ${c.kind} '${c.name}' failed (${c.detail})`);
    }
  }
  return problems;
}

/** Writes the snapshot whole or not at all (`writeFileAtomic`: temporary file beside it, fsync, rename). */
export function writeSnapshot(s: Snapshot): void {
  writeFileAtomic(snapshotPath(s.notebook, s.backend), JSON.stringify(s, null, 2) + "\n", "writeSnapshot");
}

/** Every difference between results and snapshot, as messages; empty when they agree. */
export function compareWithSnapshot(r: NotebookResults, s: Snapshot): string[] {
  const problems: string[] = [];
  if (r.backend !== s.backend) {
    problems.push(`${r.notebook}: ran on backend ${r.backend}; the snapshot was recorded on ${s.backend}`);
    return problems;
  }
  if (r.seed !== s.seed || r.mode !== s.mode) {
    problems.push(`${r.notebook}: ran with seed ${r.seed}, mode ${r.mode}; the snapshot was recorded with seed ${s.seed}, mode ${s.mode}`);
    return problems;
  }
  for (const [name, m] of Object.entries(s.metrics)) {
    const actual = r.metrics[name];
    const tol = m.abs + m.rel * Math.abs(m.value);
    if (actual === undefined) {
      problems.push(`${r.notebook}: metric '${name}' was not recorded (expected ${m.value} ± ${tol})`);
    } else if (!(Math.abs(actual - m.value) <= tol)) {
      problems.push(
        `${r.notebook}: metric '${name}' expected ${m.value}, actual ${actual}, |diff| ${Math.abs(actual - m.value).toExponential(3)} > tolerance ${tol.toExponential(3)} (abs ${m.abs} + rel ${m.rel})` +
        (r.backend !== s.backend ? ` [snapshot backend ${s.backend}, this run ${r.backend}]` : ""),
      );
    }
  }
  for (const name of Object.keys(r.metrics)) {
    if (!(name in s.metrics)) problems.push(`${r.notebook}: metric '${name}' = ${r.metrics[name]} has no snapshot; run \`npm run snapshots:update\` and commit why`);
  }
  for (const name of s.checks) {
    if (!r.checks.some((c) => c.name === name)) problems.push(`${r.notebook}: check '${name}' in the snapshot was not run`);
  }
  for (const c of r.checks.filter((x) => x.reported)) {
    const was = s.reported?.[c.name];
    if (was === undefined) problems.push(`${r.notebook}: reported claim '${c.name}' has no recorded outcome in the snapshot; re-record it`);
    else if (was !== outcome(c)) {
      problems.push(`${r.notebook}: reported claim '${c.name}' is ${describeOutcome(outcome(c))} in this run, ` +
        `the snapshot recorded it ${describeOutcome(was)} (${c.detail})`);
    }
  }
  return problems;
}
