/**
 * The regression harness: executes every notebook in notebooks/ in quick mode through nbclient and
 * the tslab kernel (two at a time, one per core), then for each: no cell error, every check has a kind
 * ("claim" or "sanity") and passed (a claim registered with ifRefuted: "report" may be refuted; its outcome
 * is pinned to the snapshot),
 * results recorded, metrics equal to the snapshot within its stated tolerance, and (tests/notebook-style.ts)
 * no stderr output and no bare-number output in the executed copy.
 * ELBOLAB_UPDATE_SNAPSHOTS=1 (npm run snapshots:update) rewrites the snapshots instead of comparing.
 * ELBOLAB_NOTEBOOKS=00,03 restricts the run to notebooks whose names start with those prefixes.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { basename, join, relative } from "node:path";
import { cpus } from "node:os";
import { executeNotebook, listNotebooks, runPool, ROOT, type ExecutionOutcome } from "../../scripts/notebook-runner";
import { readFileSync } from "node:fs";
import { checkProblems, compareWithSnapshot, readSnapshot, snapshotFromResults, snapshotPath, writeSnapshot } from "./snapshots";
import { outputProblems, practiseProblems } from "../notebook-style";

// `npm test` runs on wasm (the backend every machine of this project has), against tests/snapshots/;
// `npm run test:native` sets ELBOLAB_BACKEND=tensorflow, against tests/snapshots/native/ (snapshots.ts says why).
process.env.ELBOLAB_BACKEND ??= "wasm";
const backend = process.env.ELBOLAB_BACKEND;
const update = process.env.ELBOLAB_UPDATE_SNAPSHOTS === "1";
const only = (process.env.ELBOLAB_NOTEBOOKS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const notebooks = listNotebooks().filter((p) => only.length === 0 || only.some((o) => basename(p).startsWith(o)));
const outcomes = new Map<string, ExecutionOutcome>();

describe("notebooks (quick mode, real tslab kernel)", () => {
  before(async () => {
    const parallel = Number(process.env.ELBOLAB_NOTEBOOK_JOBS ?? Math.min(2, cpus().length));
    const runs = await runPool(
      notebooks.map((p) => () => executeNotebook(p, {
        mode: "quick",
        outDir: join(ROOT, "output", "test"),
        resultsDir: join(ROOT, "results"),
        timeoutSeconds: 600,
      })),
      parallel,
    );
    for (const r of runs) {
      outcomes.set(r.notebook, r);
      console.log(`# ${r.notebook}: ${r.ok ? "ran" : "FAILED"} in ${r.seconds.toFixed(1)} s`);
    }
  });

  test("there are notebooks to run", () => {
    assert.ok(notebooks.length > 0, "no notebooks found in notebooks/");
  });

  for (const path of notebooks) {
    const name = basename(path, ".ipynb");
    test(name, () => {
      const o = outcomes.get(name);
      assert.ok(o, `${name}: was not executed`);
      assert.ok(o.ok, `${name}: a cell failed (executed notebook: ${o.executedPath})\n${o.error}`);
      const r = o.results;
      assert.ok(r, `${name}: recorded no results (results/${name}.json missing): call startNotebook("${name}", ...)`);
      assert.equal(r.notebook, name, `${name}: results name the notebook '${r.notebook}'`);
      const checks = checkProblems(r);
      assert.deepEqual(checks, [], checks.join("\n"));
      assert.ok(r.checks.length > 0 && Object.keys(r.metrics).length > 0, `${name}: must record at least one check and one metric`);
      const executed = JSON.parse(readFileSync(o.executedPath, "utf8"));
      const shown = outputProblems(executed);
      assert.deepEqual(shown, [], `${name}: the executed notebook shows\n${shown.join("\n")}`);
      // the lecture's notebooks (not 00, the environment) each have a control, a try-it section and exercises
      if (/^0[1-6]-/.test(name)) {
        const missing = practiseProblems(executed);
        assert.deepEqual(missing, [], `${name}: ${missing.join("; ")}`);
      }
      if (update) {
        writeSnapshot(snapshotFromResults(r));
        return;
      }
      assert.equal(r.backend, backend, `${name}: ran on backend ${r.backend}, ELBOLAB_BACKEND asked for ${backend}`);
      const snap = readSnapshot(name, backend);
      assert.ok(snap, `${name}: no snapshot ${relative(ROOT, snapshotPath(name, backend))}; run \`npm run snapshots:update\` (native: \`npm run snapshots:update:native\`) and commit it`);
      const problems = compareWithSnapshot(r, snap);
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  }
});
