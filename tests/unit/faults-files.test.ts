/**
 * Fault injection on files (issue 20, "Atomic, verified files everywhere"): a results writer killed with
 * SIGKILL mid-write, results and models corrupted on disk, a disposed Vae, cache roots that are files, a
 * cache write that fails after training, leftovers of dead writers, two writers of one cache entry, and
 * read errors (EISDIR, ENOTDIR, bad JSON) from MNIST and cache paths. Each case is bounded by a timeout
 * and checks that no tensor is left behind.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import {
  Random, Vae, assertDirectory, cachedVaeSweep, check, checksummedJson, generateShapes, loadMnist, parseChecksummedJson,
  readFileNamed, readJsonNamed, record, removeStaleTemporaries,
  sha256Hex, startNotebook, tf, vaeSnapshot, MNIST_FILES, type CachedTrainJob,
} from "elbolab";
import { readResults } from "../../scripts/notebook-runner";
import { assertArgumentError, useBackend } from "./setup";

useBackend();

const ROOT = resolve(__dirname, "..", "..");
const scratch = (what: string) => mkdtempSync(join(tmpdir(), `elbolab-faults-${what}-`));

/** Asserts that `promise` rejects with a message that names every one of `parts` (plain substrings). */
async function rejectsNaming(promise: Promise<unknown>, ...parts: string[]): Promise<void> {
  await assert.rejects(promise, (e: Error) => {
    for (const p of parts) assert.ok(e.message.includes(p), `the message should name ${JSON.stringify(p)}: ${e.message}`);
    assert.ok(!(e instanceof TypeError), `a TypeError is not a clear error: ${e.message}`);
    return true;
  });
}

/** The id of a process that has exited (a child that ran `node -e 0`), for leftovers of "dead writers". */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

const live = new Set<ChildProcess>();
after(() => { for (const c of live) c.kill("SIGKILL"); }); // a timed-out test leaves no child behind

/** Starts `node -e code` in the project root (so it resolves "elbolab"); lines of its stdout go to `onLine`. */
function child(code: string, env: Record<string, string>, onLine: (line: string, c: ChildProcess) => void): { c: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const c = spawn(process.execPath, ["-e", code], { cwd: ROOT, env: { ...process.env, ELBOLAB_BACKEND: "cpu", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  live.add(c);
  c.on("exit", () => live.delete(c));
  let out = "", stderr = "";
  c.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    for (let i = out.indexOf("\n"); i >= 0; i = out.indexOf("\n")) { onLine(out.slice(0, i), c); out = out.slice(i + 1); }
  });
  c.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) => c.on("exit", (code, signal) => done({ code, signal, stderr })));
  return { c, exited };
}

