/**
 * The interface every distribution of the library implements. Event dimensions are the last
 * axis: `logProb` sums over it, so a batch of shape [..., d] gives log-probabilities of shape [...].
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
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
