/**
 * The curve k ↦ L_k on a data set with common random numbers. Burda et al. (2016, Theorem 1) show
 * E[L_k] ≤ E[L_{k+1}] ≤ log p(x); to see that on a test set, every L_k here is computed from the first
 * k of the same K = max(ks) importance samples of each image, so differences between two k are paired
 * (same images, same draws) and their standard error is that of the per-image difference.
 *
 * The K samples are the units of `estimateLogLikelihood` (chunks c = 0..C-1 of m_c samples, `planChunks`;
 * image batch b, chunk c drawn from seed.fork(b, c)):
 *   k = m_0 + … + m_{j−1}:  L_k combines the bounds of chunks 0 .. j−1 (`combineChunkBounds`)
 *   k < m_0:                L_k = the bound of the first k samples of chunk 0 (a unit with m = k and the
 *                           same seed: `randomNormal` fills [k, B, d] row-major, so its draws are the first
 *                           k of chunk 0's; the numbers agree to float32 rounding, the product shapes differ)
 * The L_K point is exactly `estimateLogLikelihoodParallel(vae, data, { k: K, chunk, batchSize, seed })`.
 * Cost: one L_K evaluation plus Σ_{k < m_0} k samples per image. Workers as in `estimateLogLikelihoodParallel`.
 *
 *   await estimateLkCurve(vae, test, { ks: [1, 10, 100, 500, 1000, 5000], chunk: 500, seed: 3, pool })
 *
 * Returns one `LogLikelihoodEstimate` per k, in the order of ks. Errors: ks not a non-empty array of
 * integers ≥ 1, a k that is neither ≤ m_0 nor a sum of the first chunk sizes, and those of `estimateLogLikelihood`.
 */
import { ArgumentError, assertInteger } from "../errors";
import type { ImageSet } from "../data/images";
import type { Vae } from "./vae";
import {
  batchImages, combineLogLikelihood, logLikelihoodChunk, planLogLikelihood,
  type LogLikelihoodEstimate, type LogLikelihoodOptions,
} from "./vae-log-likelihood";
import { estimateLogLikelihoodParallel, logLikelihoodChunksParallel, type ParallelOptions } from "./vae-log-likelihood-parallel";
import { withPool, type WorkerPool } from "../parallel/worker-pool";
import { defaultWorkerCount } from "../parallel/worker-count";

export async function estimateLkCurve(
  vae: Vae, data: ImageSet, options: Omit<LogLikelihoodOptions, "k"> & ParallelOptions & { ks: number[] },
): Promise<LogLikelihoodEstimate[]> {
  const fn = "estimateLkCurve";
  if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { ks, chunk?, batchSize?, seed, workers?, pool? }");
  const ks = options.ks;
  if (!Array.isArray(ks) || ks.length === 0) throw new ArgumentError("options.ks", fn, "must be a non-empty array of sample counts");
  ks.forEach((k, i) => assertInteger(k, `options.ks[${i}]`, fn, 1));
  const plan = planLogLikelihood(vae, data, { ...options, k: Math.max(...ks) }, fn);
  const { sizes, chunks: C } = plan;
  const ends = sizes.map((_, j) => sizes.slice(0, j + 1).reduce((a, b) => a + b, 0));
  const bad = ks.find((k) => k > sizes[0] && !ends.includes(k));
  if (bad !== undefined) throw new ArgumentError("options.ks", fn, `must each be ≤ ${sizes[0]} or one of ${ends.join(", ")} (the largest k is taken in chunks of ${sizes.join(", ")}), got ${bad}`);
  const workers = options.pool ? options.pool.size : options.workers ?? defaultWorkerCount();
  assertInteger(workers, "options.workers", fn, 0);
  const run = async (pool: WorkerPool | null): Promise<LogLikelihoodEstimate[]> => {
    const parts = pool
      ? await logLikelihoodChunksParallel(vae, data, plan, pool)
      : Array.from({ length: plan.batches * C }, (_, i) => logLikelihoodChunk(vae, batchImages(data, plan, Math.floor(i / C)), sizes[i % C], plan.seed, Math.floor(i / C), i % C));
    const out: LogLikelihoodEstimate[] = [];
    for (const k of ks) {
      const j = ends.indexOf(k) + 1;
      out.push(j > 0
        ? combineLogLikelihood({ ...plan, k, chunks: j, sizes: sizes.slice(0, j) }, data.n, (b, c) => parts[b * C + c])
        : await estimateLogLikelihoodParallel(vae, data, { k, chunk: k, batchSize: plan.batchSize, seed: plan.seed, ...(pool ? { pool } : { workers: 0 }) }));
    }
    return out;
  };
  return workers === 0 ? run(null) : withPool(options.pool, workers, run);
}
