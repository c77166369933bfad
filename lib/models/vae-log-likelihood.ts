/**
 * The test log-likelihood estimate of the IWAE paper (Burda et al. 2016, section 5): log p(x) ≈ L_k with
 * k = 5000 importance samples from q(h | x), per image, averaged over the test set.
 *
 * Chunked so memory stays bounded: the k samples of an image are taken in C = ⌈k / chunk⌉ chunks of
 * nearly equal sizes m_c ≤ `chunk` (default 500; `planChunks`, any k), each chunk's L_{m_c} from
 * `iwaeBound`, and
 *
 *   L_k = log Σ_c (m_c / k) exp(L^(c))      (exact: the mean of k weights is the weighted mean of the chunk means)
 *
 * by `combineChunkBounds` (with equal sizes: `iwaeBound` over the chunk axis), chunks in the order c = 0..C-1. Live memory is about
 * batchSize · m · D floats for the decoder output (default 10 · 500 · 784, ~16 MB), whatever k. Noise of
 * image batch b, chunk c comes from seed.fork(b, c), so a unit of work (b, c) is a pure function of the
 * weights, its images and (seed, b, c): `estimateLogLikelihoodParallel` runs the same units on worker
 * threads (`logLikelihoodChunk`) and combines them here (`combineLogLikelihood`), bit for bit the same.
 *
 * Returns per-image L_k (float64), their mean and its standard error across images (the spread of
 * log p(x) over the test set, plus Monte Carlo noise). Errors: k ≥ 1, chunk ≥ 1, batchSize ≥ 1,
 * images of the wrong width or outside [0, 1].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import { iwaeBound } from "../bounds/iwae";
import { combineChunkBounds, planChunks } from "../bounds/chunks";
import { meanAndStandardError } from "../math/statistics";
import { Random, toRandom, type Seed } from "../random";
import { validateImageSet, type ImageSet } from "../data/images";
import type { Vae } from "./vae";

export interface LogLikelihoodEstimate {
  perImage: Float64Array;
  mean: number;
  se: number;
  k: number;
}

export interface LogLikelihoodOptions {
  /** Importance samples per image (default 5000). */
  k?: number;
  /** Upper bound on the samples per chunk (default 500; chunk sizes from `planChunks`, any k). */
  chunk?: number;
  /** Images per unit of work (default 10). */
  batchSize?: number;
  seed: Seed;
}

/** How an estimate is cut into units of work (b, c): image batch b (rows [b·batchSize, ...)), chunk c of m samples. */
export interface LogLikelihoodPlan {
  k: number;
  /** The largest chunk size. */
  m: number;
  /** Samples in each chunk c = 0..C-1 (`planChunks`: nearly equal, summing to k). */
  sizes: number[];
  /** Chunks per image, C. */
  chunks: number;
  batchSize: number;
  /** Image batches, ceil(n / batchSize). */
  batches: number;
  /** The seed whose fork(b, c) draws the noise of unit (b, c). */
  seed: number;
}

/** Checks the arguments of an estimate (errors name `fn`) and returns its decomposition into units. */
export function planLogLikelihood(vae: Vae, data: ImageSet, options: LogLikelihoodOptions, fn = "estimateLogLikelihood"): LogLikelihoodPlan {
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { k?, chunk?, batchSize?, seed }");
  const k = options.k ?? 5000;
  assertInteger(k, "options.k", fn, 1);
  const limit = options.chunk ?? 500;
  assertInteger(limit, "options.chunk", fn, 1);
  const batchSize = options.batchSize ?? 10;
  assertInteger(batchSize, "options.batchSize", fn, 1);
  validateImageSet(data, "data", fn);
  if (data.dim !== vae.config.inputSize) throw new ArgumentError("data.dim", fn, `must equal the VAE's inputSize ${vae.config.inputSize}, got ${data.dim}`);
  const sizes = planChunks(k, limit);
  return { k, m: sizes[0], sizes, chunks: sizes.length, batchSize, batches: Math.ceil(data.n / batchSize), seed: toRandom(options.seed, fn).seed };
}

/** The images of batch b of a plan (a view, not a copy). */
export function batchImages(data: ImageSet, plan: LogLikelihoodPlan, b: number): Float32Array {
  const s = b * plan.batchSize;
  return data.images.subarray(s * data.dim, Math.min(s + plan.batchSize, data.n) * data.dim);
}

/**
 * One unit of work: L_m per image of one batch (`images`, rows of width D) with the noise of
 * new Random(seed).fork(b, c). Float32, length = rows. No tensor survives the call.
 */
export function logLikelihoodChunk(vae: Vae, images: Float32Array, m: number, seed: number, b: number, c: number): Float32Array {
  const D = vae.config.inputSize;
  const bound = tf.tidy(() => iwaeBound(vae.logWeights(tf.tensor2d(images, [images.length / D, D]), m, new Random(seed).fork(b, c)), 0));
  const out = bound.dataSync() as Float32Array;
  bound.dispose();
  return out;
}

/**
 * L_k per image from the chunk bounds of every unit, `chunk(b, c)` (float32, one value per image of
 * batch b): log-mean-exp over c = 0..C-1 by `iwaeBound`, then the mean and standard error over images.
 */
export function combineLogLikelihood(plan: LogLikelihoodPlan, n: number, chunk: (b: number, c: number) => Float32Array): LogLikelihoodEstimate {
  const perImage = new Float64Array(n);
  for (let b = 0; b < plan.batches; b++) {
    const parts = Array.from({ length: plan.chunks }, (_, c) => chunk(b, c));
    const size = parts[0].length;
    if (plan.chunks === 1) {
      perImage.set(parts[0], b * plan.batchSize);
      continue;
    }
    const stacked = new Float32Array(plan.chunks * size);
    parts.forEach((p, c) => stacked.set(p, c * size));
    const bound = tf.tidy(() => combineChunkBounds(tf.tensor2d(stacked, [plan.chunks, size]), plan.sizes));
    perImage.set(bound.dataSync(), b * plan.batchSize);
    bound.dispose();
  }
  if (n === 1) return { perImage, mean: perImage[0], se: NaN, k: plan.k };
  const { mean, se } = meanAndStandardError(perImage);
  return { perImage, mean, se, k: plan.k };
}

/** L_k per image, in this thread (the 0-worker case of `estimateLogLikelihoodParallel`). */
export function estimateLogLikelihood(vae: Vae, data: ImageSet, options: LogLikelihoodOptions): LogLikelihoodEstimate {
  const plan = planLogLikelihood(vae, data, options);
  return combineLogLikelihood(plan, data.n, (b, c) => logLikelihoodChunk(vae, batchImages(data, plan, b), plan.sizes[c], plan.seed, b, c));
}