describe("results files: whole or not at all, verified by the reader", () => {
  const RECORDS = 50;
  const recorder = `
    const { startNotebook, record } = require("elbolab");
    (async () => {
      await startNotebook("killed", { seed: 1 });
      process.stdout.write("ready\\n");
      const t0 = performance.now();
      for (let i = 0; i < ${RECORDS}; i++) record("m" + i, i + 0.5);
      process.stdout.write("done " + (performance.now() - t0) + "\\n");
      setInterval(() => {}, 1000); // stays until killed, so every trial ends in SIGKILL
    })();`;

  /** One run of the recorder in `dir`, SIGKILLed `delayMs` after it is ready (when null: after its loop); its loop time. */
  async function recordUntilKilled(dir: string, delayMs: number | null): Promise<{ loopMs: number | null; signal: string | null }> {
    let loopMs: number | null = null;
    const run = child(recorder, { ELBOLAB_RESULTS_DIR: dir }, (line, c) => {
      if (line === "ready" && delayMs !== null) setTimeout(() => c.kill("SIGKILL"), delayMs);
      if (line.startsWith("done ")) {
        loopMs = Number(line.slice(5));
        if (delayMs === null) c.kill("SIGKILL"); // the uncut run: ended once it has recorded everything
      }
    });
    const end = await run.exited;
    assert.equal(end.signal, "SIGKILL", `the recorder ended by itself (code ${end.code}): ${end.stderr}`);
    return { loopMs, signal: end.signal };
  }

  /** The results file in `dir` is a complete version: verified checksum, metrics m0 … m(j-1) for one j. */
  function assertCompleteVersion(dir: string, trial: number): number {
    const path = join(dir, "killed.json");
    const text = readFileSync(path, "utf8");
    const r = parseChecksummedJson(text, path, "test") as { metrics: Record<string, number>; notebook: string };
    assert.equal(r.notebook, "killed");
    const j = Object.keys(r.metrics).length;
    const expected = Object.fromEntries(Array.from({ length: j }, (_, i) => [`m${i}`, i + 0.5]));
    assert.deepEqual(r.metrics, expected, `trial ${trial}: the file is the version after ${j} records, in order`);
    assert.equal(readResults(path).error, "", `trial ${trial}: the harness's reader accepts it`);
    return j;
  }

  test(`a writer SIGKILLed at ${RECORDS} random points of ${RECORDS} record() calls leaves a complete previous or new version every time`, { timeout: 600_000 }, async () => {
    const calibration = scratch("calibrate");
    const { loopMs } = await recordUntilKilled(calibration, null);
    assert.ok(loopMs !== null && loopMs > 0, "the uncut run reports its loop time");
    assert.equal(assertCompleteVersion(calibration, -1), RECORDS, "an uncut run records everything");
    const rng = new Random(20);
    const delays = Array.from({ length: 50 }, () => rng.uniform() * loopMs!);
    const counts: number[] = [];
    let leftovers = 0;
    for (let t = 0; t < delays.length; t += 2) { // two at a time: the machine has two cores
      const dirs = [t, t + 1].map(() => scratch("kill"));
      const ends = await Promise.all(dirs.map((d, i) => recordUntilKilled(d, delays[t + i])));
      dirs.forEach((d, i) => {
        counts.push(assertCompleteVersion(d, t + i));
        leftovers += removeStaleTemporaries(join(d, "killed.json"));
        assert.deepEqual(readdirSync(d), ["killed.json"], "a dead writer's temporary file is removed by removeStaleTemporaries");
        rmSync(d, { recursive: true });
      });
    }
    const cut = counts.filter((j) => j < RECORDS).length;
    console.log(`  ${cut} of ${counts.length} kills landed inside the loop (records kept: ${counts.join(" ")}); ${leftovers} temporary files of killed writers removed`);
    assert.ok(cut > 0, "at least one kill interrupted the loop (else the test tested nothing)");
  });

  test("the harness's reader rejects an altered, unchecksummed or truncated results file, naming it", { timeout: 30_000 }, async () => {
    const dir = scratch("results");
    process.env.ELBOLAB_RESULTS_DIR = dir;
    try {
      await startNotebook("verified", { seed: 2 });
      record("a", 1.25);
      check("c", true, "holds", { kind: "sanity" });
    } finally {
      delete process.env.ELBOLAB_RESULTS_DIR;
    }
    const path = join(dir, "verified.json");
    const text = readFileSync(path, "utf8");
    const ok = readResults(path);
    assert.equal(ok.error, "");
    assert.deepEqual(ok.results!.metrics, { a: 1.25 });
    assert.deepEqual(Object.keys(JSON.parse(text)), ["notebook", "mode", "backend", "seed", "startedAt", "metrics", "tolerances", "checks", "sha256"], "the readable shape is kept, the checksum comes last");
    assert.deepEqual(readdirSync(dir), ["verified.json"], "no temporary file is left by the writer");
    const cases: [string, string, RegExp][] = [
      ["a changed metric", text.replace("1.25", "1.5"), /does not match its SHA-256/],
      ["a changed verdict", text.replace('"passed": true', '"passed": false'), /does not match its SHA-256/],
      ["no checksum", JSON.stringify({ ...JSON.parse(text), sha256: undefined }), /without its 'sha256' checksum/],
      ["a truncated file", text.slice(0, Math.floor(text.length / 2)), /is not valid JSON/],
    ];
    for (const [what, content, message] of cases) {
      writeFileSync(path, content);
      const r = readResults(path);
      assert.equal(r.results, null, what);
      assert.match(r.error, message, what);
      assert.ok(r.error.includes(path), `${what}: the error names the file`);
    }
  });
});

