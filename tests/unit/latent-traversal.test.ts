import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Vae, klPerCoordinate, latentTraversal, tf } from "elbolab";
import { assertArgumentError, assertClose, useBackend } from "./setup";

useBackend();
const config = { inputSize: 9, hidden: [5], latentSize: 3 };

describe("klPerCoordinate", () => {
  it("is the per-coordinate Gaussian KL to N(0, 1), averaged over images; its sum is the mean analytic KL", () => {
    const mu = [[0, 1, -2], [0, -1, 0.5]], sd = [[1, 0.5, 2], [1, 2, 0.25]];
    const kl = tf.tidy(() => klPerCoordinate(tf.tensor2d(mu), tf.tensor2d(sd)));
    const term = (m: number, s: number) => 0.5 * (m * m + s * s - 1) - Math.log(s);
    const expected = [0, 1, 2].map((j) => (term(mu[0][j], sd[0][j]) + term(mu[1][j], sd[1][j])) / 2);
    // float32 inputs: the values are exactly representable, so only the float64 arithmetic remains
    assertClose(kl, expected, 1e-12, 0, "KL_j");
    assert.equal(kl[0], 0, "the prior itself has KL 0");
  });

  it("bad input names the argument and klPerCoordinate", () => {
    tf.tidy(() => {
      assertArgumentError(() => klPerCoordinate(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 1, 1]])), "scale", "klPerCoordinate");
      assertArgumentError(() => klPerCoordinate(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])), "scale", "klPerCoordinate");
      assertArgumentError(() => klPerCoordinate(tf.tensor1d([0]) as never, tf.tensor2d([[1]])), "loc", "klPerCoordinate");
    });
  });
});

describe("latentTraversal", () => {
  it("row r, column c is the decoder's probabilities at the posterior mean with coordinate r set to value c; no tensor left", () => {
    const vae = new Vae(config, 4);
    const image = Float32Array.from({ length: 9 }, (_, i) => i % 2);
    const before = tf.memory().numTensors;
    const pixels = latentTraversal(vae, image, { coordinates: [2, 0], values: [-1, 1.5] });
    assert.equal(tf.memory().numTensors, before, "live tensors");
    assert.equal(pixels.length, 2 * 2 * 9);
    const expected = tf.tidy(() => {
      const mu = (vae.encode(tf.tensor2d(image, [1, 9])).loc.arraySync() as number[][])[0];
      const code = [...mu]; code[0] = 1.5; // row 1 (coordinate 0), column 1 (value 1.5)
      return Array.from(vae.decode(tf.tensor2d([code])).probs().dataSync());
    });
    // one code decoded alone against four in a batch: the backend may order a product's float32 sums differently
    assertClose(pixels.subarray(3 * 9, 4 * 9), expected, 1e-6, 0, "row 1, column 1");
    assert.ok(pixels.every((p) => p > 0 && p < 1));
    vae.dispose();
  });

  it("bad input names the argument and latentTraversal", () => {
    const vae = new Vae(config, 4);
    const image = new Float32Array(9);
    assertArgumentError(() => latentTraversal(vae, new Float32Array(8), { coordinates: [0], values: [0] }), "image", "latentTraversal");
    assertArgumentError(() => latentTraversal(vae, image, { coordinates: [3], values: [0] }), "options.coordinates", "latentTraversal");
    assertArgumentError(() => latentTraversal(vae, image, { coordinates: [1, 1], values: [0] }), "options.coordinates", "latentTraversal");
    assertArgumentError(() => latentTraversal(vae, image, { coordinates: [0], values: [NaN] }), "options.values", "latentTraversal");
    vae.dispose();
  });
});
