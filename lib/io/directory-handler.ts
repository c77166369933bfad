/**
 * Saving and loading tensors to a directory without tfjs-node: a `tf.io.IOHandler` of our own that
 * writes what `tf.io` would write for a browser download, as two files,
 *
 *   <dir>/model.json   { format, generatedBy, modelTopology, weightsManifest: [{ paths: ["weights.bin"], weights }],
 *                        userDefinedMetadata }
 *   <dir>/weights.bin  the weight data, concatenated in manifest order (tf.io.encodeWeights)
 *
 * so the files load in any TensorFlow.js (including `tf.io.browserFiles` or tfjs-node's `file://`).
 * `saveTensors` / `loadTensors` are the plain-function face used by the models: named tensors plus a
 * JSON metadata object (for example the model configuration) in, the same out.
 *
 * Errors: a missing directory or file on load names the path; a manifest that does not match the data
 * length is an error.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError } from "../errors";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) { out.set(new Uint8Array(p), offset); offset += p.byteLength; }
  return out.buffer;
}

/** An IOHandler reading and writing `dir` (created on save). */
export function directoryHandler(dir: string): tf.io.IOHandler {
  if (typeof dir !== "string" || dir === "") throw new ArgumentError("dir", "directoryHandler", "must be a non-empty directory path");
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      mkdirSync(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : toArrayBuffer(artifacts.weightData);
      const json = {
        format: artifacts.format ?? "elbolab-tensors",
        generatedBy: artifacts.generatedBy ?? `elbolab (TensorFlow.js ${tf.version.tfjs})`,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata ?? {},
      };
      writeFileSync(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      writeFileSync(join(dir, MODEL_JSON), JSON.stringify(json, null, 2) + "\n");
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
      const jsonPath = join(dir, MODEL_JSON);
      if (!existsSync(jsonPath)) throw new ArgumentError("dir", "directoryHandler.load", `must contain ${MODEL_JSON}, not found: ${jsonPath}`);
      const json = JSON.parse(readFileSync(jsonPath, "utf8")) as {
        format?: string; generatedBy?: string; convertedBy?: string | null; modelTopology?: object | null;
        weightsManifest: tf.io.WeightsManifestConfig; userDefinedMetadata?: Record<string, unknown>;
      };
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const total = buffers.reduce((s, b) => s + b.byteLength, 0);
      const data = new Uint8Array(total);
      let offset = 0;
      for (const b of buffers) { data.set(b, offset); offset += b.byteLength; }
      const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * (w.dtype === "float32" || w.dtype === "int32" ? 4 : 1), 0);
      if (expected !== total) throw new ArgumentError("dir", "directoryHandler.load", `holds ${total} bytes of weights, the manifest describes ${expected}`);
      return {
        format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy ?? undefined,
        modelTopology: json.modelTopology ?? undefined, weightSpecs: specs, weightData: data.buffer,
        userDefinedMetadata: json.userDefinedMetadata as Record<string, {}> | undefined,
      };
    },
  };
}

/** Writes named tensors and a JSON metadata object to `dir` through `directoryHandler`. */
export async function saveTensors(dir: string, tensors: tf.NamedTensorMap, metadata: Record<string, unknown> = {}): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await directoryHandler(dir).save!({ weightData: data, weightSpecs: specs, userDefinedMetadata: metadata as Record<string, {}> });
}

/** Reads what `saveTensors` wrote: the tensors (the caller disposes them) and the metadata. */
export async function loadTensors(dir: string): Promise<{ tensors: tf.NamedTensorMap; metadata: Record<string, unknown> }> {
  const artifacts = await directoryHandler(dir).load!();
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  return { tensors, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
