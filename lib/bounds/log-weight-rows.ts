/**
 * S independent rows of K log importance weights, log w_{s,i} = log p(e, h_{s,i}) − log q(h_{s,i} | e),
 * h ~ q (reparameterised, `logImportanceWeights`), for one observation e, returned as a row-major
 * Float32Array of length S·K (the input of `prefixKSweep`).
 *
 * Drawn in chunks of at most `chunkRows` rows so that memory stays ∝ chunkRows·K·d however large S·K is;
 * chunk c draws from `random.fork(c)`, so the result depends on the seed and the chunk size only.
 * q must have batch shape [] or [1] (one observation). Errors: S, K or chunkRows not integers ≥ 1.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import type { ReparameterizedDistribution } from "../distributions/distribution";
import { toRandom, type Seed } from "../random";
import { logImportanceWeights, type LogJoint } from "./log-weights";

export function logWeightRows(
  logJoint: LogJoint, q: ReparameterizedDistribution, rows: number, k: number, seed: Seed, chunkRows = 256,
): Float32Array {
  const fn = "logWeightRows";
  assertInteger(rows, "rows", fn, 1);
  assertInteger(k, "k", fn, 1);
  assertInteger(chunkRows, "chunkRows", fn, 1);
  const random = toRandom(seed, fn);
  const out = new Float32Array(rows * k);
  for (let start = 0, c = 0; start < rows; start += chunkRows, c++) {
    const n = Math.min(chunkRows, rows - start);
    const values = tf.tidy(() => logImportanceWeights(logJoint, q, n * k, random.fork(c)).dataSync());
    if (values.length !== n * k) {
      throw new ArgumentError("q", fn, `must describe one observation (batch shape [] or [1]); got ${values.length / (n * k)} per draw`);
    }
    out.set(values, start * k);
  }
  return out;
}
