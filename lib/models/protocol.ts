/**
 * The IWAE paper's MNIST experiment along its whole schedule, as far as the caller lets it run, resumable
 * (Burda, Grosse and Salakhutdinov 2016, section 5): VAE (k = 1), IWAE k = 5 and k = 50, one stochastic layer
 * (784-200-200-50 tanh, Bernoulli pixels), batch 20, Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁴), learning rate
 * 0.001·10^(−i/7) for 3^i passes (`iwaeLearningRates`), every training image binarised afresh at each use, the
 * test set binarised once. The seeds, data and options are those of notebook 06, so its models at a budget of
 * passes are the protocol's models at that pass (same backend).
 *
 *   await runProtocol({ passes: 13, out: "output/protocol" });   // trains to 13 passes, continuing what is there
 *
 * Work is done stage by stage: every model is trained to the next stage boundary (1, 4, 13, 40, 121, … passes;
 * `iwaeStageBoundaries`) or to `passes`, then each model is evaluated at that boundary (test L_5000 ± SE, per
 * image, and active units) and the result appended to `<out>/stages.json`. Checkpoints (lib/models/checkpoint.ts)
 * go to `<out>/checkpoints/<model>/`: one at every stage boundary (kept, tagged `pass-N`), one at the end, and
 * one at least every `checkpointSeconds` (default 600) of training (the newest `keepCheckpoints`, default 2, kept).
 * A run starts each model from its newest valid checkpoint: killed at any moment (SIGKILL included) and started
 * again, it continues and ends with the same bits as a run never interrupted (weights, Adam's state, the step and
 * both random streams are restored; the reparameterisation noise is keyed by the step). A stage already in
 * stages.json is not evaluated again. A corrupt checkpoint is refused with an error naming it (reported through
 * `log`) and the previous valid one used. A checkpoint written by another build of the library (its compiled code's
 * SHA-256, `libraryFingerprint`) is continued from with a line through `log` saying the bits may differ.
 *
 * stages.json is `{ format, settings, results, sha256 }`, sha256 = SHA-256 of JSON.stringify({ settings, results }),
 * written atomically; `readProtocolStages` verifies it. The settings (data sizes, model, seeds, evaluation) are
 * fixed for a folder: checkpoints or results of other settings are an error naming the differing field, not
 * mixed in. One process at a time per folder (`<out>/protocol.lock`, a stale lock of a dead process is taken over).
 *
 * Errors (ArgumentError naming the argument and 'runProtocol'): passes not an integer ≥ 1, unknown model names,
 * a folder holding other settings or locked by a running process; CheckpointError / ProtocolFileError for files.
 */
import * as tf from "@tensorflow/tfjs";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError, assertInteger, assertPositive } from "../errors";
import { processRuns, removeStaleTemporaries, sha256Hex, writeFileAtomic } from "../io/atomic-file";
import { loadMnist } from "../data/mnist-full";
import { binarize } from "../data/binarize";
import type { ImageSet } from "../data/images";
import { activeUnits } from "../metrics/active-units";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { assertWorkerCount, defaultWorkerCount } from "../parallel/worker-count";
import { imageSetSha256, libraryFingerprint } from "./vae-cache";
import { Vae, type VaeConfig } from "./vae";
import { VaeTraining, type TrainVaeOptions } from "./train-vae";
import { iwaeLearningRates, iwaeScheduleStage } from "./learning-rate-schedule";
import { checkpointFileName, latestCheckpoint, pruneCheckpoints, readCheckpoint, writeCheckpoint, CheckpointError, type Checkpoint } from "./checkpoint";
import { estimateLogLikelihoodParallel } from "./vae-log-likelihood-parallel";

/** The paper's three models by name. */
export const PROTOCOL_MODELS = { vae: 1, iwae5: 5, iwae50: 50 } as const;
export type ProtocolModel = keyof typeof PROTOCOL_MODELS;

