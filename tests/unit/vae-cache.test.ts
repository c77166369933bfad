import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Vae, cachedVaeSweep, trainVae, vaeSnapshot, generateShapes, stableJson, tf, CACHE_ENTRY_JSON, type CachedTrainJob } from "elbolab";
import { useBackend } from "./setup";

useBackend();

const shapes = generateShapes({ n: 12, seed: 2, side: 8, positions: 3 });
const config = { inputSize: 64, hidden: [8], latentSize: 2 };
const bits = (a: ArrayLike<number>) => Array.from(a, (v) => v.toString());
const weightBits = (vae: Vae) => vaeSnapshot(vae).weights.map(bits);
const jobs: CachedTrainJob[] = [1, 4].map((beta) => ({
  name: `beta-${beta}`, settings: { beta, config }, make: () => new Vae(config, 3),
  options: { objective: { kind: "beta" as const, beta }, epochs: 2, batchSize: 4, seed: 5 },
}));
const freshRoot = () => mkdtempSync(join(tmpdir(), "elbolab-cache-"));

/** One sweep of `list` in this thread, collecting the log lines; returns runs, lines and the root's entries. */
async function sweep(root: string, list = jobs, data = shapes) {
  const lines: string[] = [];
  const runs = await cachedVaeSweep(root, list, data, { workers: 0, log: (l) => { lines.push(l); } });
  return { runs, lines, bits: runs.map((r) => weightBits(r.vae)), dispose: () => runs.forEach((r) => r.vae.dispose()) };
}

/** What `job` gives when trained here, without any cache. */
function trainedHere(job: CachedTrainJob): string[][] {
  const vae = job.make();
  trainVae(vae, shapes, job.options);
  const out = weightBits(vae);
  vae.dispose();
  return out;
}

