/**
 * The work a worker thread can do, by name: each task is a plain function of a structured-cloneable
 * payload, run by `worker.ts` in a worker and callable in-process the same way (the numbers are those
 * of the library functions it calls, on the same backend, so they do not depend on where it ran).
 *
 * A worker holds VAEs by id (`vae:load` with a `VaeSnapshot`, `vae:dispose`) so weights cross the
 * thread boundary once per evaluation, not once per unit of work.
 *
 *   vae:load      { id, snapshot }                      -> null
 *   vae:dispose   { id }                                -> null
 *   vae:chunk     { id, images, m, seed, b, c }         -> Float32Array  (`logLikelihoodChunk`)
 *   vae:train     { snapshot, data, options }           -> { snapshot, history }  (`trainVae`; each epoch's EpochInfo is reported as progress)
 *   vae:replica   ReplicaPayload                        -> null  (a shard worker of data-parallel `trainVae`, until told to stop)
 *   memory        {}                                    -> tf.memory() and the RSS of the process
 *
 * Heartbeats (liveness.ts): vae:load beats "load", vae:chunk "chunk" at its unit (b·C + c when given as
 * `unit`, else b), vae:train "ready", then "step" t before every training step t and "end" after
 * the last, vae:dispose "end"; vae:replica beats in `runReplica`. In-process they are no-ops.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { Vae, type VaeConfig } from "../models/vae";
import { logLikelihoodChunk } from "../models/vae-log-likelihood";
import { trainVae, type EpochInfo, type TrainVaeOptions } from "../models/train-vae";
import type { ImageSet } from "../data/images";
import { runReplica, type ReplicaPayload } from "../models/train-vae-shards";
import { beat } from "./liveness";

/** A VAE as plain data: its configuration and the values of its variables in `Vae.variables` order. */
export interface VaeSnapshot {
  config: VaeConfig;
  weights: Float32Array[];
}

/** The configuration and a copy of the weights of `vae`. */
export function vaeSnapshot(vae: Vae): VaeSnapshot {
  return { config: { ...vae.config, hidden: [...vae.config.hidden] }, weights: vae.variables.map((v) => v.dataSync() as Float32Array) };
}

/** Assigns `weights` (in `Vae.variables` order, as in a snapshot) to the variables of `vae`. */
export function assignVaeWeights(vae: Vae, weights: Float32Array[]): void {
  const vars = vae.variables;
  if (!Array.isArray(weights) || weights.length !== vars.length) {
    throw new ArgumentError("weights", "assignVaeWeights", `must hold ${vars.length} arrays (one per variable), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
  }
  vars.forEach((v, i) => {
    if (weights[i].length !== v.size) throw new ArgumentError(`weights[${i}]`, "assignVaeWeights", `must hold ${v.size} values, got ${weights[i].length}`);
    const t = tf.tensor(weights[i], v.shape);
    v.assign(t);
    t.dispose();
  });
}

/** A new VAE with the snapshot's configuration and weights (the caller disposes it). */
export function vaeFromSnapshot(snapshot: VaeSnapshot): Vae {
  const vae = new Vae(snapshot.config, 0);
  try {
    assignVaeWeights(vae, snapshot.weights);
  } catch (e) {
    vae.dispose();
    throw e;
  }
  return vae;
}

export type TrainTaskOptions = Omit<TrainVaeOptions, "onStep" | "onEpoch" | "seed" | "pool"> & { seed: number };

const models = new Map<string, Vae>();

function model(id: string): Vae {
  const vae = models.get(id);
  if (!vae) throw new Error(`worker task: no VAE loaded with id ${id}`);
  return vae;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export const TASKS: Record<string, (payload: any, report: (progress: unknown) => void) => unknown> = {
  "vae:load": (p: { id: string; snapshot: VaeSnapshot }) => {
    beat("load", 0);
    models.get(p.id)?.dispose();
    models.set(p.id, vaeFromSnapshot(p.snapshot));
    return null;
  },
  "vae:dispose": (p: { id: string }) => {
    beat("end", 0);
    models.get(p.id)?.dispose();
    models.delete(p.id);
    return null;
  },
  "vae:chunk": (p: { id: string; images: Float32Array; m: number; seed: number; b: number; c: number; unit?: number }) => {
    beat("chunk", p.unit ?? p.b);
    return logLikelihoodChunk(model(p.id), p.images, p.m, p.seed, p.b, p.c);
  },
  "vae:train": (p: { snapshot: VaeSnapshot; data: ImageSet; options: TrainTaskOptions }, report): { snapshot: VaeSnapshot; history: EpochInfo[] } => {
    beat("ready", 0);
    const vae = vaeFromSnapshot(p.snapshot);
    try {
      beat("step", 0);
      const history = trainVae(vae, p.data, { ...p.options, onStep: (t) => beat("step", t + 1), onEpoch: (info) => report(info) });
      beat("end", history.length);
      return { snapshot: vaeSnapshot(vae), history };
    } finally {
      vae.dispose();
    }
  },
  "vae:replica": (p: ReplicaPayload) => runReplica(p),
  memory: () => ({ ...tf.memory(), rss: process.memoryUsage().rss }),
};