describe("record: names and tolerances", () => {
  test("'__proto__' is refused, not lost; bad tolerances are errors naming the field and 'record', nothing written", { timeout: 30_000 }, async () => {
    const dir = scratch("record");
    process.env.ELBOLAB_RESULTS_DIR = dir;
    try {
      await startNotebook("tolerances", { seed: 3 });
      record("kept", 2, { abs: 0.5, rel: 0, why: "a reason" });
      const before = readFileSync(join(dir, "tolerances.json"), "utf8");
      assertArgumentError(() => record("__proto__", 5), "name", "record");
      const bad: [unknown, string][] = [
        [{ abs: Number.NaN }, "tolerance.abs"], [{ abs: Infinity }, "tolerance.abs"], [{ abs: -1 }, "tolerance.abs"],
        [{ rel: "x" }, "tolerance.rel"], [{ rel: -Infinity }, "tolerance.rel"], [{ abs: -1, rel: "x" }, "tolerance.abs"],
        [{ relative: 1e-3 }, "tolerance.relative"], [{ why: 3 }, "tolerance.why"], [5, "tolerance"], [[0.1], "tolerance"],
      ];
      for (const [tolerance, field] of bad) {
        assert.throws(() => record("m", 1, tolerance as never), (e: Error) => {
          assert.equal(e.name, "ArgumentError", e.message);
          assert.ok(e.message.includes(`'${field} (metric 'm')'`), `names ${field}: ${e.message}`);
          assert.ok(e.message.includes("'record'"), e.message);
          return true;
        }, JSON.stringify(tolerance));
      }
      assert.equal(readFileSync(join(dir, "tolerances.json"), "utf8"), before, "a refused record changes nothing");
      record("constructor", 7); // an ordinary own property: kept like any other name
      const r = parseChecksummedJson(readFileSync(join(dir, "tolerances.json"), "utf8"), "tolerances.json", "test") as { metrics: object; tolerances: object };
      assert.deepEqual(r.metrics, { kept: 2, constructor: 7 });
      assert.deepEqual(r.tolerances, { kept: { abs: 0.5, rel: 0, why: "a reason" } });
    } finally {
      delete process.env.ELBOLAB_RESULTS_DIR;
    }
  });
});

