/**
 * Saving and loading tensors to a directory without tfjs-node: a `tf.io.IOHandler` of our own that
 * writes what `tf.io` would write for a browser download, as two files,
 *
 *   <dir>/model.json   { format, generatedBy, modelTopology, weightsManifest: [{ paths: ["weights.bin"], weights }],
 *                        userDefinedMetadata, weightsSha256: { "weights.bin": "<64 hex digits>" } }
 *   <dir>/weights.bin  the weight data, concatenated in manifest order (tf.io.encodeWeights)
 *
 * so the files load in any TensorFlow.js (including `tf.io.browserFiles` or tfjs-node's `file://`; they
 * ignore `weightsSha256`). `saveTensors` / `loadTensors` are the plain-function face used by the models:
 * named tensors plus a JSON metadata object (for example the model configuration) in, the same out.
 *
 * Writing: each file is written whole or not at all (`writeFileAtomic`), weights.bin first and model.json
 * last, so a crash leaves either the previous pair, or new weights with the previous model.json, which the
 * checksum then rejects: never a silently mixed model.
 *
 * Reading verifies before it decodes: model.json must be JSON with a manifest of plain file names, every
 * weights file must exist, have the SHA-256 that model.json records and the length the manifest
 * describes, and float32 weights must be finite. A model.json without `weightsSha256` (saved by elbolab
 * before it recorded one, or by another tool) cannot be verified: it is refused with a message saying to
 * re-save it, unless the caller passes `allowUnverified: true`, which loads it after the length and
 * finiteness checks only.
 *
 * Errors: ArgumentError naming `dir`, the file (model.json, weights.bin) and `fn`, the function the user
 * called (`Vae.load`, `loadTensors`, …): a missing directory or file, a path that is not a directory, a
 * model.json that is not JSON, a checksum or length mismatch, a non-finite weight, a write that fails.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError } from "../errors";
import { sha256Hex, writeFileAtomic } from "./atomic-file";
import { assertDirectory, readFileNamed, readJsonNamed } from "./read-file";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

export interface LoadOptions {
  /** Load a model.json that records no SHA-256 of its weights (length and finiteness checked only). Default false. */
  allowUnverified?: boolean;
}

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) { out.set(new Uint8Array(p), offset); offset += p.byteLength; }
  return out.buffer;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Bytes of one manifest entry; an unsupported dtype or a bad shape is an error naming the file. */
function entryBytes(w: tf.io.WeightsManifestEntry, where: string, fn: string): number {
  if (!w || typeof w.name !== "string" || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0) || !(w.dtype in BYTES)) {
    throw new ArgumentError("dir", fn, `holds a manifest entry that is not { name, shape, dtype: float32 | int32 | bool } (${where})`);
  }
  return w.shape.reduce((a, b) => a * b, 1) * BYTES[w.dtype];
}

/** The first non-finite float32 weight of `data` laid out by `specs`, or null. */
function firstNonFinite(data: Uint8Array, specs: tf.io.WeightsManifestEntry[]): string | null {
  let offset = 0;
  for (const w of specs) {
    const bytes = w.shape.reduce((a, b) => a * b, 1) * BYTES[w.dtype];
    if (w.dtype === "float32") {
      const values = new Float32Array(data.slice(offset, offset + bytes).buffer);
      const i = values.findIndex((v) => !Number.isFinite(v));
      if (i >= 0) return `${w.name}[${i}] = ${values[i]}`;
    }
    offset += bytes;
  }
  return null;
}

/**
 * An IOHandler reading and writing `dir` (created on save). `caller` names the function in errors (default
 * "directoryHandler.save" / "directoryHandler.load"); `options.allowUnverified` as in the module comment.
 */
