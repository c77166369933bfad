/**
 * The average KL of each latent coordinate to the prior N(0, 1) over a set of images: for coordinate j,
 *
 *   KL_j = (1/n) Σ_i [ ½ (μ_ij² + σ_ij² − 1) − log σ_ij ],
 *
 * the per-coordinate terms of the analytic KL(q(H|E) ‖ N(0, I)) of a diagonal Gaussian posterior (Kingma &
 * Welling 2014, appendix B); Σ_j KL_j is the mean rate. A coordinate with KL_j ≈ 0 is one the encoder does not
 * use (its posterior is the prior for every image). Computed in float64 from the posterior means and scales.
 *
 *   const { loc, scale } = vae.posterior(test.images);
 *   const klDim = klPerCoordinate(loc, scale);        // one value per coordinate, nats
 *
 * Errors (ArgumentError naming the argument and `klPerCoordinate`): shapes that are not the same [n, d] with
 * n ≥ 1, a scale that is not positive.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";

export function klPerCoordinate(loc: tf.Tensor2D, scale: tf.Tensor2D): number[] {
  const fn = "klPerCoordinate";
  if (!(loc instanceof tf.Tensor) || loc.rank !== 2 || loc.shape[0] < 1) throw new ArgumentError("loc", fn, "must be a tensor of shape [n, d] with n ≥ 1");
  if (!(scale instanceof tf.Tensor) || scale.rank !== 2 || scale.shape.join() !== loc.shape.join()) {
    throw new ArgumentError("scale", fn, `must be a tensor of the shape of loc [${loc.shape.join(", ")}]`);
  }
  const mu = loc.arraySync() as number[][], sd = scale.arraySync() as number[][];
  if (!sd.every((row) => row.every((s) => s > 0))) throw new ArgumentError("scale", fn, "must be positive everywhere");
  return mu[0].map((_, j) => mu.reduce((s, m, i) => s + 0.5 * (m[j] ** 2 + sd[i][j] ** 2 - 1) - Math.log(sd[i][j]), 0) / mu.length);
}
