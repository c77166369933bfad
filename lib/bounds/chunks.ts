/**
 * The k-sample bound computed in chunks, so memory stays bounded for any k (Burda et al. 2016, eq. 8):
 * the k samples are cut into C = ⌈k / limit⌉ chunks of nearly equal sizes m_1..m_C (they differ by at
 * most one, the larger first; Σ m_c = k; every m_c ≤ limit). With L^(c) the bound of chunk c,
 *
 *   L_k = log (1/k) Σ_i w_i = log Σ_c (m_c / k) exp(L^(c)) = logsumexp_c(L^(c) + log m_c) - log k,
 *
 * exact for any sizes; when they are all equal it is log (1/C) Σ_c exp(L^(c)), computed by `iwaeBound`
 * over the chunk axis. Sizes need not divide k: a prime k such as 100,003 gets 201 chunks of 497 or
 * 498 samples, not chunks of 1. Where an equal split exists it is the largest divisor of k not above the limit.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertRank } from "../errors";
import { iwaeBound } from "./iwae";
import { logSumExpChecked } from "../math/log-sum-exp";

/** The chunk sizes for k samples with at most `limit` per chunk. */
export function planChunks(k: number, limit: number): number[] {
  assertInteger(k, "k", "planChunks", 1);
  assertInteger(limit, "limit", "planChunks", 1);
  const chunks = Math.ceil(k / limit);
  const base = Math.floor(k / chunks);
  const larger = k - base * chunks;
  return Array.from({ length: chunks }, (_, c) => (c < larger ? base + 1 : base));
}

/**
 * L_k per observation from the chunk bounds `bounds` [C, n] (row c: the L_{m_c} of chunk c) and the
 * chunk sizes `sizes` (length C, integers ≥ 1). Returns [n].
 */
export function combineChunkBounds(bounds: tf.Tensor, sizes: readonly number[]): tf.Tensor {
  const fn = "combineChunkBounds";
  assertRank(bounds, 2, "bounds", fn);
  if (!Array.isArray(sizes) || sizes.length !== bounds.shape[0]) {
    throw new ArgumentError("sizes", fn, `must be an array with one size per row of 'bounds' (${bounds.shape[0]})`);
  }
  sizes.forEach((m, c) => assertInteger(m, `sizes[${c}]`, fn, 1));
  if (sizes.every((m) => m === sizes[0])) return iwaeBound(bounds, 0);
  const k = sizes.reduce((a, b) => a + b, 0);
  return tf.tidy(() => {
    const logSizes = tf.tensor2d(sizes.map(Math.log), [sizes.length, 1]);
    return tf.sub(logSumExpChecked(tf.add(bounds, logSizes), 0, false, "bounds", fn), Math.log(k));
  });
}