describe("cachedVaeSweep", () => {
  test("trains on workers like trainVae here, saves, and a second call loads the same weights", async () => {
    const root = freshRoot();
    const epochs: number[] = [];
    const first = await cachedVaeSweep(root, jobs, shapes, { workers: 2, onEpoch: (job) => { epochs.push(job); } });
    assert.deepEqual(first.map((r) => r.cached), [false, false]);
    assert.deepEqual(epochs.sort(), [0, 0, 1, 1], "two epochs reported for each job");
    assert.equal(readdirSync(root).length, 2);
    for (const [i, job] of jobs.entries()) assert.deepEqual(weightBits(first[i].vae), trainedHere(job), `job ${i} trained on a worker`);
    const second = await cachedVaeSweep(root, jobs, shapes, { workers: 2 });
    assert.deepEqual(second.map((r) => r.cached), [true, true]);
    second.forEach((r, i) => assert.deepEqual(weightBits(r.vae), weightBits(first[i].vae)));
    [...first, ...second].forEach((r) => r.vae.dispose());
  });

  test("a weights file corrupted at the same length is detected, retrained with one line naming the path, and repaired", async () => {
    const root = freshRoot();
    const tensorsBefore = tf.memory().numTensors;
    const first = await sweep(root);
    const weights = join(first.runs[1].dir!, "weights.bin");
    const bytes = readFileSync(weights);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01; // one bit of one float, same length
    writeFileSync(weights, bytes);
    assert.equal(readFileSync(weights).length, bytes.length);
    const second = await sweep(root);
    assert.deepEqual(second.runs.map((r) => r.cached), [true, false]);
    assert.equal(second.lines.length, 1, second.lines.join("\n"));
    assert.match(second.lines[0], /retraining beta-4.*weights\.bin is corrupt/);
    assert.ok(second.lines[0].includes(first.runs[1].dir!), "the line names the entry's path");
    assert.deepEqual(second.bits[1], trainedHere(jobs[1]), "retrained, not loaded");
    const third = await sweep(root);
    assert.deepEqual(third.runs.map((r) => r.cached), [true, true], "the retrained entry replaced the corrupt one");
    assert.deepEqual(third.lines, []);
    [first, second, third].forEach((s) => s.dispose());
    assert.equal(tf.memory().numTensors, tensorsBefore, "training, saving, loading and retraining leave no tensor behind");
  });

  test("a truncated model.json is retrained with one clear line, not a bare SyntaxError", async () => {
    const root = freshRoot();
    const first = await sweep(root, jobs.slice(0, 1));
    const modelJson = join(first.runs[0].dir!, "model.json");
    const text = readFileSync(modelJson, "utf8");
    writeFileSync(modelJson, text.slice(0, Math.floor(text.length / 2)));
    const second = await sweep(root, jobs.slice(0, 1));
    assert.equal(second.runs[0].cached, false);
    assert.deepEqual(second.lines.length, 1);
    assert.match(second.lines[0], /retraining beta-1.*model\.json is corrupt or truncated/);
    assert.ok(second.lines[0].includes(first.runs[0].dir!));
    assert.deepEqual(second.bits[0], first.bits[0]);
    [first, second].forEach((s) => s.dispose());
  });

  test("an entry without its checksum file or written for another key is retrained, never loaded", async () => {
    const root = freshRoot();
    const first = await sweep(root);
    rmSync(join(first.runs[0].dir!, CACHE_ENTRY_JSON));
    const entry = join(first.runs[1].dir!, CACHE_ENTRY_JSON);
    writeFileSync(entry, JSON.stringify({ ...JSON.parse(readFileSync(entry, "utf8")), key: "0".repeat(64) }));
    const second = await sweep(root);
    assert.deepEqual(second.runs.map((r) => r.cached), [false, false]);
    assert.match(second.lines[0], /retraining beta-1.*incomplete entry/);
    assert.match(second.lines[1], /retraining beta-4.*stale entry/);
    [first, second].forEach((s) => s.dispose());
  });

  test("changing any training option, the data or the initial weights misses the cache", async () => {
    const root = freshRoot();
    const base = jobs[0];
    const first = await sweep(root, [base]);
    // the notebook's settings are the same in every variant: the key comes from the options object itself
    const variants: [string, CachedTrainJob, typeof shapes][] = [
      ["learning rate", { ...base, options: { ...base.options, learningRate: 0.5 } }, shapes],
      ["epochs", { ...base, options: { ...base.options, epochs: 3 } }, shapes],
      ["batch size", { ...base, options: { ...base.options, batchSize: 5 } }, shapes],
      ["β", { ...base, options: { ...base.options, objective: { kind: "beta", beta: 1.5 } } }, shapes],
      ["dynamic binarisation", { ...base, options: { ...base.options, binarize: true } }, shapes],
      ["seed", { ...base, options: { ...base.options, seed: 6 } }, shapes],
      ["an option added later", { ...base, options: { ...base.options, futureOption: [{ epochs: 1 }] } as never }, shapes],
      ["model seed", { ...base, make: () => new Vae(config, 4) }, shapes],
      ["one pixel of the data", base, { ...shapes, images: shapes.images.map((v, i) => (i === 7 ? 1 - v : v)) }],
    ];
    for (const [what, job, data] of variants) {
      const lines: string[] = [];
      const runs = await cachedVaeSweep(root, [job], data, { workers: 0, log: (l) => { lines.push(l); } });
      assert.equal(runs[0].cached, false, `changing the ${what} must miss the cache`);
      assert.notEqual(runs[0].dir, first.runs[0].dir, `the ${what} is part of the key`);
      assert.deepEqual(lines, []);
      runs[0].vae.dispose();
    }
    const again = await sweep(root, [{ ...base, options: { seed: 5, batchSize: 4, epochs: 2, objective: { beta: 1, kind: "beta" } } }]);
    assert.equal(again.runs[0].cached, true, "the same options written in another order hit");
    const explicitDefault = await sweep(root, [{ ...base, options: { ...base.options, binarize: undefined } }]);
    assert.equal(explicitDefault.runs[0].cached, true, "an option left undefined is the default, as JSON has it");
    [first, again, explicitDefault].forEach((s) => s.dispose());
  });

  test("the entry records what its key covers: options, model, data, library, TensorFlow.js version and backend", async () => {
    const root = freshRoot();
    const first = await sweep(root, jobs.slice(0, 1));
    const entry = JSON.parse(readFileSync(join(first.runs[0].dir!, CACHE_ENTRY_JSON), "utf8"));
    assert.deepEqual(entry.material.options, jobs[0].options);
    assert.deepEqual(entry.material.settings, jobs[0].settings);
    assert.equal(entry.material.backend, tf.getBackend());
    assert.equal(entry.material.tfjs.tfjs, tf.version.tfjs);
    assert.match(entry.material.library.distSha256, /^[0-9a-f]{64}$/);
    assert.match(entry.material.data, /^[0-9a-f]{64}$/);
    assert.match(entry.material.model.initialWeightsSha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(entry.files).sort(), ["model.json", "weights.bin"]);
    assert.ok(!readdirSync(root).some((d) => d.includes(".partial-")), "no temporary directory left");
    first.dispose();
  });

  test("without a root nothing is cached; bad jobs are errors naming them, and nothing leaks", async () => {
    const runs = await cachedVaeSweep(null, jobs.slice(0, 1), shapes, { workers: 0 });
    assert.equal(runs[0].cached, false);
    assert.equal(runs[0].dir, null);
    runs[0].vae.dispose();
    const before = tf.memory().numTensors;
    await assert.rejects(cachedVaeSweep(null, [{ ...jobs[0], name: "../x" }], shapes), /Argument 'jobs\[0\]\.name' passed to 'cachedVaeSweep'/);
    await assert.rejects(cachedVaeSweep(null, [{ ...jobs[0], make: 3 as never }], shapes), /Argument 'jobs\[0\]\.make' passed to 'cachedVaeSweep'/);
    await assert.rejects(cachedVaeSweep(null, [jobs[0], { ...jobs[1], options: { ...jobs[1].options, onEpoch: () => {} } as never }], shapes),
      /Argument 'jobs\[1\]\.options\.onEpoch' passed to 'cachedVaeSweep'.*no callbacks/);
    await assert.rejects(cachedVaeSweep(freshRoot(), [{ ...jobs[0], options: { ...jobs[0].options, learningRate: NaN } }], shapes),
      /Argument 'jobs\[0\]\.options\.learningRate' passed to 'cachedVaeSweep' must be a finite number/);
    await assert.rejects(cachedVaeSweep(null, [{ ...jobs[0], settings: { data: new Float32Array(2) } }], shapes), /'jobs\[0\]\.settings\.data'.*Float32Array/);
    await assert.rejects(cachedVaeSweep(null, jobs, { ...shapes, n: 13 }), /Argument 'data\.images' passed to 'cachedVaeSweep'/);
    assert.equal(tf.memory().numTensors, before, "VAEs built before the error are disposed");
  });
});

describe("stableJson", () => {
  test("sorts keys at every depth and rejects what JSON would drop or change, naming the path", () => {
    assert.equal(stableJson({ b: [1, { y: 2, x: "s" }], a: null, c: undefined }, "v", "f"), '{"a":null,"b":[1,{"x":"s","y":2}]}');
    assert.equal(stableJson(Object.assign(Object.create(null), { z: true }), "v", "f"), '{"z":true}');
    const shared = { k: 1 };
    assert.equal(stableJson({ p: shared, q: shared }, "v", "f"), '{"p":{"k":1},"q":{"k":1}}', "a shared object is not a cycle");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const [value, path] of [
      [{ f: () => 1 }, "v.f"], [{ a: [1, Infinity] }, "v.a[1]"], [{ n: NaN }, "v.n"], [{ b: 1n }, "v.b"],
      [[undefined], "v[0]"], [{ d: new Date(0) }, "v.d"], [{ s: Symbol("s") }, "v.s"], [cyclic, "v.self"],
    ] as [unknown, string][]) {
      assert.throws(() => stableJson(value, "v", "f"), (e: Error) => e.message.includes(`'${path}'`) && e.message.includes("'f'"), path);
    }
  });
});
