/**
 * The test log-likelihood estimate of the IWAE paper (Burda et al. 2016, section 5): log p(x) ≈ L_k with
 * k = 5000 importance samples from q(h | x), per image, averaged over the test set.
 *
 * Chunked so memory stays bounded: the k samples of an image are taken in C equal chunks of m (k = C·m,
 * m the largest divisor of k not above `chunk`, default 500), each chunk's L_m from `iwaeBound`, and
 *
 *   L_k = log (1/C) Σ_c exp(L_m^(c))      (exact: the mean of k weights is the mean of the C chunk means)
 *
 * again by `iwaeBound` over the chunk axis. Live memory is about batchSize · m · D floats for the decoder
 * output (default 10 · 500 · 784, ~16 MB). Noise of image batch b, chunk c comes from seed.fork(b, c).
 *
 * Returns per-image L_k (float64), their mean and its standard error across images (the spread of
 * log p(x) over the test set, plus Monte Carlo noise). Errors: k ≥ 1, chunk ≥ 1, batchSize ≥ 1,
 * images of the wrong width or outside [0, 1].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import { iwaeBound } from "../bounds/iwae";
import { meanAndStandardError } from "../math/statistics";
import { toRandom, type Seed } from "../random";
import { validateImageSet, type ImageSet } from "../data/images";
import type { Vae } from "./vae";

export interface LogLikelihoodEstimate {
  perImage: Float64Array;
  mean: number;
  se: number;
  k: number;
}

/** The largest divisor of k that is ≤ limit. */
function chunkSize(k: number, limit: number): number {
  for (let m = Math.min(k, limit); m > 1; m--) if (k % m === 0) return m;
  return 1;
}

export function estimateLogLikelihood(
  vae: Vae, data: ImageSet, options: { k?: number; chunk?: number; batchSize?: number; seed: Seed },
): LogLikelihoodEstimate {
  const fn = "estimateLogLikelihood";
  const k = options?.k ?? 5000;
  assertInteger(k, "options.k", fn, 1);
  const limit = options.chunk ?? 500;
  assertInteger(limit, "options.chunk", fn, 1);
  const batchSize = options.batchSize ?? 10;
  assertInteger(batchSize, "options.batchSize", fn, 1);
  validateImageSet(data, "data", fn);
  if (data.dim !== vae.config.inputSize) throw new ArgumentError("data.dim", fn, `must equal the VAE's inputSize ${vae.config.inputSize}, got ${data.dim}`);
  const rng = toRandom(options.seed, fn);
  const m = chunkSize(k, limit);
  const chunks = k / m;
  const { n, dim } = data;
  const perImage = new Float64Array(n);
  for (let s = 0, b = 0; s < n; s += batchSize, b++) {
    const size = Math.min(batchSize, n - s);
    const bound = tf.tidy(() => {
      const x = tf.tensor2d(data.images.subarray(s * dim, (s + size) * dim), [size, dim]);
      const perChunk: tf.Tensor[] = [];
      for (let c = 0; c < chunks; c++) {
        perChunk.push(tf.tidy(() => iwaeBound(vae.logWeights(x, m, rng.fork(b, c)), 0)));
      }
      return chunks === 1 ? perChunk[0] : iwaeBound(tf.stack(perChunk, 0), 0);
    });
    perImage.set(bound.dataSync(), s);
    bound.dispose();
  }
  if (n === 1) return { perImage, mean: perImage[0], se: NaN, k };
  const { mean, se } = meanAndStandardError(perImage);
  return { perImage, mean, se, k };
}
