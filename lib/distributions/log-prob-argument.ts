/**
 * The checks every distribution's `logProb(x)` shares (internal: not re-exported by the package): x is a live tensor
 * of the right event size whose shape broadcasts against the distribution's, and a NaN in x is an error, not a NaN
 * log-probability.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertNoNaN, assertTensor } from "../errors";

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
