/**
 * Snapshots of recorded metrics: tests/snapshots/<notebook>.json holds, per metric, the value and
 * the tolerance the notebook stated (abs + rel·|value|) with its reason. A comparison failure
 * names notebook, metric, expected, actual and tolerance.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
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
  return { notebook: r.notebook, mode: r.mode, seed: r.seed, backend: r.backend, metrics, checks: r.checks.map((c) => c.name).sort() };
}

export function writeSnapshot(s: Snapshot): void {
  mkdirSync(snapshotDir(s.backend), { recursive: true });
  writeFileSync(snapshotPath(s.notebook, s.backend), JSON.stringify(s, null, 2) + "\n");
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
  return problems;
}