/** Everything that determines the numbers of a protocol folder (fixed for the folder). */
export interface ProtocolSettings {
  trainSize: number;
  testSize: number;
  vaeConfig: VaeConfig;
  batchSize: number;
  /** Notebook 06's seed: initial weights seed·100 + 3, training seed·100 + 4, evaluation seed·100 + 5, test binarisation seed·100 + 2. */
  seed: number;
  evalK: number;
  evalChunk: number;
  evalBatchSize: number;
  /** SHA-256 of the training images (grey levels) and of the binarised test images. */
  trainSha256: string;
  testSha256: string;
  backend: string;
}

export interface ProtocolOptions {
  passes: number;
  out: string;
  models?: ProtocolModel[];
  /** Smaller settings (tests, quick mode); defaults: 60,000 / 10,000 digits, the paper's model, L_5000. */
  trainSize?: number;
  testSize?: number;
  vaeConfig?: VaeConfig;
  seed?: number;
  evalK?: number;
  checkpointSeconds?: number;
  /** A checkpoint every this many steps as well (tests); default none. */
  checkpointSteps?: number;
  keepCheckpoints?: number;
  workers?: number;
  pool?: WorkerPool;
  onProgress?: (p: ProtocolProgress) => void;
  log?: (line: string) => void;
}

export interface ProtocolProgress {
  model: ProtocolModel;
  /** Passes done by this model (fractional within a pass), its stage i and step. */
  pass: number;
  stage: number;
  step: number;
  target: number;
  /** Training images per second of this model in this session. */
  imagesPerSecond: number;
  /** Estimated seconds of training left, all models, to `target` passes (NaN until each model's speed is known). */
  secondsLeft: number;
  phase: "training" | "evaluating" | "checkpoint";
}

/** One model evaluated at one stage boundary. */
export interface ProtocolStageResult {
  model: ProtocolModel;
  k: number;
  passes: number;
  /** The schedule's stage i that ends at `passes`. */
  stage: number;
  step: number;
  /** Mean test L_evalK and its standard error over test images, per image, and active units. */
  testLogLikelihood: number;
  se: number;
  perImage: number[];
  activeUnits: number;
  /** The training objective's mean over the last pass. */
  trainObjective: number;
  trainingSeconds: number;
  evaluationSeconds: number;
}

export interface ProtocolStages {
  format: number;
  settings: ProtocolSettings;
  results: ProtocolStageResult[];
}

/** A results file that cannot be used (message names it). */
export class ProtocolFileError extends Error {
  constructor(readonly path: string, why: string) {
    super(`the protocol results file ${path} is refused: ${why}`);
    this.name = "ProtocolFileError";
  }
}

/** The stage boundaries 1, 4, 13, 40, … = (3^(i+1) − 1)/2 that are ≤ passes. */
export function iwaeStageBoundaries(passes: number): number[] {
  assertInteger(passes, "passes", "iwaeStageBoundaries", 0);
  const out: number[] = [];
  for (let i = 1; (3 ** i - 1) / 2 <= passes; i++) out.push((3 ** i - 1) / 2);
  return out;
}

const STAGES_JSON = "stages.json";
const FORMAT = 1;
const fn = "runProtocol";

/** stages.json of `out`, verified, or null when there is none. */
export function readProtocolStages(out: string): ProtocolStages | null {
  const path = join(out, STAGES_JSON);
  if (!existsSync(path)) return null;
  let parsed: ProtocolStages & { sha256?: string };
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ProtocolFileError(path, `it is not valid JSON (${(e as Error).message})`);
  }
  if (parsed?.format !== FORMAT || !Array.isArray(parsed.results)) throw new ProtocolFileError(path, `it is not a format-${FORMAT} protocol results file`);
  if (sha256Hex(JSON.stringify({ settings: parsed.settings, results: parsed.results })) !== parsed.sha256) {
    throw new ProtocolFileError(path, "its sha256 does not match its content (edited or corrupt); move it aside to start the results again");
  }
  return { format: parsed.format, settings: parsed.settings, results: parsed.results };
}