describe("Vae.save / Vae.load: verified files", () => {
  const config = { inputSize: 16, hidden: [5], latentSize: 2 };
  const bitsOf = (vae: Vae) => vaeSnapshot(vae).weights.map((w) => Array.from(w, String));

  test("corrupt, truncated, non-JSON and missing files are errors naming the file and 'Vae.load'; nothing leaks", { timeout: 60_000 }, async () => {
    const dir = scratch("vae");
    const vae = new Vae(config, 1);
    await vae.save(dir, { note: "x" });
    assert.deepEqual(readdirSync(dir).sort(), ["model.json", "weights.bin"], "no temporary files left beside the model");
    const modelJson = join(dir, "model.json"), weights = join(dir, "weights.bin");
    const json = JSON.parse(readFileSync(modelJson, "utf8"));
    const good = readFileSync(weights);
    assert.equal(json.weightsSha256["weights.bin"], sha256Hex(good), "model.json records the SHA-256 of weights.bin");
    const baseline = tf.memory().numTensors;
    const restore = () => { writeFileSync(weights, good); writeFileSync(modelJson, JSON.stringify(json)); };
    const flipped = Buffer.from(good); flipped[Math.floor(good.length / 3)] ^= 0x01;
    const cases: [string, () => void, string[]][] = [
      ["weights.bin overwritten with 0xFF", () => writeFileSync(weights, Buffer.alloc(good.length, 0xff)), [weights, "SHA-256"]],
      ["one flipped byte", () => writeFileSync(weights, flipped), [weights, "SHA-256"]],
      ["a truncated weights.bin", () => writeFileSync(weights, good.subarray(0, good.length - 4)), ["weights.bin", "manifest describes", dir]],
      ["model.json not JSON", () => writeFileSync(modelJson, "{ not json"), [modelJson, "not valid JSON"]],
      ["model.json truncated", () => writeFileSync(modelJson, JSON.stringify(json).slice(0, 40)), [modelJson, "not valid JSON"]],
      ["weights.bin missing", () => rmSync(weights), [weights]],
      ["weights.bin a directory", () => { rmSync(weights); mkdirSync(weights); }, [weights, "EISDIR"]],
      ["model.json missing", () => rmSync(modelJson), [modelJson]],
    ];
    for (const [what, corrupt, parts] of cases) {
      corrupt();
      await rejectsNaming(Vae.load(dir), "'Vae.load'", ...parts);
      assert.equal(tf.memory().numTensors, baseline, `${what}: no tensor left behind`);
      rmSync(weights, { recursive: true, force: true });
      restore();
    }
    const back = await Vae.load(dir);
    assert.deepEqual(bitsOf(back.vae), bitsOf(vae), "restored files load again, bit for bit");
    await rejectsNaming(Vae.load(join(dir, "weights.bin")), "'Vae.load'", join(dir, "weights.bin"), "not a directory");
    const asFile = join(dir, "a-file");
    writeFileSync(asFile, "x");
    await rejectsNaming(vae.save(asFile), "'Vae.save'", asFile);
    await rejectsNaming(vae.save(join(asFile, "under")), "'Vae.save'", asFile);
    back.vae.dispose(); vae.dispose();
    rmSync(dir, { recursive: true });
  });

  test("a model saved before the checksum is refused with a message to re-save; allowUnverified loads it after length and finiteness checks", { timeout: 60_000 }, async () => {
    const dir = scratch("legacy");
    const vae = new Vae(config, 2);
    await vae.save(dir);
    const modelJson = join(dir, "model.json"), weights = join(dir, "weights.bin");
    const json = JSON.parse(readFileSync(modelJson, "utf8"));
    delete json.weightsSha256;
    writeFileSync(modelJson, JSON.stringify(json)); // what the library wrote before this change
    const baseline = tf.memory().numTensors;
    await rejectsNaming(Vae.load(dir), "'Vae.load'", modelJson, "records no SHA-256", "Re-save");
    const old = await Vae.load(dir, { allowUnverified: true });
    assert.deepEqual(bitsOf(old.vae), bitsOf(vae));
    await old.vae.save(dir); // re-saved: verified from now on
    assert.equal(JSON.parse(readFileSync(modelJson, "utf8")).weightsSha256["weights.bin"], sha256Hex(readFileSync(weights)));
    writeFileSync(modelJson, JSON.stringify(json));
    writeFileSync(weights, Buffer.alloc(readFileSync(weights).length, 0xff));
    await rejectsNaming(Vae.load(dir, { allowUnverified: true }), "'Vae.load'", "non-finite weight", "NaN");
    old.vae.dispose();
    assert.equal(tf.memory().numTensors, baseline, "no tensor left behind by the refused loads");
    vae.dispose();
    rmSync(dir, { recursive: true });
  });

  test("a disposed Vae used again is an error naming the method, not a TypeError", { timeout: 30_000 }, async () => {
    const vae = new Vae(config, 3);
    vae.dispose();
    vae.dispose(); // twice is harmless
    assert.equal(vae.isDisposed, true);
    const x = tf.zeros([2, 16]), h = tf.zeros([2, 2]);
    const calls: [string, () => unknown][] = [
      ["Vae.encode", () => vae.encode(x)],
      ["Vae.decode", () => vae.decode(h)],
      ["Vae.objective", () => vae.objective(x, { kind: "elbo" }, 1)],
      ["Vae.logWeights", () => vae.logWeights(x, 3, 1)],
      ["Vae.terms", () => vae.terms(x, 1)],
      ["Vae.posterior", () => vae.posterior(new Float32Array(32))],
      ["Vae.variables", () => vae.variables],
    ];
    const baseline = tf.memory().numTensors;
    for (const [fn, call] of calls) {
      assert.throws(call, (e: Error) => e.name === "ArgumentError" && e.message.includes(`'${fn}'`) && /disposed/.test(e.message), fn);
    }
    await rejectsNaming(vae.save(scratch("disposed")), "'Vae.save'", "disposed");
    tf.dispose([x, h]);
    assert.equal(tf.memory().numTensors, baseline - 2, "the refused calls left no tensor");
  });
});