export function directoryHandler(dir: string, caller?: string, options: LoadOptions = {}): tf.io.IOHandler {
  if (typeof dir !== "string" || dir === "") throw new ArgumentError("dir", caller ?? "directoryHandler", "must be a non-empty directory path");
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const fn = caller ?? "directoryHandler.save";
      assertDirectory(dir, "dir", fn, true);
      const weights = new Uint8Array(artifacts.weightData === undefined ? new ArrayBuffer(0) : toArrayBuffer(artifacts.weightData));
      const json = {
        format: artifacts.format ?? "elbolab-tensors",
        generatedBy: artifacts.generatedBy ?? `elbolab (TensorFlow.js ${tf.version.tfjs})`,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata ?? {},
        weightsSha256: { [WEIGHTS_BIN]: sha256Hex(weights) },
      };
      writeFileAtomic(join(dir, WEIGHTS_BIN), weights, fn);
      writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json, null, 2) + "\n", fn);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(json.weightsManifest).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const fn = caller ?? "directoryHandler.load";
      if (!existsSync(dir)) throw new ArgumentError("dir", fn, `must be a directory holding ${MODEL_JSON} and ${WEIGHTS_BIN}, not found: ${dir}`);
      assertDirectory(dir, "dir", fn);
      const jsonPath = join(dir, MODEL_JSON);
      if (!existsSync(jsonPath)) throw new ArgumentError("dir", fn, `must contain ${MODEL_JSON}, not found: ${jsonPath}`);
      const json = readJsonNamed(jsonPath, "dir", fn) as {
        format?: string; generatedBy?: string; convertedBy?: string | null; modelTopology?: object | null;
        weightsManifest?: tf.io.WeightsManifestConfig; userDefinedMetadata?: Record<string, unknown>;
        weightsSha256?: Record<string, string>;
      };
      if (json === null || typeof json !== "object" || !Array.isArray(json.weightsManifest)) {
        throw new ArgumentError("dir", fn, `holds a ${MODEL_JSON} without a weightsManifest array (${jsonPath})`);
      }
      const verified = json.weightsSha256 !== undefined;
      if (!verified && options.allowUnverified !== true) {
        throw new ArgumentError("dir", fn,
          `holds a ${MODEL_JSON} that records no SHA-256 of its weights (${jsonPath}): saved before elbolab checked its files, ` +
          "or by another tool, it cannot be verified. Re-save it with this version (load it once with { allowUnverified: true }, then save)");
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
          throw new ArgumentError("dir", fn, `holds a ${MODEL_JSON} whose weightsManifest groups are not { paths, weights } (${jsonPath})`);
        }
        let groupBytes = 0;
        for (const w of group.weights) groupBytes += entryBytes(w, jsonPath, fn);
        specs.push(...group.weights);
        const files = group.paths.map((p: unknown) => {
          if (typeof p !== "string" || !/^[\w.-]+$/.test(p) || p === "." || p === "..") {
            throw new ArgumentError("dir", fn, `holds a ${MODEL_JSON} naming a weights file that is not a plain file name: ${JSON.stringify(p)} (${jsonPath})`);
          }
          return { name: p, path: join(dir, p), bytes: readFileNamed(join(dir, p), "dir", fn) };
        });
        const readBytes = files.reduce((s, f) => s + f.bytes.byteLength, 0);
        if (readBytes !== groupBytes) {
          throw new ArgumentError("dir", fn, `holds ${readBytes} bytes of weights in ${group.paths.join(", ")}, the manifest describes ${groupBytes}: truncated or from another save (${dir})`);
        }
        for (const f of files) {
          if (verified && sha256Hex(f.bytes) !== json.weightsSha256?.[f.name]) {
            throw new ArgumentError("dir", fn, `holds a ${f.name} whose SHA-256 differs from the one ${MODEL_JSON} records: the file is corrupt or from another save (${f.path})`);
          }
          buffers.push(f.bytes);
        }
      }
      const total = buffers.reduce((s, b) => s + b.byteLength, 0);
      const data = new Uint8Array(total);
      let offset = 0;
      for (const b of buffers) { data.set(b, offset); offset += b.byteLength; }
      const bad = firstNonFinite(data, specs);
      if (bad !== null) throw new ArgumentError("dir", fn, `holds a non-finite weight in ${WEIGHTS_BIN} (${bad}): the file is corrupt (${dir})`);
      return {
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy ?? undefined,
        modelTopology: json.modelTopology ?? undefined, weightSpecs: specs, weightData: data.buffer,
        userDefinedMetadata: json.userDefinedMetadata as Record<string, {}> | undefined,
      };
    },
  };
}

/** Writes named tensors and a JSON metadata object to `dir` through `directoryHandler` (`fn` names the caller). */
export async function saveTensors(dir: string, tensors: tf.NamedTensorMap, metadata: Record<string, unknown> = {}, fn = "saveTensors"): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await directoryHandler(dir, fn).save!({ weightData: data, weightSpecs: specs, userDefinedMetadata: metadata as Record<string, {}> });
}

/** Reads and verifies what `saveTensors` wrote: the tensors (the caller disposes them) and the metadata. */
export async function loadTensors(dir: string, fn = "loadTensors", options: LoadOptions = {}): Promise<{ tensors: tf.NamedTensorMap; metadata: Record<string, unknown> }> {
  const artifacts = await directoryHandler(dir, fn, options).load!();
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  return { tensors, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
