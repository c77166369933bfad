/**
 * The interface every distribution of the library implements. Event dimensions are the last
 * axis: `logProb` sums over it, so a batch of shape [..., d] gives log-probabilities of shape [...].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertNoNaN, assertTensor } from "../errors";
import type { Seed } from "../random";

/** A sample together with its log-probability, both computed from one noise draw. */
export type SampleWithLogProb = {
  /** Shape [...sampleShape, ...batchShape, d]. */
  value: tf.Tensor;
  /** Shape [...sampleShape, ...batchShape]. */
  logProb: tf.Tensor;
};

export interface Distribution {
  /** Shape of one draw: batch axes then the event axis. */
  readonly shape: readonly number[];
  /** log p(x) summed over the last (event) axis. */
  logProb(x: tf.Tensor): tf.Tensor;
  /** Draws of shape [...sampleShape, ...shape] (no gradient path to the parameters). */
  sample(seed: Seed, sampleShape?: readonly number[]): tf.Tensor;
}

/** Distributions with a reparameterised sampler: x = g(ε, λ), gradients flow to λ. */
export interface ReparameterizedDistribution extends Distribution {
  rsample(seed: Seed, sampleShape?: readonly number[]): SampleWithLogProb;
}

/**
 * A distribution whose parameter tensors (its own tf.Tensor properties) are all live: a disposed one is
 * an error naming `argument`, the parameter and `fn`, instead of a TypeError deep inside TensorFlow.js.
 */
export function assertLiveDistribution(d: unknown, argument: string, fn: string): void {
  if (d === null || typeof d !== "object") return;
  for (const [name, value] of Object.entries(d)) {
    if (value instanceof tf.Tensor && value.isDisposed) {
      throw new ArgumentError(argument, fn, `was disposed: its parameter '${name}' (shape [${value.shape.join(", ")}]) is no longer live`);
    }
  }
}

/**
 * The argument checks of `logProb(x)` shared by the distributions: a live tf.Tensor whose last axis is the event
 * size d and whose shape broadcasts against the distribution's [...batch, d] (numpy rules: aligned from the right,
 * each pair of sizes equal or one of them 1; x may add leading sample axes). Each failure is an ArgumentError
 * naming 'x', `fn` and both shapes, instead of TensorFlow.js's broadcast error.
 */
export function assertLogProbArgument(x: unknown, shape: readonly number[], fn: string): asserts x is tf.Tensor {
  assertTensor(x, "x", fn);
  const d = shape[shape.length - 1];
  const got = `got shape [${x.shape.join(", ")}]`;
  if (x.rank < 1 || x.shape[x.rank - 1] !== d) throw new ArgumentError("x", fn, `must have event size ${d} on its last axis, ${got}`);
  for (let i = 1; i <= Math.min(x.rank, shape.length); i++) {
    const a = x.shape[x.rank - i], b = shape[shape.length - i];
    if (a !== b && a !== 1 && b !== 1) {
      throw new ArgumentError("x", fn, `must broadcast against the distribution's shape [${shape.join(", ")}] ([...sampleShape, ...batch, d]), ${got} (axis ${x.rank - i}: ${a} against ${b})`);
    }
  }
}

/**
 * `result` (a log-probability of x) when it holds no NaN. The parameters are checked when a distribution is made, so
 * a NaN comes from x: the error names 'x', `fn` and the flat index of the first NaN in x. One reduction over the
 * result and a one-value readback; the result is disposed on the error path.
 */
export function logProbWithoutNaN(result: tf.Tensor, x: tf.Tensor, fn: string): tf.Tensor {
  const bad = tf.tidy(() => tf.any(tf.isNaN(result)).dataSync()[0]);
  if (!bad) return result;
  result.dispose();
  assertNoNaN(x, "x", fn, "must not contain NaN (the log-probability would be NaN)");
  throw new ArgumentError("this", fn, "gave NaN for an x without NaN: its parameters hold NaN or infinities (made with validate: false?)");
}
