/**
 * Resumable training in one process: VaeTraining stopped between two steps, its state written to a checkpoint
 * file and read back, continued on a fresh VAE, ends with the bits of trainVae in one go; Random and Adam state
 * round trips; checkpoint files refused when corrupt, with the file named, and the previous one used instead;
 * runProtocol folders: a stage is evaluated once, other settings, a running owner and an edited stages.json refused.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Vae, VaeTraining, trainVae, generateShapes, Random, tf, writeCheckpoint, readCheckpoint,
  latestCheckpoint, checkpointFileName, pruneCheckpoints, listCheckpoints, iwaeStageBoundaries, CheckpointError,
  vaeSnapshot, runProtocol, readProtocolStages, type TrainVaeOptions,
} from "elbolab";
import { assertArgumentError, assertNoTensorLeak, useBackend } from "./setup";

useBackend();

// grey levels (0.1 or 0.9), so the binarisation stream matters
const binary = generateShapes({ n: 50, seed: 3, side: 8, positions: 3 });
const shapes = { ...binary, images: binary.images.map((v) => 0.1 + 0.8 * v) };
const config = { inputSize: 64, hidden: [10], latentSize: 3 };
const options: TrainVaeOptions = { objective: { kind: "iwae", k: 3 }, epochs: 3, batchSize: 8, seed: 11, binarize: true, learningRates: [3e-3, 2e-3, 1e-3] };
const tmp = () => mkdtempSync(join(tmpdir(), "elbolab-ckpt-"));
const bits = (arrays: Float32Array[]) => arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex"));

describe("VaeTraining: stopped, checkpointed and resumed = trainVae in one go", () => {
  test("every pause point (mid-epoch and at epoch ends), through a checkpoint file, gives the same weights bit for bit", () => {
    const reference = new Vae(config, 5);
    const history = trainVae(reference, shapes, options);
    const expected = bits(vaeSnapshot(reference).weights);
    reference.dispose();
    const dir = tmp();
    const stepsPerEpoch = Math.ceil(shapes.n / 8);
    for (const stopAt of [1, 4, stepsPerEpoch, stepsPerEpoch + 3, 2 * stepsPerEpoch]) {
      const first = new Vae(config, 5);
      const a = new VaeTraining(first, shapes, options);
      let steps = 0;
      assert.equal(a.run(() => ++steps >= stopAt), false);
      const path = join(dir, checkpointFileName(a.position.step));
      writeCheckpoint(path, { state: a.state(), meta: { stopAt } });
      a.close();
      first.dispose();
      const back = readCheckpoint(path);
      assert.equal(back.meta.stopAt, stopAt);
      const second = new Vae(config, 99); // other initial weights: all overwritten by the state
      const b = VaeTraining.resume(second, shapes, options, back.state);
      assert.equal(b.run(), true);
      b.close();
      assert.deepEqual(bits(vaeSnapshot(second).weights), expected, `stopped after ${stopAt} steps`);
      assert.deepEqual(b.history.map((h) => h.objective), history.map((h) => h.objective));
      second.dispose();
    }
    rmSync(dir, { recursive: true });
  });

  test("a resumed training leaves no tensor behind; a state that does not fit is an error naming it", () => {
    const vae = new Vae(config, 5);
    const a = new VaeTraining(vae, shapes, { ...options, epochs: 1 });
    let n = 0;
    a.run(() => ++n >= 2);
    const state = a.state();
    a.close();
    assertNoTensorLeak(() => {
      const b = VaeTraining.resume(vae, shapes, { ...options, epochs: 1 }, state);
      b.run();
      b.close();
    }, 2);
    assertArgumentError(() => VaeTraining.resume(vae, shapes, options, { ...state, row: shapes.n }), "state.row", "VaeTraining.resume");
    assertArgumentError(() => VaeTraining.resume(vae, shapes, options, { ...state, weights: state.weights.slice(1) }), "weights", "assignVaeWeights");
    vae.dispose();
  });
});

describe("Random.state / Random.fromState", () => {
  test("continues with exactly the numbers the stream would draw next, including a kept Box-Muller normal", () => {
    const r = new Random(42);
    r.uniform();
    r.normal(); // leaves the second normal of the pair
    const copy = Random.fromState(JSON.parse(JSON.stringify(r.state())));
    assert.deepEqual(Array.from({ length: 7 }, () => copy.normal()), Array.from({ length: 7 }, () => r.normal()));
    assert.deepEqual(copy.permutation(20), r.permutation(20));
    assert.equal(copy.fork(3).nextUint32(), r.fork(3).nextUint32());
    assertArgumentError(() => Random.fromState({ seed: 1, words: [0, 0, 0, 0], spareNormal: null }), "state.words", "Random.fromState");
    assertArgumentError(() => Random.fromState({ seed: 1, words: [1, 2, 3, 2 ** 32], spareNormal: null }), "state.words", "Random.fromState");
    assertArgumentError(() => Random.fromState({ seed: 1, words: [1, 2, 3, 4], spareNormal: NaN }), "state.spareNormal", "Random.fromState");
  });
});

describe("checkpoint files", () => {
  const state = () => {
    const vae = new Vae(config, 5);
    const t = new VaeTraining(vae, shapes, options);
    let n = 0;
    t.run(() => ++n >= 3);
    const s = t.state();
    t.close();
    vae.dispose();
    return s;
  };

  test("a flipped byte, a truncation or a foreign file is refused with the file named; the previous checkpoint is used", () => {
    const dir = tmp();
    const s = state();
    const older = join(dir, checkpointFileName(2, "pass-1"));
    const newer = join(dir, checkpointFileName(3));
    writeCheckpoint(older, { state: { ...s, step: 2 }, meta: { which: "older" } });
    writeCheckpoint(newer, { state: s, meta: { which: "newer" } });
    const good = readFileSync(newer);
    const flipped = Buffer.from(good);
    flipped[good.length - 5] ^= 1; // one bit of the last weight
    writeFileSync(newer, flipped);
    assert.throws(() => readCheckpoint(newer), (e: Error) => e instanceof CheckpointError && e.message.includes(newer) && /SHA-256/.test(e.message));
    const lines: string[] = [];
    const found = latestCheckpoint(dir, { log: (l) => lines.push(l) });
    assert.equal(found?.checkpoint.meta.which, "older");
    assert.equal(lines.length, 1);
    assert.ok(lines[0].includes(newer), lines[0]);
    writeFileSync(newer, good.subarray(0, good.length - 100));
    assert.throws(() => readCheckpoint(newer), (e: Error) => e instanceof CheckpointError && e.message.includes(newer));
    writeFileSync(newer, "not a checkpoint\n");
    assert.throws(() => readCheckpoint(newer), /does not start with an elbolab checkpoint header/);
    writeFileSync(newer, good);
    assert.deepEqual(bits([readCheckpoint(newer).state.adam.v]), bits([s.adam.v]));
    rmSync(dir, { recursive: true });
  });

  test("pruning keeps the newest untagged checkpoints and every tagged one", () => {
    const dir = tmp();
    const s = state();
    for (const [step, tag] of [[1, undefined], [2, "pass-1"], [3, undefined], [4, undefined], [5, undefined]] as const) {
      writeCheckpoint(join(dir, checkpointFileName(step, tag)), { state: s, meta: {} });
    }
    pruneCheckpoints(dir, 2);
    assert.deepEqual(listCheckpoints(dir).map((c) => [c.step, c.tag]), [[5, null], [4, null], [2, "pass-1"]]);
    assert.equal(latestCheckpoint(join(dir, "missing")), null);
    rmSync(dir, { recursive: true });
  });

  test("iwaeStageBoundaries: the ends (3^(i+1) − 1)/2 of the schedule's stages up to a budget", () => {
    assert.deepEqual(iwaeStageBoundaries(0), []);
    assert.deepEqual(iwaeStageBoundaries(3), [1]);
    assert.deepEqual(iwaeStageBoundaries(3280), [1, 4, 13, 40, 121, 364, 1093, 3280]);
    assertArgumentError(() => iwaeStageBoundaries(1.5), "passes", "iwaeStageBoundaries");
  });
});

describe("runProtocol folders", () => {
  const tiny = { trainSize: 60, testSize: 12, evalK: 8, vaeConfig: { inputSize: 784, hidden: [6], latentSize: 2 }, workers: 0, log: () => {} };

  test("a stage already evaluated is not evaluated again; other settings or a running owner are refused", async () => {
    const out = tmp();
    const first = await runProtocol({ ...tiny, passes: 1, out, models: ["vae", "iwae5"] });
    assert.deepEqual(first.results.map((r) => [r.model, r.passes]), [["vae", 1], ["iwae5", 1]]);
    const again = await runProtocol({ ...tiny, passes: 1, out, models: ["vae", "iwae5"] });
    assert.deepEqual(again.results, first.results, "same results, timings included: nothing was re-evaluated");
    assert.deepEqual(readProtocolStages(out), first);
    await assert.rejects(runProtocol({ ...tiny, trainSize: 40, passes: 1, out }), /'options.out'.*trainSize \(60 there, 40 now\)/);
    writeFileSync(join(out, "protocol.lock"), String(process.pid));
    await assert.rejects(runProtocol({ ...tiny, passes: 1, out }), new RegExp(`in use by process ${process.pid}`));
    rmSync(join(out, "protocol.lock"));
    const stages = join(out, "stages.json");
    writeFileSync(stages, readFileSync(stages, "utf8").replace('"activeUnits":', '"activeUnits":1'));
    await assert.rejects(runProtocol({ ...tiny, passes: 1, out }), (e: Error) => e.message.includes(stages) && /sha256/.test(e.message));
    rmSync(out, { recursive: true });
  });
});
