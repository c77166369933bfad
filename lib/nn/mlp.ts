/**
 * A multilayer perceptron: the networks of the amortised encoders and decoders (Kingma & Welling 2014).
 *
 *   a_0 = x,  a_{l+1} = φ(a_l W_l + b_l)  for l < L - 1,  output a_L = a_{L-1} W_{L-1} + b_{L-1}
 *
 * with `sizes = [n_0, ..., n_L]`, W_l of shape [n_l, n_{l+1}], b_l of shape [n_{l+1}], φ = tanh (default) or
 * relu, and no activation on the output layer (the caller maps it to a mean, a log-scale, logits, ...).
 *
 * Initialisation: Glorot-uniform (Glorot & Bengio 2010), W_l[i, j] ~ U(-a, a) with a = sqrt(6 / (n_l + n_{l+1})),
 * drawn from the library's seeded `Random` in JavaScript, so a seed gives the same weights on every backend;
 * biases start at zero.
 *
 * Computation: a tanh network runs in its exact sigmoid form, tanh(z) = 2σ(2z) - 1, so every hidden
 * layer is one fused kernel (`dense`: product + bias + σ) and no tanh is evaluated. With s_l = σ(2 z_l)
 * (a_l = 2 s_l - 1) and colsum(W)_j = Σ_i W[i, j]:
 *
 *   s_1 = σ(x (2W_0) + 2b_0),   s_{l+1} = σ(s_l (4W_l) + 2(b_l - colsum W_l)),
 *   output = s_{L-1} (2W_{L-1}) + (b_{L-1} - colsum W_{L-1})
 *
 * The variables stay the tanh parameters W_l, b_l (what users see, save and load); the folded weights
 * are computed from them at every call, so gradients (by autodiff through the folding) are exact.
 * `foldedLayers()` returns this chain; relu networks run unchanged (one fused kernel per layer).
 *
 * Shapes: `apply(x)` takes any leading dimensions, last axis n_0, and returns the same leading dimensions with
 * last axis n_L. Errors: `sizes` must hold ≥ 2 positive integers, `activation` must be "tanh" or "relu".
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger } from "../errors";
import { Seed, toRandom } from "../random";
import { dense, type CustomGradient, type DenseActivation } from "./dense";

/** One layer of the computed form: y = activation(a w + b). */
export interface FoldedLayer {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
  activation: DenseActivation;
}

export interface MlpConfig {
  /** Layer widths [input, hidden..., output]; at least two entries. */
  sizes: number[];
  /** Hidden-layer non-linearity; default "tanh". */
  activation?: "tanh" | "relu";
  /** Seed of the Glorot-uniform initialisation. */
  seed: Seed;
  /** Prefix of the variable names (default "mlp"); tfjs adds a suffix when a name is already taken. */
  name?: string;
}

export class Mlp {
  /** W0, b0, W1, b1, ... in layer order, all trainable. */
  readonly variables: tf.Variable[];
  readonly sizes: readonly number[];
  readonly activation: "tanh" | "relu";

