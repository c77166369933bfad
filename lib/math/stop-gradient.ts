/**
 * stopGradient(x): the value of x, with a zero gradient (tfjs has no tf.stopGradient). Used for
 * samples that must not carry a path to the parameters, and by the sticking-the-landing and
 * doubly reparameterised estimators (Roeder et al. 2017; Tucker et al. 2018).
 */
import * as tf from "@tensorflow/tfjs";

const stop = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
