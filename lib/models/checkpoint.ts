/**
 * Training checkpoints: a `VaeTrainingState` (weights, Adam's moments and β^t, the step, the minibatch-order and
 * binarisation streams) and free-form metadata, in one file written whole or not at all, with a checksum.
 *
 * File layout (`.ckpt`): one header line `elbolab-checkpoint 1 sha256=<64 hex> json=<bytes>\n`, then that many
 * bytes of UTF-8 JSON (the state's plain fields, the metadata, and where each float array lies), then the float32
 * arrays, little-endian, back to back. The SHA-256 covers everything after the header line. `writeCheckpoint`
 * writes through `writeFileAtomic` (temporary file, fsync, rename), so a process killed at any moment leaves the
 * previous checkpoints intact; `readCheckpoint` verifies the checksum before anything is parsed and refuses a
 * truncated, corrupt or foreign file with a `CheckpointError` naming it.
 *
 * A folder of checkpoints (one training): `step-<12 digits>[-<tag>].ckpt`, the step of the state in the name.
 * `latestCheckpoint(dir)` tries them from the newest step down and returns the first that reads, reporting
 * each refused file (its error names it) through `log`, so a corrupt newest checkpoint falls back to the previous
 * valid one. `pruneCheckpoints(dir, keep)` removes untagged checkpoints except the newest `keep`; tagged ones
 * (e.g. the end of a stage of the learning-rate schedule) stay.
 *
 * Errors: CheckpointError (file named) for unreadable files; ArgumentError for a bad path, tag or state.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { endianness } from "node:os";
import { join } from "node:path";
import { ArgumentError, assertInteger } from "../errors";
import { removeStaleTemporaries, sha256Hex, writeFileAtomic } from "../io/atomic-file";
import type { VaeTrainingState } from "./train-vae";

const MAGIC = "elbolab-checkpoint";
const VERSION = 1;
const NAME = /^step-(\d{12})(?:-([\w.=-]+))?\.ckpt$/;

/** A checkpoint file that cannot be used; the message names the file and says why. */
export class CheckpointError extends Error {
  constructor(readonly path: string, why: string) {
    super(`the checkpoint ${path} is refused: ${why}`);
    this.name = "CheckpointError";
  }
}

export interface Checkpoint {
  state: VaeTrainingState;
  /** The caller's plain data (settings it must match on resume, progress figures, ...). */
  meta: Record<string, unknown>;
}

/** The file name of the checkpoint of `step` in its folder (`tag`: kept by pruning). */
export function checkpointFileName(step: number, tag?: string): string {
  assertInteger(step, "step", "checkpointFileName", 0);
  if (tag !== undefined && !/^[\w.=-]+$/.test(tag)) throw new ArgumentError("tag", "checkpointFileName", `must be file-name safe, got ${JSON.stringify(tag)}`);
  return `step-${String(step).padStart(12, "0")}${tag ? `-${tag}` : ""}.ckpt`;
}

/** The float arrays of a state, in a fixed order, and the state with them taken out. */
function split(state: VaeTrainingState): { arrays: Float32Array[]; counts: { weights: number; m: number; v: number }; plain: object } {
  const { weights, adam, ...rest } = state;
  const { m, v, ...adamRest } = adam;
  return { arrays: [...weights, m, v], counts: { weights: weights.length, m: 1, v: 1 }, plain: { ...rest, adam: adamRest } };
}

/** Writes `checkpoint` to `path` atomically (see the file comment). */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const fn = "writeCheckpoint";
  if (checkpoint === null || typeof checkpoint !== "object" || !checkpoint.state) throw new ArgumentError("checkpoint", fn, "must be { state, meta }");
  if (endianness() !== "LE") throw new ArgumentError("checkpoint", fn, "checkpoints are little-endian; this machine is big-endian");
  const { arrays, counts, plain } = split(checkpoint.state);
  const lengths = arrays.map((a) => a.length);
  const json = Buffer.from(JSON.stringify({ format: VERSION, state: plain, counts, lengths, meta: checkpoint.meta ?? {} }), "utf8");
  const floats = lengths.reduce((a, b) => a + b, 0);
  const body = new Uint8Array(json.length + floats * 4);
  body.set(json, 0);
  let offset = json.length;
  for (const a of arrays) {
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  const header = Buffer.from(`${MAGIC} ${VERSION} sha256=${sha256Hex(body)} json=${json.length}\n`, "utf8");
  const file = new Uint8Array(header.length + body.length);
  file.set(header, 0);
  file.set(body, header.length);
  writeFileAtomic(path, file, fn);
}

