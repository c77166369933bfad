/**
 * Latent traversals of a VAE (Higgins et al. 2017, §4): one image is encoded to its posterior mean μ; for each
 * coordinate j of `coordinates` (a row) and each value v of `values` (a column), the code μ with μ_j := v is
 * decoded, and the decoder's pixel probabilities p(e_i = 1 | h) = sigmoid(l_i) are returned. A coordinate that
 * captures one generative factor changes only that factor along its row; an unused one changes nothing.
 *
 *   const pixels = latentTraversal(vae, image, { coordinates: [3, 0, 5], values: [-2, 0, 2] });
 *   showImageGrid(pixels, { rows: 3, cols: 3, side: 16 });
 *
 * Returns coordinates.length · values.length images of D = vae.config.inputSize values, row-major. No tensor
 * is left. Errors (ArgumentError naming the argument and `latentTraversal`): an image that is not a Float32Array
 * of length D, coordinates that are not distinct integers in 0 … d − 1, values empty or not finite.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import type { Vae } from "./vae";

export function latentTraversal(vae: Vae, image: Float32Array, options: { coordinates: readonly number[]; values: readonly number[] }): Float32Array {
  const fn = "latentTraversal";
  const D = vae.config.inputSize, d = vae.config.latentSize;
  if (!(image instanceof Float32Array) || image.length !== D) throw new ArgumentError("image", fn, `must be a Float32Array of ${D} pixels (one image)`);
  const { coordinates, values } = options ?? ({} as never);
  if (!Array.isArray(coordinates) || coordinates.length === 0 || new Set(coordinates).size !== coordinates.length ||
      !coordinates.every((j) => Number.isInteger(j) && j >= 0 && j < d)) {
    throw new ArgumentError("options.coordinates", fn, `must be distinct integers in 0 … ${d - 1}, got ${JSON.stringify(coordinates)}`);
  }
  if (!Array.isArray(values) || values.length === 0 || !values.every(Number.isFinite)) {
    throw new ArgumentError("options.values", fn, "must be a non-empty array of finite numbers");
  }
  return tf.tidy(() => {
    const mu = (vae.encode(tf.tensor2d(image, [1, D])).loc.arraySync() as number[][])[0];
    const codes = coordinates.flatMap((j) => values.map((v) => mu.map((m, jj) => (jj === j ? v : m))));
    return vae.decode(tf.tensor2d(codes, [codes.length, d])).probs().dataSync() as Float32Array;
  });
}
