/**
 * The runner never loses a run: a reproduce-style run (scripts/run-notebooks.ts) over a notebook whose
 * kernel exits, one that leaves a corrupt results file and a passing one runs all three, writes the
 * summary and the HTML of each (the failure shown), and leaves no process behind; an interrupted run
 * ends its kernel and still writes its summary. Processes are counted by a tag in their environment
 * (the runner's Python client and the kernel inherit it), so other runs on the machine do not count.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processesTagged, ROOT } from "../../scripts/notebook-runner";

const TAG = "ELBOLAB_RUNNER_TEST";

interface Run { code: number | null; stdout: string; maxProcesses: number; dir: string; left: number[] }

/** Runs run-notebooks.ts over copies of `fixtures`, counting tagged processes (other than the runner) as it goes. */
async function reproduce(fixtures: string[], env: Record<string, string> = {}, interruptWhen?: (count: number) => boolean, prefix = false): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "elbolab-runner-"));
  mkdirSync(join(dir, "nb"));
  // prefix: copies named 1-…, 2-… so they run in the order given
  fixtures.forEach((f, i) => copyFileSync(join(ROOT, "tests", "fixtures", `${f}.ipynb`), join(dir, "nb", `${prefix ? `${i + 1}-` : ""}${f}.ipynb`)));
  const tag = randomUUID();
  assert.deepEqual(processesTagged(TAG, tag), [], "nothing carries the tag before the run");
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "run-notebooks.ts"), "--mode", "quick", "--jobs", "1",
    "--notebooks", join(dir, "nb"), "--out", join(dir, "out"), "--results", join(dir, "results")],
  { cwd: ROOT, env: { ...process.env, ...env, [TAG]: tag }, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  let maxProcesses = 0, interrupted = false;
  const poll = setInterval(() => {
    const count = processesTagged(TAG, tag).filter((p) => p !== child.pid).length;
    maxProcesses = Math.max(maxProcesses, count);
    if (interruptWhen && !interrupted && interruptWhen(count)) {
      interrupted = true;
      child.kill("SIGTERM");
    }
  }, 250);
  const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
  clearInterval(poll);
  await new Promise((r) => setTimeout(r, 500)); // what a kernel's shutdown might still be doing
  return { code, stdout, maxProcesses, dir, left: processesTagged(TAG, tag) };
}

describe("runner (reproduce over failing notebooks, real tslab kernel)", () => {
  let run: Run;
  let summary: string;
  before(async () => {
    run = await reproduce(["corrupt-results", "exit-kernel", "fixture"]);
    summary = readFileSync(join(run.dir, "out", "quick", "summary.txt"), "utf8");
  });
  after(() => rmSync(run.dir, { recursive: true, force: true }));

  test("every notebook runs and the summary is written: the two broken ones fail, the one after them passes", () => {
    assert.equal(run.code, 1, run.stdout);
    const status = (name: string) => summary.match(new RegExp(`^${name}\\s+(\\S+)`, "m"))?.[1];
    assert.equal(status("corrupt-results"), "FAILED", summary);
    assert.equal(status("exit-kernel"), "FAILED", summary);
    assert.equal(status("fixture"), "ok", summary);
    assert.match(summary, /^Total wall time/m);
    assert.ok(run.stdout.includes(summary.trim().split("\n")[0]), "the summary is also printed");
  });

  test("a dead kernel is one short paragraph naming the cell and the exit code, not a Python traceback", () => {
    const error = summary.split("\nexit-kernel:\n")[1]?.split("\n\n")[0] ?? "";
    assert.match(error, /^cell 2 failed\n  source: process\.exit\(3\);\n  error: the kernel died with exit code 3/);
    assert.ok(error.split("\n").length <= 4, error);
    assert.doesNotMatch(run.stdout, /Traceback|File ".*\.py", line/);
  });

  test("a corrupt results file is a reported error naming its path", () => {
    assert.ok(summary.includes(`the results file ${join(run.dir, "results", "corrupt-results.json")} is not valid JSON`), summary);
  });

  test("each notebook's executed copy and HTML are written, the dead kernel's error shown in both", () => {
    for (const name of ["corrupt-results", "exit-kernel", "fixture"]) {
      for (const ext of ["ipynb", "html"]) assert.ok(existsSync(join(run.dir, "out", "quick", `${name}.${ext}`)), `${name}.${ext}`);
    }
    assert.match(readFileSync(join(run.dir, "out", "quick", "exit-kernel.html"), "utf8"), /DeadKernelError: the kernel died with exit code 3/);
    const executed = JSON.parse(readFileSync(join(run.dir, "out", "quick", "exit-kernel.ipynb"), "utf8"));
    assert.equal(executed.cells[2].outputs[0].ename, "DeadKernelError");
  });

  test("the runner's Python clients and kernels were seen while it ran, and none is left", () => {
    assert.ok(run.maxProcesses >= 2, `the counter must see the client and the kernel while they run (saw ${run.maxProcesses})`);
    assert.deepEqual(run.left, []);
    assert.doesNotMatch(summary, /left behind/, "the Python client ended its kernel itself; the runner's backstop had nothing to end");
  });

  test("an interrupted run (SIGTERM) stops its kernel, saves the partial notebook and HTML, and writes its summary", async () => {
    const mark = join(mkdtempSync(join(tmpdir(), "elbolab-mark-")), "running");
    const stopped = await reproduce(["sleep", "fixture"], { ELBOLAB_FIXTURE_SLEEP: "120", ELBOLAB_FIXTURE_MARK: mark }, () => existsSync(mark), true);
    try {
      assert.equal(stopped.code, 143, stopped.stdout);
      assert.ok(stopped.maxProcesses >= 2);
      assert.deepEqual(stopped.left, []);
      const text = readFileSync(join(stopped.dir, "out", "quick", "summary.txt"), "utf8");
      assert.match(text, /^1-sleep\s+FAILED/m, text);
      assert.match(text, /^2-fixture\s+interrupted/m, "the notebook that had not started is listed as interrupted");
      assert.match(text, /\n1-sleep:\ncell 1 failed\n.*\n  error: interrupted \(SIGINT or SIGTERM\) while running this cell/, text);
      assert.doesNotMatch(text, /left behind/, "the client stopped its kernel itself within the grace period");
      assert.match(readFileSync(join(stopped.dir, "out", "quick", "1-sleep.html"), "utf8"), /interrupted \(SIGINT or SIGTERM\) while running this cell/);
    } finally {
      rmSync(stopped.dir, { recursive: true, force: true });
    }
  });
});