  constructor(config: MlpConfig) {
    const fn = "Mlp";
    if (config === null || typeof config !== "object") {
      throw new ArgumentError("config", fn, `must be an object { sizes, activation?, seed, name? }, got ${String(config)}`);
    }
    const { sizes, activation = "tanh", seed, name = "mlp" } = config;
    if (!Array.isArray(sizes) || sizes.length < 2) {
      throw new ArgumentError("config.sizes", fn, `must be an array of at least 2 layer widths, got ${JSON.stringify(sizes)}`);
    }
    sizes.forEach((n, i) => assertInteger(n, `config.sizes[${i}]`, fn, 1));
    if (activation !== "tanh" && activation !== "relu") {
      throw new ArgumentError("config.activation", fn, `must be "tanh" or "relu", got ${JSON.stringify(activation)}`);
    }
    if (typeof name !== "string") throw new ArgumentError("config.name", fn, `must be a string, got ${typeof name}`);
    const rng = toRandom(seed, fn);
    this.sizes = [...sizes];
    this.activation = activation;
    this.variables = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const a = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * a;
      this.variables.push(
        toVariable(tf.tensor2d(w, [fanIn, fanOut]), `${name}/W${l}`),
        toVariable(tf.zeros([fanOut]), `${name}/b${l}`),
      );
    }
  }

  /** The network applied to the last axis of `x` (width sizes[0]); leading dimensions are kept. */
  apply(x: tf.Tensor): tf.Tensor {
    const fn = "Mlp.apply";
    if (!(x instanceof tf.Tensor)) throw new ArgumentError("x", fn, `must be a tf.Tensor, got ${typeof x}`);
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.sizes[0]) {
      throw new ArgumentError("x", fn, `must have last axis ${this.sizes[0]}, got shape [${x.shape.join(", ")}]`);
    }
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const y = runLayers(tf.reshape(x, [-1, this.sizes[0]]), this.foldedLayers());
      return tf.reshape(y, [...lead, this.sizes[this.sizes.length - 1]]);
    });
  }

  /**
   * The network as a chain of dense layers computing exactly `apply` (see the module comment): for tanh,
   * sigmoid layers with folded weights; for relu, the variables themselves. New tensors (call in tf.tidy).
   */
  foldedLayers(): FoldedLayer[] {
    const layers = this.sizes.length - 1;
    const v = (i: number) => this.variables[i];
    return Array.from({ length: layers }, (_, l) => {
      const w = v(2 * l) as tf.Tensor2D, b = v(2 * l + 1) as tf.Tensor1D;
      const hidden = l + 1 < layers;
      if (this.activation === "relu") return { w, b, activation: hidden ? "relu" : "linear" };
      if (l === 0 && !hidden) return { w, b, activation: "linear" }; // a single linear layer: nothing to fold
      const [wf, bf] = fold(w, b, l === 0 ? "first" : hidden ? "innerHidden" : "innerOutput");
      return { w: wf, b: bf, activation: hidden ? "sigmoid" : "linear" };
    });
  }

  /** Frees the variables; the network cannot be used afterwards. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * The folding of one tanh layer's parameters (W, b) into its sigmoid form (W', b'), as ops with their own
 * gradients (c = colsum W; a hidden layer's σ takes twice its pre-activation; an inner layer's input is 2s - 1):
 *
 *   first hidden   W' = 2W,  b' = 2b                 ∂W = 2 ∂W',                 ∂b = 2 ∂b'
 *   inner hidden   W' = 4W,  b' = 2(b - c)           ∂W = 4 ∂W' + (-2 ∂b')ᵀ,     ∂b = 2 ∂b'
 *   inner output   W' = 2W,  b' = b - c              ∂W = 2 ∂W' + (-∂b')ᵀ,       ∂b = ∂b'
 *
 * ((-2 ∂b')ᵀ broadcast over the rows of ∂W; tfjs adds the two terms of ∂W.) Every scaling is by a power of two,
 * exact, so values and gradients are the same bits as autodiff through the elementary mul / sub / sum (W' = 2·(2W),
 * the same two exact terms added once), with fewer kernels: tfjs's gradients of mul, sub and sum add a cast,
 * reshapes and a broadcast product each (tests/unit/training-step-ops.test.ts).
 */
function fold(w: tf.Tensor2D, b: tf.Tensor1D, kind: "first" | "innerHidden" | "innerOutput"): [tf.Tensor2D, tf.Tensor1D] {
  if (kind === "first") return [SCALE[2](w) as tf.Tensor2D, SCALE[2](b) as tf.Tensor1D];
  return [SCALE[kind === "innerHidden" ? 4 : 2](w) as tf.Tensor2D, FOLD_BIAS[kind](w, b) as tf.Tensor1D];
}

/** x ↦ k·x with the gradient k·dy (one kernel, where tfjs's mul gradient takes a cast and a reshape too). */
function scaleOp(k: number) {
  return tf.customGrad(((x: tf.Tensor) => ({ value: tf.mul(x, k), gradFunc: (dy: tf.Tensor) => tf.mul(dy, k) })) as unknown as CustomGradient);
}
const SCALE = { 2: scaleOp(2), 4: scaleOp(4) };

/** (W, b) ↦ k·(b - colsum W), gradients (-k·db broadcast over W's rows, k·db). */
function foldBiasOp(k: 1 | 2) {
  return tf.customGrad(((w: tf.Tensor, b: tf.Tensor) => {
    const shape = w.shape;
    const centred = tf.sub(b, tf.sum(w, 0));
    return {
      value: k === 1 ? centred : tf.mul(centred, k),
      // the broadcast as a product with ones, as tfjs's sum gradient does: wasm's broadcastTo (Tile) took 12.7 ms CPU
      // for [200, 784] against 1.7 ms for this (measured); the values are the same (exact products by 1)
      gradFunc: (dy: tf.Tensor) => [
        tf.mul(tf.reshape(k === 1 ? tf.neg(dy) : tf.mul(dy, -k), [1, shape[1] as number]), tf.ones(shape)),
        k === 1 ? tf.clone(dy) : tf.mul(dy, k),
      ],
    };
  }) as unknown as CustomGradient);
}
const FOLD_BIAS = { innerHidden: foldBiasOp(2), innerOutput: foldBiasOp(1) };

/** Applies `layers` in order to a of shape [N, n_0]. */
export function runLayers(a: tf.Tensor2D, layers: readonly FoldedLayer[]): tf.Tensor2D {
  return layers.reduce((h, layer) => dense(h, layer.w, layer.b, layer.activation), a);
}

/** A trainable variable holding `initial`'s values; the initial tensor is freed (tf.variable keeps its own reference). */
function toVariable(initial: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(initial, true, uniqueName(name));
  initial.dispose();
  return v;
}

/** tfjs variable names must be unique in the engine; append a counter so two networks may share a prefix. */
let counter = 0;
function uniqueName(base: string): string {
  return `${base}_${counter++}`;
}
