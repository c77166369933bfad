/**
 * `npm run protocol` killed by SIGKILL mid-training, twice at seeded points, and started again continues to the same
 * bits as a run never interrupted: every parameter, Adam's moments and both random streams of every model's final
 * checkpoint, and the evaluated test bound per image in stages.json. A small model (784-8-2) on 200 MNIST digits,
 * 4 passes (stages 1 and 4), so a run takes seconds; the script is the real command, run as a child process.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Random, listCheckpoints, readCheckpoint, readProtocolStages } from "elbolab";

const script = resolve(__dirname, "../../scripts/protocol.ts");
const small = ["--passes", "4", "--train-size", "200", "--test-size", "30", "--eval-k", "20", "--hidden", "8", "--latent", "2",
  "--workers", "0", "--checkpoint-steps", "6", "--progress-seconds", "0"];

/** Runs the script into `out`; with `killAfter`, SIGKILLs it `delayMs` after its `lines`-th line of stdout. */
function run(out: string, killAfter?: { lines: number; delayMs: number }): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...small, "--out", out], {
      env: { ...process.env, ELBOLAB_BACKEND: process.env.ELBOLAB_BACKEND ?? "wasm" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "", stderr = "", lines = 0, armed = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      lines += d.toString().split("\n").length - 1;
      if (killAfter && !armed && lines >= killAfter.lines) {
        armed = true;
        setTimeout(() => child.kill("SIGKILL"), killAfter.delayMs);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("exit", (code, signal) => {
      if (code !== 0 && signal !== "SIGKILL") fail(new Error(`protocol exited with ${code}: ${stderr}`));
      else done({ code, signal, stdout });
    });
  });
}

const hex = (a: Float32Array[]) => a.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("hex"));

/** Everything of a folder that must be identical: final checkpoints' numbers and the stage results (timings aside). */
function outcome(out: string) {
  const models = ["vae", "iwae5", "iwae50"].map((m) => {
    const newest = listCheckpoints(join(out, "checkpoints", m))[0];
    const { state } = readCheckpoint(newest.path);
    return { model: m, file: newest.path.slice(out.length), step: state.step, epoch: state.epoch, weights: hex(state.weights),
      m: hex([state.adam.m]), v: hex([state.adam.v]), powers: [state.adam.accBeta1, state.adam.accBeta2], iterations: state.adam.iterations, bits: state.bits, order: state.orderAtEpoch };
  });
  const stages = readProtocolStages(out)!;
  const results = stages.results.map(({ trainingSeconds: _t, evaluationSeconds: _e, ...r }) => r);
  return { models, results };
}

describe("npm run protocol: SIGKILL and restart", () => {
  test("killed twice mid-training at seeded points and restarted, it ends with the bits of an uninterrupted run", async () => {
    const root = mkdtempSync(join(tmpdir(), "elbolab-protocol-"));
    const straight = join(root, "straight"), killed = join(root, "killed");
    const rng = new Random(2112);
    const kills = [0, 1].map(() => ({ lines: 3 + rng.integer(20), delayMs: rng.integer(400) }));
    const [reference] = await Promise.all([run(straight), (async () => {
      const signals: (string | null)[] = [];
      for (const k of kills) signals.push((await run(killed, k)).signal);
      const last = await run(killed);
      return { signals, last };
    })().then((r) => {
      assert.ok(r.signals.includes("SIGKILL"), `at least one run must have been killed (kill points ${JSON.stringify(kills)})`);
      assert.equal(r.last.code, 0);
    })]);
    assert.equal(reference.code, 0);
    const a = outcome(straight), b = outcome(killed);
    assert.equal(a.results.length, 6, "3 models × stages 1 and 4");
    assert.deepEqual(b.models, a.models);
    assert.deepEqual(b.results, a.results);
    rmSync(root, { recursive: true });
  });
});