describe("MNIST paths: errors name the path and 'loadMnist'", () => {
  test("a directory that is a file, a path under a file, a file that is a directory", { timeout: 30_000 }, () => {
    const dir = scratch("mnist");
    const file = join(dir, "not-a-directory");
    writeFileSync(file, "x");
    const names = (f: () => unknown, ...parts: string[]) => assert.throws(f, (e: Error) => {
      assert.equal(e.name, "ArgumentError", e.message);
      for (const p of ["'options.directory'", "'loadMnist'", ...parts]) assert.ok(e.message.includes(p), `names ${p}: ${e.message}`);
      return true;
    });
    names(() => loadMnist({ directory: file }), file, "not a directory");
    names(() => loadMnist({ directory: join(file, "below") }), join(file, "below"), "ENOTDIR");
    mkdirSync(join(dir, "set", MNIST_FILES.trainImages.file), { recursive: true });
    names(() => loadMnist({ directory: join(dir, "set") }), join(dir, "set", MNIST_FILES.trainImages.file), "EISDIR");
    rmSync(dir, { recursive: true });
  });
});

describe("cachedVaeSweep: roots, leftovers, failed writes, two writers", () => {
  const shapes = generateShapes({ n: 12, seed: 2, side: 8, positions: 3 });
  const config = { inputSize: 64, hidden: [8], latentSize: 2 };
  const job = (epochs = 2): CachedTrainJob => ({
    name: "beta-1", settings: { config }, make: () => new Vae(config, 3),
    options: { objective: { kind: "beta", beta: 1 }, epochs, batchSize: 4, seed: 5 },
  });
  const weightBits = (vae: Vae) => vaeSnapshot(vae).weights.map((w) => Array.from(w, String));

  test("a root that is a file, or lies under one, is an error naming it before anything is built or trained", { timeout: 30_000 }, async () => {
    const dir = scratch("root");
    const file = join(dir, "file");
    writeFileSync(file, "x");
    const baseline = tf.memory().numTensors;
    let epochs = 0, made = 0;
    const counted: CachedTrainJob = { ...job(), make: () => { made++; return new Vae(config, 3); } };
    for (const root of [file, join(file, "cache")]) {
      await rejectsNaming(cachedVaeSweep(root, [counted], shapes, { workers: 0, onEpoch: () => { epochs++; } }), "'root'", "'cachedVaeSweep'", root);
    }
    assert.equal(made + epochs, 0, "no model was built and none trained");
    assert.equal(tf.memory().numTensors, baseline);
    rmSync(dir, { recursive: true });
  });

  test("a write that fails after training (the root replaced by a file) is an error naming the entry, and leaks no tensor", { timeout: 60_000 }, async () => {
    const dir = scratch("fail");
    const root = join(dir, "cache");
    const baseline = tf.memory().numTensors;
    let replaced = false;
    const onEpoch = () => {
      if (replaced) return;
      replaced = true;
      renameSync(root, join(dir, "moved"));
      writeFileSync(root, "not a directory any more");
    };
    await rejectsNaming(cachedVaeSweep(root, [job(), { ...job(), name: "second" }], shapes, { workers: 0, onEpoch }), "'root'", "'cachedVaeSweep'", "could not store the entry", root);
    assert.ok(replaced, "the fault was injected during training");
    assert.equal(tf.memory().numTensors, baseline, "both trained models were disposed");
    rmSync(dir, { recursive: true });
  });

  test("leftovers of dead writers (partial entries, locks) are removed, a live process's are kept, and a directory for model.json is retrained", { timeout: 60_000 }, async () => {
    const root = scratch("leftovers");
    const first = await cachedVaeSweep(root, [job()], shapes, { workers: 0, log: () => {} });
    const entry = first[0].dir!;
    const dead = deadPid();
    mkdirSync(`${entry}.partial-${dead}`);                      // the old naming: <entry>.partial-PID
    writeFileSync(join(`${entry}.partial-${dead}`, "weights.bin"), "half");
    mkdirSync(`${entry}.partial-${dead}-3`);                    // the naming of this version
    mkdirSync(`${entry}.partial-1-0`);                          // pid 1 runs: not a leftover
    writeFileSync(`${entry}.lock`, String(dead));               // a lock whose process died
    const lines: string[] = [];
    const second = await cachedVaeSweep(root, [job()], shapes, { workers: 0, log: (l) => { lines.push(l); } });
    assert.deepEqual(second.map((r) => r.cached), [true], lines.join("\n"));
    assert.equal(lines.length, 0, "a dead process's lock is removed without waiting");
    const left = readdirSync(root).sort();
    assert.deepEqual(left, [entry.slice(root.length + 1), `${entry.slice(root.length + 1)}.partial-1-0`], "only the entry and the live process's directory remain");
    rmSync(join(entry, "model.json"));
    mkdirSync(join(entry, "model.json"));
    const third = await cachedVaeSweep(root, [job()], shapes, { workers: 0, log: (l) => { lines.push(l); } });
    assert.deepEqual(third.map((r) => r.cached), [false]);
    assert.match(lines.join("\n"), /retraining beta-1.*model\.json is unreadable.*EISDIR/);
    assert.deepEqual(weightBits(third[0].vae), weightBits(first[0].vae), "retrained to the same bits");
    [first, second, third].forEach((runs) => runs.forEach((r) => r.vae.dispose()));
    rmSync(root, { recursive: true });
  });

  test("an entry saved before model.json carried its checksum is retrained with a reason", { timeout: 60_000 }, async () => {
    const root = scratch("legacy-cache");
    const first = await cachedVaeSweep(root, [job()], shapes, { workers: 0, log: () => {} });
    const entry = first[0].dir!;
    const modelJson = join(entry, "model.json");
    const json = JSON.parse(readFileSync(modelJson, "utf8"));
    delete json.weightsSha256;
    writeFileSync(modelJson, JSON.stringify(json));
    const cacheEntry = JSON.parse(readFileSync(join(entry, "cache-entry.json"), "utf8"));
    cacheEntry.files["model.json"] = sha256Hex(readFileSync(modelJson)); // a complete entry of the old kind
    writeFileSync(join(entry, "cache-entry.json"), JSON.stringify(cacheEntry));
    const lines: string[] = [];
    const second = await cachedVaeSweep(root, [job()], shapes, { workers: 0, log: (l) => { lines.push(l); } });
    assert.deepEqual(second.map((r) => r.cached), [false]);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /retraining beta-1.*Vae\.load failed.*records no SHA-256/);
    [first, second].forEach((runs) => runs.forEach((r) => r.vae.dispose()));
    rmSync(root, { recursive: true });
  });

  test("two interleaved sweeps of one entry: one trains, the other waits and loads it", { timeout: 60_000 }, async () => {
    const root = scratch("interleaved");
    const baseline = tf.memory().numTensors;
    const lines: string[][] = [[], []];
    const [a, b] = await Promise.all([0, 1].map((s) => cachedVaeSweep(root, [job(6)], shapes, { workers: 0, log: (l) => { lines[s].push(l); } })));
    assert.deepEqual([a[0].cached, b[0].cached], [false, true], "the second found the first's entry");
    assert.equal(lines[0].length, 0);
    assert.equal(lines[1].length, 1, lines[1].join("\n"));
    assert.match(lines[1][0], new RegExp(`waiting for process ${process.pid}, which is training or saving beta-1`));
    assert.deepEqual(weightBits(b[0].vae), weightBits(a[0].vae));
    assert.deepEqual(readdirSync(root), [a[0].dir!.slice(root.length + 1)], "no lock or partial directory is left");
    [a, b].forEach((runs) => runs.forEach((r) => r.vae.dispose()));
    assert.equal(tf.memory().numTensors, baseline);
    rmSync(root, { recursive: true });
  });

  test("two processes writing one entry both succeed, and only one trains", { timeout: 120_000 }, async () => {
    const root = scratch("two-writers");
    const code = `
      const { cachedVaeSweep, generateShapes, initBackend, Vae, vaeSnapshot } = require("elbolab");
      const { createHash } = require("node:crypto");
      (async () => {
        await initBackend();
        const shapes = generateShapes({ n: 12, seed: 2, side: 8, positions: 3 });
        const config = ${JSON.stringify(config)};
        process.stdout.write("ready\\n");
        await new Promise((go) => process.stdin.once("data", go));
        const runs = await cachedVaeSweep(${JSON.stringify(root)}, [{ name: "beta-1", settings: { config }, make: () => new Vae(config, 3),
          options: { objective: { kind: "beta", beta: 1 }, epochs: 40, batchSize: 4, seed: 5 } }], shapes,
          { workers: 0, log: (l) => process.stdout.write("log " + l + "\\n") });
        const h = createHash("sha256");
        for (const w of vaeSnapshot(runs[0].vae).weights) h.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
        process.stdout.write("result " + JSON.stringify({ cached: runs[0].cached, weights: h.digest("hex") }) + "\\n");
        process.stdin.destroy();
      })();`;
    const results: { cached: boolean; weights: string }[] = [];
    const logs: string[] = [];
    let ready = 0;
    const writers = [0, 1].map(() => child(code, {}, (line) => {
      if (line === "ready" && ++ready === 2) writers.forEach((w) => w.c.stdin!.write("go\n"));
      if (line.startsWith("result ")) results.push(JSON.parse(line.slice(7)));
      if (line.startsWith("log ")) logs.push(line.slice(4));
    }));
    const ends = await Promise.all(writers.map((w) => w.exited));
    ends.forEach((e, i) => assert.equal(e.code, 0, `writer ${i} failed: ${e.stderr}`));
    assert.equal(results.length, 2);
    assert.deepEqual(results.map((r) => r.cached).sort(), [false, true], `exactly one trained; logs: ${logs.join(" | ")}`);
    assert.equal(results[0].weights, results[1].weights, "both hold the same weights");
    console.log(`  the loading writer ${logs.some((l) => /waiting for process/.test(l)) ? "waited for the training one" : "started after the entry was stored"}`);
    assert.equal(readdirSync(root).length, 1, `only the entry remains: ${readdirSync(root).join(", ")}`);
    assert.ok(existsSync(join(root, readdirSync(root)[0], "cache-entry.json")));
    rmSync(root, { recursive: true });
  });
});