function writeStages(out: string, stages: ProtocolStages): void {
  const sha256 = sha256Hex(JSON.stringify({ settings: stages.settings, results: stages.results }));
  writeFileAtomic(join(out, STAGES_JSON), JSON.stringify({ ...stages, sha256 }) + "\n", fn);
}

/** The first field where two settings differ, or null. */
function differingField(a: object, b: object): string | null {
  const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (JSON.stringify(x[key]) !== JSON.stringify(y[key])) return `${key} (${JSON.stringify(x[key])} there, ${JSON.stringify(y[key])} now)`;
  }
  return null;
}

/** Takes `<out>/protocol.lock` for this process (a lock of a dead process is taken over); returns its release. */
function lock(out: string): () => void {
  const path = join(out, "protocol.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new ArgumentError("options.out", fn, `cannot be locked (${path}): ${(e as Error).message}`);
      const pid = Number(readFileSync(path, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && processRuns(pid)) throw new ArgumentError("options.out", fn, `is in use by process ${pid} (${path}); one protocol run per folder`);
      rmSync(path, { force: true });
    }
  }
  throw new ArgumentError("options.out", fn, `cannot be locked (${path})`);
}

interface ModelRun {
  name: ProtocolModel;
  k: number;
  dir: string;
  /** Passes done (from the newest checkpoint or this session's training) and the measured speed. */
  passes: number;
  imagesPerSecond: number;
}

/** Trains and evaluates along the schedule to `options.passes` (see the file comment); returns stages.json's content. */
export async function runProtocol(options: ProtocolOptions): Promise<ProtocolStages> {
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { passes, out, ... }");
  assertInteger(options.passes, "options.passes", fn, 1);
  if (typeof options.out !== "string" || options.out === "") throw new ArgumentError("options.out", fn, "must be a folder path");
  const names = options.models ?? (Object.keys(PROTOCOL_MODELS) as ProtocolModel[]);
  if (!Array.isArray(names) || names.length === 0) throw new ArgumentError("options.models", fn, "must be a non-empty array of vae, iwae5, iwae50");
  for (const m of names) if (!(m in PROTOCOL_MODELS)) throw new ArgumentError("options.models", fn, `must name vae, iwae5 or iwae50, got ${JSON.stringify(m)}`);
  const checkpointSeconds = options.checkpointSeconds ?? 600;
  assertPositive(checkpointSeconds, "options.checkpointSeconds", fn);
  if (options.checkpointSteps !== undefined) assertInteger(options.checkpointSteps, "options.checkpointSteps", fn, 1);
  const keep = options.keepCheckpoints ?? 2;
  assertInteger(keep, "options.keepCheckpoints", fn, 1);
  const workers = options.pool ? options.pool.size : options.workers ?? defaultWorkerCount();
  assertWorkerCount(workers, "options.workers", fn);
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? 6;
  const mnist = loadMnist({ trainSize: options.trainSize, testSize: options.testSize });
  const train = mnist.train;
  const test: ImageSet = { ...mnist.test, images: binarize(mnist.test.images, seed * 100 + 2) };
  const settings: ProtocolSettings = {
    trainSize: train.n, testSize: test.n,
    vaeConfig: options.vaeConfig ?? { inputSize: 784, hidden: [200, 200], latentSize: 50, activation: "tanh" },
    batchSize: 20, seed, evalK: options.evalK ?? 5000, evalChunk: 500, evalBatchSize: 10,
    trainSha256: imageSetSha256(train), testSha256: imageSetSha256(test), backend: tf.getBackend(),
  };
  assertInteger(settings.evalK, "options.evalK", fn, 1);
  settings.evalChunk = Math.min(500, settings.evalK);
  mkdirSync(options.out, { recursive: true });
  const release = lock(options.out);
  try {
    removeStaleTemporaries(join(options.out, STAGES_JSON));
    const stages = readProtocolStages(options.out) ?? { format: FORMAT, settings, results: [] };
    const differs = differingField(stages.settings, settings);
    if (differs) throw new ArgumentError("options.out", fn, `holds results of other settings (${join(options.out, STAGES_JSON)}: ${differs}); use another folder`);
    const runs: ModelRun[] = names.map((name) => ({ name, k: PROTOCOL_MODELS[name], dir: join(options.out, "checkpoints", name), passes: 0, imagesPerSecond: NaN }));
    const accept = (c: Checkpoint, path: string) => {
      const d = differingField(c.meta.settings as object, settings);
      if (d) throw new ArgumentError("options.out", fn, `holds a checkpoint of other settings (${path}: ${d}); use another folder`);
    };
    for (const r of runs) {
      const found = latestCheckpoint(r.dir, { accept, log });
      r.passes = found ? found.checkpoint.state.epoch : 0;
      r.imagesPerSecond = found ? Number(found.checkpoint.meta.imagesPerSecond ?? NaN) : NaN;
    }
    const work = async (pool: WorkerPool | undefined) => {
      const ends = [...new Set([...iwaeStageBoundaries(options.passes), options.passes])];
      for (const end of ends) {
        for (const r of runs) {
          if (r.passes < end) trainTo(r, end, { options, settings, train, runs, pool, accept, log, checkpointSeconds, keep });
        }
        if (iwaeStageBoundaries(end).at(-1) !== end) continue;
        for (const r of runs) {
          if (stages.results.some((s) => s.model === r.name && s.passes === end)) continue;
          let result: ProtocolStageResult;
          try {
            result = await evaluateAt(r, end, { options, settings, test, pool });
          } catch (e) {
            if (!(e instanceof CheckpointError)) throw e;
            log(`${r.name}: stage ending at pass ${end} not evaluated: ${e.message}`);
            continue;
          }
          stages.results.push(result);
          stages.results.sort((a, b) => a.passes - b.passes || a.k - b.k);
          writeStages(options.out, stages);
        }
      }
    };
    if (workers === 0 && !options.pool) await work(undefined);
    else await withPool(options.pool, workers, work);
    return stages;
  } finally {
    release();
  }
}

