/**
 * What the IWAE gradient estimators share: the form of their inputs and outputs, argument checks, and one
 * backward pass through tf.variableGrads.
 *
 * A `LogWeightsFn` returns log-weights log w_{i,n} of shape [k, ...batch] computed from FIXED noise ε (so every
 * call gives the same numbers): for example `() => logImportanceWeights(logJoint, q(), k, 7)` with a numeric
 * seed. It is called inside the tape, so the parameters it reads (tf.Variables) receive gradients.
 *
 * A `GradientEstimate` holds `value`, the objective Σ_n L_k(e_n) (a scalar, summed over the batch), and
 * `grads`, one tensor per variable, in the order of the `vars` argument, each of that variable's shape. A
 * variable the objective does not depend on gets a zero gradient. The caller disposes both.
 */
import * as tf from "@tensorflow/tfjs";
import { releaseTapeOnError } from "../math/release-tape-on-error";
import { ArgumentError, assertNoNaN } from "../errors";

export type LogWeightsFn = () => tf.Tensor;

export interface GradientEstimate {
  /** Σ over the batch of L_k = logmeanexp_i log w_{i,n}, a scalar. */
  value: tf.Scalar;
  /** ∂/∂v for every v of `vars`, in order. */
  grads: tf.Tensor[];
}

/** Checks a `vars` argument: a non-empty array of distinct trainable tf.Variables. */
export function checkVariables(vars: unknown, fn: string): asserts vars is tf.Variable[] {
  if (!Array.isArray(vars) || vars.length === 0) throw new ArgumentError("vars", fn, "must be a non-empty array of tf.Variable");
  const seen = new Set<string>();
  vars.forEach((v, i) => {
    if (!(v instanceof tf.Variable)) throw new ArgumentError("vars", fn, `must hold only tf.Variable, entry ${i} is not one`);
    if (!v.trainable) throw new ArgumentError("vars", fn, `must hold trainable variables, entry ${i} ('${v.name}') is not`);
    if (seen.has(v.name)) throw new ArgumentError("vars", fn, `must not repeat a variable, '${v.name}' appears twice`);
    seen.add(v.name);
  });
}

/** Calls a `LogWeightsFn` and checks its result: a tf.Tensor of rank ≥ 1 with k ≥ 1 along axis 0. */
export function callLogWeights(logWeightsFn: LogWeightsFn, fn: string): tf.Tensor {
  if (typeof logWeightsFn !== "function") throw new ArgumentError("logWeightsFn", fn, "must be a function () => log-weights [k, ...batch]");
  const lw = logWeightsFn();
  if (!(lw instanceof tf.Tensor) || lw.rank < 1 || lw.shape[0] < 1) {
    throw new ArgumentError("logWeightsFn", fn, `must return a tf.Tensor [k, ...batch] with k >= 1, got ${lw instanceof tf.Tensor ? `shape [${lw.shape.join(", ")}]` : typeof lw}`);
  }
  assertNoNaN(lw, "logWeightsFn", fn, "must return log-weights without NaN");
  return lw;
}

/**
 * One backward pass: the gradient of `surrogate()` (a scalar) for `vars`, reported with `value()` (a scalar
 * computed in the same pass and kept). Throws, naming 'logWeightsFn' and `fn`, when the value or any gradient
 * contains NaN (one reduction and a one-value readback for all gradients together).
 */
export function surrogateGradients(
  run: () => { surrogate: tf.Scalar; value: tf.Scalar }, vars: tf.Variable[], fn: string,
): GradientEstimate {
  let value: tf.Scalar | null = null;
  const { value: _s, grads } = releaseTapeOnError(() => tf.variableGrads(() => {
    const r = run();
    value = tf.keep(tf.clone(r.value));
    return r.surrogate;
  }, vars));
  _s.dispose();
  const out = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const val = value as unknown as tf.Scalar;
  // One reduction over all gradients and one readback, whatever their size (no skipped check for large ones).
  const bad = Number.isNaN(val.dataSync()[0]) || tf.tidy(() => tf.any(tf.stack(out.map((g) => tf.any(tf.isNaN(g))))).dataSync()[0] === 1);
  if (bad) {
    tf.dispose([val, ...out]);
    throw new ArgumentError("logWeightsFn", fn, "must give log-weights without NaN (the bound or its gradient is NaN)");
  }
  return { value: val, grads: out };
}