/** Reads and verifies the checkpoint at `path` (CheckpointError naming the file when it cannot be used). */
export function readCheckpoint(path: string): Checkpoint {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CheckpointError(path, `it cannot be read (${(e as Error).message})`);
  }
  const newline = bytes.indexOf(10);
  const header = /^elbolab-checkpoint (\d+) sha256=([0-9a-f]{64}) json=(\d+)$/.exec(bytes.subarray(0, Math.max(newline, 0)).toString("utf8"));
  if (newline < 0 || !header) throw new CheckpointError(path, "it does not start with an elbolab checkpoint header");
  if (Number(header[1]) !== VERSION) throw new CheckpointError(path, `it has format ${header[1]}, this library reads ${VERSION}`);
  const body = bytes.subarray(newline + 1);
  if (sha256Hex(body) !== header[2]) throw new CheckpointError(path, "its SHA-256 differs from the one in its header (truncated or corrupt)");
  const jsonLength = Number(header[3]);
  let parsed: { state: Record<string, unknown> & { adam: object }; counts: { weights: number; m: number; v: number }; lengths: number[]; meta: Record<string, unknown> };
  try {
    parsed = JSON.parse(body.subarray(0, jsonLength).toString("utf8"));
  } catch (e) {
    throw new CheckpointError(path, `its JSON part does not parse (${(e as Error).message})`);
  }
  const { counts, lengths } = parsed;
  const total = lengths.reduce((a, b) => a + b, 0);
  if (body.length !== jsonLength + total * 4 || counts.weights + counts.m + counts.v !== lengths.length) {
    throw new CheckpointError(path, "its array table does not match its size");
  }
  const arrays: Float32Array[] = [];
  let offset = jsonLength;
  for (const n of lengths) {
    const a = new Float32Array(n);
    new Uint8Array(a.buffer).set(body.subarray(offset, offset + n * 4));
    arrays.push(a);
    offset += n * 4;
  }
  const weights = arrays.slice(0, counts.weights);
  if (counts.m !== 1 || counts.v !== 1) throw new CheckpointError(path, "its Adam moments are not one flat array each (a checkpoint of an older format)");
  const m = arrays[counts.weights];
  const v = arrays[counts.weights + 1];
  const state = { ...parsed.state, weights, adam: { ...parsed.state.adam, m, v } } as unknown as VaeTrainingState;
  return { state, meta: parsed.meta };
}

/** The checkpoint files of `dir` (name, step, tag), newest step first; a missing folder has none. */
export function listCheckpoints(dir: string): { path: string; step: number; tag: string | null }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const m = NAME.exec(name);
    return m ? [{ path: join(dir, name), step: Number(m[1]), tag: m[2] ?? null }] : [];
  }).sort((a, b) => b.step - a.step || (a.tag === null ? 1 : -1));
}

/**
 * The newest checkpoint of `dir` that reads, or null. Each refused file is reported through `log` with its error
 * (which names it), and the next older one is tried. `accept` may refuse one more (throw a CheckpointError: the
 * next older is tried) or stop (any other error propagates, e.g. a checkpoint of other settings).
 */
export function latestCheckpoint(
  dir: string, options: { accept?: (c: Checkpoint, path: string) => void; log?: (line: string) => void } = {},
): { path: string; checkpoint: Checkpoint } | null {
  for (const { path } of listCheckpoints(dir)) {
    try {
      const checkpoint = readCheckpoint(path);
      options.accept?.(checkpoint, path);
      return { path, checkpoint };
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      options.log?.(`${e.message}; trying the previous checkpoint`);
    }
  }
  return null;
}

/** Removes untagged checkpoints of `dir` except the newest `keep`, and temporaries left by killed writers. */
export function pruneCheckpoints(dir: string, keep: number): void {
  assertInteger(keep, "keep", "pruneCheckpoints", 1);
  const plain = listCheckpoints(dir).filter((c) => c.tag === null);
  for (const c of plain.slice(keep)) rmSync(c.path, { force: true });
  const targets = new Set(readdirSync(dir).flatMap((name) => (/\.ckpt\.tmp-/.test(name) ? [name.split(".tmp-")[0]] : [])));
  for (const target of targets) removeStaleTemporaries(join(dir, target));
}
