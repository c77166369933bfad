/**
 * One dense layer as a single fused kernel, with a hand-written gradient:
 *
 *   y = φ(a W + b),   φ = identity ("linear"), σ ("sigmoid", σ(z) = 1 / (1 + e^{-z})) or relu
 *
 * a of shape [N, n], W [n, m], b [m], y [N, m]. Forward: one `tf.fused.matMul` (product, bias and
 * activation in one kernel). Backward, with dz = dy ⊙ φ'(z) (σ' = y(1 - y), relu' = [y > 0]):
 *
 *   ∂a = dz Wᵀ,   ∂W = aᵀ dz,   ∂b = Σ_rows dz
 *
 * computed with explicit transposes and untransposed products on wasm and cpu. Why: on the wasm backend a
 * matMul with transposeA or transposeB does not reach the fast (XNNPACK) kernel; measured on 5000 × 784 × 200,
 * a transposed product took ~700 ms and transpose + plain product ~60 ms. On the native backend
 * ("tensorflow") the transposed products are as fast (TensorFlow's BatchMatMulV2 with adj_x / adj_y) and each
 * explicit transpose is one more TensorFlow operation (15–40 µs there), so the flags are used instead.
 * tfjs's own gradient of `tf.fused.matMul` uses the transposed forms and has no gradient for a fused sigmoid at all.
 * Errors: a, W not 2-D with matching inner sizes, b not of length m (named, in `dense`).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";

/** The function type tf.customGrad takes (tfjs does not export its name). */
export type CustomGradient = Parameters<typeof tf.customGrad>[0];

export type DenseActivation = "linear" | "sigmoid" | "relu";

/** a·bᵀ and aᵀ·b by the fast path of the backend in use: transpose flags on native, explicit transposes elsewhere. */
const nativeBackend = () => tf.getBackend() === "tensorflow";
function timesTransposed(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return nativeBackend() ? tf.matMul(a, b, false, true) : tf.matMul(a, tf.transpose(b));
}
function transposedTimes(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return nativeBackend() ? tf.matMul(a, b, true, false) : tf.matMul(tf.transpose(a), b);
}

/**
 * x·wᵀ, typically for data x: on native one transposed product with tfjs's own gradient (∂w = dYᵀ x, one product;
 * ∂x only when x is differentiated), elsewhere `matMul(x, wᵀ)` with an explicit transpose.
 */
export function dataTimesTransposed(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return nativeBackend() ? tf.matMul(x, w, false, true) : matMul(x, tf.transpose(w));
}

/** A ⋅ B without the transposed wasm path in its gradient: ∂A = dY Bᵀ, ∂B = Aᵀ dY (explicit transposes on wasm). */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const fn = "matMul";
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ArgumentError("a", fn, `and b must be 2-D with a.shape[1] = b.shape[0], got [${a.shape}] and [${b.shape}]`);
  }
  return product(a, b) as tf.Tensor2D;
}

const product = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [
      timesTransposed(dy as tf.Tensor2D, sb as tf.Tensor2D),
      transposedTimes(sa as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as unknown as CustomGradient);

/** φ(a W + b) in one fused kernel; see the module comment for the gradient. */
export function dense(a: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation = "linear"): tf.Tensor2D {
  const fn = "dense";
  if (a.rank !== 2 || w.rank !== 2 || a.shape[1] !== w.shape[0]) {
    throw new ArgumentError("w", fn, `must be 2-D [${a.shape[1]}, m] for a of shape [${a.shape}], got [${w.shape}]`);
  }
  if (b.rank !== 1 || b.shape[0] !== w.shape[1]) throw new ArgumentError("b", fn, `must have shape [${w.shape[1]}], got [${b.shape}]`);
  if (activation !== "linear" && activation !== "sigmoid" && activation !== "relu") {
    throw new ArgumentError("activation", fn, `must be "linear", "sigmoid" or "relu", got ${JSON.stringify(activation)}`);
  }
  return DENSE[activation](a, w, b) as tf.Tensor2D;
}

function denseOp(activation: DenseActivation) {
  return tf.customGrad(((a: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = tf.fused.matMul({ a: a as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation });
    save([a, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sa, sw, sy]: tf.Tensor[]) => {
        const dz = activation === "linear" ? dy
          : activation === "sigmoid" ? tf.mul(dy, tf.mul(sy, tf.sub(1, sy)))
            : tf.mul(dy, tf.step(sy));
        return [
          timesTransposed(dz as tf.Tensor2D, sw as tf.Tensor2D),
          transposedTimes(sa as tf.Tensor2D, dz as tf.Tensor2D),
          tf.sum(dz, 0),
        ];
      },
    };
  }) as unknown as CustomGradient);
}

const DENSE = { linear: denseOp("linear"), sigmoid: denseOp("sigmoid"), relu: denseOp("relu") };