interface Context {
  options: ProtocolOptions;
  settings: ProtocolSettings;
  train: ImageSet;
  runs: ModelRun[];
  pool: WorkerPool | undefined;
  accept: (c: Checkpoint, path: string) => void;
  log: (line: string) => void;
  checkpointSeconds: number;
  keep: number;
}

/** trainVae's options for model k trained to `passes` (notebook 06's, with the pool). */
function trainingOptions(k: number, passes: number, settings: ProtocolSettings, pool: WorkerPool | undefined): TrainVaeOptions {
  return { objective: { kind: "iwae", k }, epochs: passes, binarize: true, batchSize: settings.batchSize, learningRates: iwaeLearningRates(passes), seed: settings.seed * 100 + 4, pool };
}

/** Trains run `r` from its newest checkpoint to `end` passes, checkpointing as it goes. */
function trainTo(r: ModelRun, end: number, c: Context): void {
  const { settings, train } = c;
  const found = latestCheckpoint(r.dir, { accept: c.accept, log: c.log });
  const vae = new Vae(settings.vaeConfig, settings.seed * 100 + 3);
  const options = trainingOptions(r.k, end, settings, c.pool);
  let training: VaeTraining | undefined;
  const library = libraryFingerprint().distSha256;
  if (found && found.checkpoint.meta.library !== library) {
    c.log(`${r.name}: continuing from ${found.path}, written by another build of elbolab: the result may differ from an uninterrupted run`);
  }
  try {
    training = found ? VaeTraining.resume(vae, train, options, found.checkpoint.state, fn) : new VaeTraining(vae, train, options, undefined, fn);
    const t = training;
    const sessionStart = Date.now(), stepAtStart = t.position.step;
    let lastSave = Date.now(), lastSaveStep = t.position.step, lastReport = 0;
    const save = (tag?: string) => {
      const { step, epoch } = t.position;
      const meta = { settings, model: r.name, k: r.k, passes: epoch, imagesPerSecond: r.imagesPerSecond, library, savedAt: new Date().toISOString() };
      writeCheckpoint(join(r.dir, checkpointFileName(step, tag)), { state: t.state(), meta });
      pruneCheckpoints(r.dir, c.keep);
      lastSave = Date.now();
      lastSaveStep = step;
      report("checkpoint");
    };
    const report = (phase: ProtocolProgress["phase"]) => {
      const { epoch, row, step } = t.position;
      const pass = epoch + row / train.n;
      r.passes = pass;
      const elapsed = (Date.now() - sessionStart) / 1000;
      if (step > stepAtStart && elapsed > 0) r.imagesPerSecond = ((step - stepAtStart) * settings.batchSize) / elapsed;
      const secondsLeft = c.runs.reduce((sum, m) => sum + (Math.max(0, c.options.passes - m.passes) * train.n) / m.imagesPerSecond, 0);
      c.options.onProgress?.({ model: r.name, pass, stage: iwaeScheduleStage(Math.max(0, Math.ceil(pass) - 1)), step, target: c.options.passes, imagesPerSecond: r.imagesPerSecond, secondsLeft, phase });
    };
    t.run(() => {
      const { epoch, row, step } = t.position;
      if (row === 0 && epoch >= end) return true;
      const now = Date.now();
      if (now - lastReport >= 200) {
        lastReport = now;
        report("training");
      }
      const bySteps = c.options.checkpointSteps !== undefined && step - lastSaveStep >= c.options.checkpointSteps;
      if (bySteps || now - lastSave >= c.checkpointSeconds * 1000) save();
      return false;
    });
    const atBoundary = iwaeStageBoundaries(end).at(-1) === end;
    save(atBoundary ? `pass-${end}` : undefined);
    r.passes = end;
  } finally {
    training?.close();
    vae.dispose();
  }
}

