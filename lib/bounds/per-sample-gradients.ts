/**
 * Per-sample gradients: the gradient of every entry of a tensor-valued function of the variables,
 *
 *   G_v[j, ...] = ∂ f()_j / ∂ v     for every flat entry j of f() and every variable v,
 *
 * returned as one tensor per variable of shape [...f's shape, ...v's shape]. With f the log-weights [k, ...batch]
 * these are the per-sample gradients ∇ log w_{i,n} of the lecture's IWAE gradient (`iwaeGradientFromPerSample`);
 * with f = exp(log w) they check the log-derivative trick ∇ w_i = w_i ∇ log w_i on its own.
 *
 * Cost: one forward and one backward pass per entry of f() (tfjs has no vectorised Jacobian), so it is meant for
 * checks on small cases (k · batch up to a few hundred), not for training. `f` must compute from fixed noise.
 * Errors: f not a function, `vars` not distinct trainable variables, an entry of f() not depending on any of them
 * gives zero gradients (not an error).
 */
import * as tf from "@tensorflow/tfjs";
import { releaseTapeOnError } from "../math/release-tape-on-error";
import { ArgumentError } from "../errors";
import { checkVariables } from "./variable-gradients";

export function perSampleGradients(f: () => tf.Tensor, vars: tf.Variable[]): tf.Tensor[] {
  const fn = "perSampleGradients";
  if (typeof f !== "function") throw new ArgumentError("f", fn, "must be a function () => tf.Tensor");
  checkVariables(vars, fn);
  const shape = tf.tidy(() => {
    const out = f();
    if (!(out instanceof tf.Tensor)) throw new ArgumentError("f", fn, "must return a tf.Tensor");
    return out.shape;
  });
  const n = shape.reduce((a, b) => a * b, 1);
  const rows: tf.Tensor[][] = vars.map(() => []);
  for (let j = 0; j < n; j++) {
    const { value, grads } = releaseTapeOnError(() => tf.variableGrads(() => tf.squeeze(tf.slice(tf.reshape(f(), [n]), [j], [1])) as tf.Scalar, vars));
    value.dispose();
    vars.forEach((v, i) => rows[i].push(grads[v.name] ?? tf.zerosLike(v)));
  }
  return rows.map((r, i) => {
    const stacked = tf.tidy(() => tf.reshape(tf.stack(r), [...shape, ...vars[i].shape]));
    tf.dispose(r);
    return stacked;
  });
}
