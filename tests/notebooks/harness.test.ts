/**
 * The harness can fail: a broken check fails the run and names the check; a metric beyond its
 * tolerance fails with notebook, metric, expected, actual and tolerance; a notebook that records
 * nothing is a failure; a check without a kind ("claim" or "sanity") is a failure; a claim reported as refuted
 * is pinned to its snapshot outcome. Uses tests/fixtures/fixture.ipynb through the real kernel.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeNotebook, ROOT, type ExecutionOutcome } from "../../scripts/notebook-runner";
import { checkProblems, compareWithSnapshot, snapshotFromResults } from "./snapshots";

const fixture = join(ROOT, "tests", "fixtures", "fixture.ipynb");

function run(env: Record<string, string>, notebook = fixture) {
  const dir = mkdtempSync(join(tmpdir(), "elbolab-harness-"));
  return executeNotebook(notebook, { mode: "quick", outDir: dir, resultsDir: dir, timeoutSeconds: 120, env });
}

describe("regression harness", () => {
  let passing: ExecutionOutcome;
  before(async () => {
    passing = await run({ ELBOLAB_FIXTURE_PASS: "1", ELBOLAB_FIXTURE_VALUE: "1.5" });
  });

  test("a passing notebook records its metrics and checks, and matches its own snapshot", () => {
    const o = passing;
    assert.ok(o.ok, o.error);
    assert.ok(o.results);
    assert.deepEqual(o.results.metrics, { value: 1.5, after_check: 2 });
    assert.deepEqual(compareWithSnapshot(o.results, snapshotFromResults(o.results)), []);
  });

  test("a broken check fails the cell, and the error names the check", async () => {
    const o = await run({ ELBOLAB_FIXTURE_PASS: "0" });
    assert.equal(o.ok, false);
    assert.match(o.error, /check 'fixture_claim' failed/);
    assert.ok(o.results, "results recorded before the failure are kept");
    assert.deepEqual(o.results.checks.map((c) => [c.name, c.passed]), [["fixture_claim", false]]);
    assert.equal(o.results.metrics.after_check, undefined, "cells after the failure did not run");
  });

  test("a metric beyond tolerance is reported with notebook, metric, expected, actual and tolerance", () => {
    const o = passing;
    assert.ok(o.results);
    const snapshot = snapshotFromResults({ ...o.results, metrics: { ...o.results.metrics, value: 1.4 } });
    const problems = compareWithSnapshot(o.results, snapshot);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /fixture: metric 'value' expected 1\.4, actual 1\.5, \|diff\| 1\.000e-1 > tolerance 1\.500e-5 \(abs 0\.000001 \+ rel 0\.00001\)/);
  });

  test("NaN recorded as a metric is an error naming the metric, not a silent NaN", async () => {
    const o = await run({ ELBOLAB_FIXTURE_VALUE: "NaN" });
    assert.equal(o.ok, false);
    assert.match(o.error, /Argument 'value \(metric 'value'\)' passed to 'record' must be a finite number/);
  });

  test("metrics missing from a run, or new ones, are reported", () => {
    const o = passing;
    assert.ok(o.results);
    const snap = snapshotFromResults(o.results);
    const fewer = { ...o.results, metrics: { value: 1 } };
    assert.match(compareWithSnapshot(fewer, snap).join("\n"), /metric 'after_check' was not recorded/);
    const more = { ...o.results, metrics: { ...o.results.metrics, extra: 3 } };
    assert.match(compareWithSnapshot(more, snap).join("\n"), /metric 'extra' = 3 has no snapshot/);
  });

  test("5000 display updates in one synchronous loop do not kill the kernel, and the last one is shown", async () => {
    const o = await run({}, join(ROOT, "tests", "fixtures", "display-burst.ipynb"));
    assert.ok(o.ok, o.error);
    const executed = JSON.parse(readFileSync(o.executedPath, "utf8"));
    const outputs = executed.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? []);
    const texts = outputs.map((x: { data?: Record<string, unknown> }) => String(x.data?.["text/plain"] ?? ""));
    assert.ok(texts.includes("update 5000 of 5000"), `last update not shown: ${texts.join(" | ")}`);
  });

  test("displays in pairs past zeromq's 512 synchronous sends, and a burst, on wasm: the kernel lives and every output arrives in order", async () => {
    const o = await run({ ELBOLAB_BACKEND: "wasm" }, join(ROOT, "tests", "fixtures", "display-pairs.ipynb"));
    assert.ok(o.ok, o.error);
    const executed = JSON.parse(readFileSync(o.executedPath, "utf8"));
    const texts = executed.cells[1].outputs.filter((x: { output_type: string }) => x.output_type === "display_data")
      .map((x: { data: Record<string, string | string[]> }) => [x.data["text/plain"]].flat().join(""))
      .filter((t: string) => !t.startsWith("results →")); // startNotebook's line for a results folder of its own
    const expected = [...Array.from({ length: 500 }, (_, i) => [`a ${i}`, `b ${i}`]).flat(),
                      ...Array.from({ length: 550 }, (_, i) => `c ${i}`)];
    assert.equal(texts.length, expected.length, "outputs lost");
    assert.deepEqual(texts, expected);
  });

  test("a check without a kind, or a failed one, is a problem; a reported refuted claim is not", () => {
    const base = { notebook: "x", mode: "quick" as const, backend: "wasm", seed: 1, metrics: { m: 1 } };
    const checks = [
      { name: "ok_claim", kind: "claim", passed: true, detail: "" },
      { name: "no_kind", passed: true, detail: "" },
      { name: "bad_kind", kind: "assertion", passed: true, detail: "" },
      { name: "failed_sanity", kind: "sanity", passed: false, detail: "d" },
      { name: "refuted_reported", kind: "claim", passed: false, detail: "", reported: true },
      { name: "sanity_reported", kind: "sanity", passed: false, detail: "", reported: true },
    ];
    const problems = checkProblems({ ...base, checks });
    assert.equal(problems.length, 4, problems.join("\n"));
    assert.match(problems[0], /check 'no_kind' has no kind/);
    assert.match(problems[1], /check 'bad_kind' has no kind \(got "assertion"\)/);
    assert.match(problems[2], /sanity 'failed_sanity' failed \(d\)/);
    assert.match(problems[3], /sanity 'sanity_reported' failed/);
  });

  test("the outcome of a reported claim is compared with the snapshot", () => {
    const base = { notebook: "x", mode: "quick" as const, backend: "wasm", seed: 1, metrics: { m: 1 } };
    const held = { ...base, checks: [{ name: "rate", kind: "claim", passed: true, detail: "", reported: true }] };
    const refuted = { ...base, checks: [{ name: "rate", kind: "claim", passed: false, detail: "7 SE", reported: true }] };
    const snap = snapshotFromResults(refuted);
    assert.deepEqual(snap.reported, { rate: false });
    assert.deepEqual(compareWithSnapshot(refuted, snap), []);
    assert.match(compareWithSnapshot(held, snap).join("\n"), /reported claim 'rate' is holding in this run, the snapshot recorded it refuted/);
    // an inconclusive verdict is an outcome of its own: a run that turns it into a refutation is a change
    const undecided = { ...base, checks: [{ ...refuted.checks[0], inconclusive: true as const }] };
    assert.deepEqual(snapshotFromResults(undecided).reported, { rate: "inconclusive" });
    assert.match(compareWithSnapshot(undecided, snap).join("\n"), /'rate' is inconclusive in this run, the snapshot recorded it refuted/);
    assert.deepEqual(compareWithSnapshot(undecided, snapshotFromResults(undecided)), []);
    const { reported: _, ...old } = snap;
    assert.match(compareWithSnapshot(refuted, old).join("\n"), /has no recorded outcome in the snapshot/);
  });
});