/** Evaluates run `r` at stage boundary `end` from its checkpoint tagged pass-`end`. */
async function evaluateAt(r: ModelRun, end: number, c: { options: ProtocolOptions; settings: ProtocolSettings; test: ImageSet; pool: WorkerPool | undefined }): Promise<ProtocolStageResult> {
  const { settings, test } = c;
  const path = join(r.dir, checkpointFileName(stepsAt(end, settings), `pass-${end}`));
  const checkpoint = readCheckpoint(path);
  const vae = new Vae(settings.vaeConfig, 0);
  try {
    const state = checkpoint.state;
    vae.variables.forEach((v, i) => v.assign(tf.tidy(() => tf.tensor(state.weights[i], v.shape))));
    c.options.onProgress?.({ model: r.name, pass: end, stage: iwaeScheduleStage(end - 1), step: state.step, target: c.options.passes, imagesPerSecond: r.imagesPerSecond, secondsLeft: NaN, phase: "evaluating" });
    const start = Date.now();
    const ll = await estimateLogLikelihoodParallel(vae, test, { k: settings.evalK, chunk: settings.evalChunk, batchSize: settings.evalBatchSize, seed: settings.seed * 100 + 5, pool: c.pool, workers: c.pool ? undefined : 0 });
    const au = tf.tidy(() => activeUnits(vae.posterior(test.images).loc).count);
    return {
      model: r.name, k: r.k, passes: end, stage: iwaeScheduleStage(end - 1), step: state.step,
      testLogLikelihood: ll.mean, se: ll.se, perImage: Array.from(ll.perImage), activeUnits: au,
      trainObjective: state.history.at(-1)?.objective ?? NaN, trainingSeconds: state.seconds,
      evaluationSeconds: (Date.now() - start) / 1000,
    };
  } finally {
    vae.dispose();
  }
}

/** Steps taken after `passes` passes of `settings.trainSize` digits at its batch size (the last batch may be short). */
function stepsAt(passes: number, settings: ProtocolSettings): number {
  return passes * Math.ceil(settings.trainSize / settings.batchSize);
}