describe("file helpers: bad inputs name the argument and the function", () => {
  test("checksummedJson, parseChecksummedJson, readFileNamed, readJsonNamed, assertDirectory", { timeout: 30_000 }, () => {
    const dir = scratch("helpers");
    const file = join(dir, "f.json");
    writeFileSync(file, "[1, 2");
    assertArgumentError(() => checksummedJson(null as never, "value", "caller"), "value", "caller");
    assertArgumentError(() => checksummedJson([1] as never, "value", "caller"), "value", "caller");
    assertArgumentError(() => checksummedJson({ sha256: "x" }, "value", "caller"), "value", "caller");
    assertArgumentError(() => checksummedJson({ a: Number.NaN }, "value", "caller"), "value.a", "caller");
    const text = checksummedJson({ b: [1, "two"], a: { c: null } }, "value", "caller");
    assert.deepEqual(parseChecksummedJson(text, file, "caller"), { b: [1, "two"], a: { c: null } });
    assert.deepEqual(parseChecksummedJson(JSON.stringify(JSON.parse(text)), file, "caller"), { b: [1, "two"], a: { c: null } }, "re-indented text still verifies");
    for (const bad of ["[1, 2", "[1]", "null", JSON.stringify({ a: 1 }), text.replace('"two"', '"three"')]) {
      assert.throws(() => parseChecksummedJson(bad, file, "caller"), (e: Error) => e.message.includes("'caller'") && e.message.includes(file), bad);
    }
    assertArgumentError(() => readFileNamed(join(dir, "missing"), "input", "caller"), "input", "caller");
    assertArgumentError(() => readFileNamed(dir, "input", "caller"), "input", "caller");
    assert.throws(() => readJsonNamed(file, "input", "caller"), (e: Error) => e.message.includes(file) && /not valid JSON/.test(e.message) && e.message.includes("'caller'"));
    assertArgumentError(() => assertDirectory(file, "dir", "caller"), "dir", "caller");
    assertArgumentError(() => assertDirectory(join(file, "below"), "dir", "caller", true), "dir", "caller");
    assertArgumentError(() => assertDirectory("", "dir", "caller"), "dir", "caller");
    assertDirectory(join(dir, "made", "here"), "dir", "caller", true);
    assert.ok(existsSync(join(dir, "made", "here")));
    rmSync(dir, { recursive: true });
  });
});
