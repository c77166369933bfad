/**
 * Adam (Kingma and Ba 2015) over all parameters at once, as one concatenated vector θ of P values:
 *
 *   m_t = β₁ m_{t-1} + (1 - β₁) g_t,    v_t = β₂ v_{t-1} + (1 - β₂) g_t²
 *   θ_t = θ_{t-1} + (-α) · (m_t / (1 - β₁ᵗ)) / (sqrt(v_t / (1 - β₂ᵗ)) + ε)
 *
 * with the operations, their order and their float32 scalars exactly those of TensorFlow.js 4.22's
 * `tf.train.adam` (AdamOptimizer.applyGradients; β₁ᵗ and β₂ᵗ carried in float32 as there, accβ ← accβ · β),
 * so every element gets the same float32 arithmetic: the parameters are the same bits as tf.train.adam's
 * (tests/unit/flat-adam.test.ts checks it on the backend in use). What changes is the number of operations:
 * 14 kernels per step for all variables together instead of 14 per variable (168 for the 12 variables of the
 * reference VAE), plus one upload of the gradient and one download of θ, whose slices are written back into
 * the variables as new tensors (an upload each, no kernel).
 *
 * Shapes: `gradient` is flat, the variables' values concatenated in the order given (row-major each), as
 * the data-parallel trainer already sums its shards' gradients. The optimiser keeps θ: the variables must not
 * be changed by anything else between steps (`step` overwrites them). `learningRate` may be changed between
 * steps (a schedule). `state()` / `setState()` give the moments, β powers and step count (for checkpoints:
 * a restored optimiser continues with the same bits).
 * Errors: no variables; learningRate, β₁, β₂ outside their ranges, ε ≤ 0; a gradient of the wrong length or
 * with a NaN; a state of the wrong size.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, NaNArgumentError, assertPositive } from "../errors";

export interface FlatAdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface FlatAdamState {
  /** Steps taken. */
  iterations: number;
  /** β₁^(iterations + 1) and β₂^(iterations + 1) in float32, as the next step uses them. */
  accBeta1: number;
  accBeta2: number;
  /** First and second moment, flat (P values each). */
  m: Float32Array;
  v: Float32Array;
}

export class FlatAdam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Number of parameter values P. */
  readonly size: number;
  private iterations = 0;
  private accBeta1: number;
  private accBeta2: number;
  private theta: tf.Tensor1D;
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  private readonly values: Float32Array;
  private readonly offsets: number[];

  constructor(private readonly variables: readonly tf.Variable[], options: FlatAdamOptions) {
    const fn = "FlatAdam";
    if (!Array.isArray(variables) || variables.length === 0 || !variables.every((v) => v instanceof tf.Variable)) {
      throw new ArgumentError("variables", fn, "must be a non-empty array of tf.Variable");
    }
    if (options === null || typeof options !== "object") throw new ArgumentError("options", fn, "must be { learningRate, beta1?, beta2?, epsilon? }");
    const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
    assertPositive(learningRate, "options.learningRate", fn);
    for (const [name, b] of [["options.beta1", beta1], ["options.beta2", beta2]] as const) {
      if (typeof b !== "number" || !(b >= 0 && b < 1)) throw new ArgumentError(name, fn, `must be in [0, 1), got ${b}`);
    }
    assertPositive(epsilon, "options.epsilon", fn);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
    this.offsets = [];
    let total = 0;
    for (const v of variables) {
      this.offsets.push(total);
      total += v.size;
    }
    this.size = total;
    this.values = new Float32Array(total);
    variables.forEach((v, i) => this.values.set(v.dataSync() as Float32Array, this.offsets[i]));
    this.theta = tf.tensor1d(this.values);
    this.m = tf.zeros([total]);
    this.v = tf.zeros([total]);
  }

  /** θ as of the last step (the variables' values, flat). A view owned by the optimiser: copy it to keep it. */
  parameters(): Float32Array {
    return this.values;
  }

  /**
   * One Adam step with the flat gradient g (length P, variables' order): updates the variables and
   * returns the new θ (`parameters()`).
   */
  step(gradient: Float32Array): Float32Array {
    const fn = "FlatAdam.step";
    if (!(gradient instanceof Float32Array) || gradient.length !== this.size) {
      throw new ArgumentError("gradient", fn, `must be a Float32Array of ${this.size} values, got ${gradient instanceof Float32Array ? gradient.length : typeof gradient}`);
    }
    for (let i = 0; i < gradient.length; i++) {
      if (Number.isNaN(gradient[i])) throw new NaNArgumentError("gradient", fn, `must not hold NaN (index ${i})`);
    }
    const { beta1, beta2 } = this;
    const [m, v, theta] = tf.tidy(() => {
      const g = tf.tensor1d(gradient);
      // tf.train.adam: oneMinusAccBeta = sub(1, accBeta) in float32 (exact here: accBeta is a float32 in (0, 1))
      const oneMinusAccBeta1 = tf.scalar(Math.fround(1 - this.accBeta1));
      const oneMinusAccBeta2 = tf.scalar(Math.fround(1 - this.accBeta2));
      const newM = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1));
      const newV = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      const mHat = tf.div(newM, oneMinusAccBeta1);
      const vHat = tf.div(newV, oneMinusAccBeta2);
      const newTheta = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate), this.theta);
      return [newM, newV, newTheta] as tf.Tensor1D[];
    });
    tf.dispose([this.m, this.v, this.theta]);
    this.m = m;
    this.v = v;
    this.theta = theta;
    this.values.set(theta.dataSync() as Float32Array);
    this.writeVariables();
    // accBeta ← accBeta · β in float32 (the product of two float32 values is exact in a double before rounding)
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(beta2));
    this.iterations++;
    return this.values;
  }

  private writeVariables(): void {
    this.variables.forEach((variable, i) => {
      const t = tf.tensor(this.values.subarray(this.offsets[i], this.offsets[i] + variable.size), variable.shape);
      variable.assign(t);
      t.dispose();
    });
  }

  /** The moments, β powers and step count (copies). */
  state(): FlatAdamState {
    return {
      iterations: this.iterations, accBeta1: this.accBeta1, accBeta2: this.accBeta2,
      m: (this.m.dataSync() as Float32Array).slice(), v: (this.v.dataSync() as Float32Array).slice(),
    };
  }

  /** Restores `state()` of an optimiser over variables of the same sizes; θ is read again from the variables. */
  setState(s: FlatAdamState): void {
    const fn = "FlatAdam.setState";
    if (s === null || typeof s !== "object" || !(s.m instanceof Float32Array) || !(s.v instanceof Float32Array)
      || s.m.length !== this.size || s.v.length !== this.size) {
      throw new ArgumentError("state", fn, `must hold m and v as Float32Arrays of ${this.size} values`);
    }
    if (!Number.isInteger(s.iterations) || s.iterations < 0) throw new ArgumentError("state.iterations", fn, `must be an integer ≥ 0, got ${s.iterations}`);
    for (const [name, b] of [["state.accBeta1", s.accBeta1], ["state.accBeta2", s.accBeta2]] as const) {
      if (typeof b !== "number" || !(b >= 0 && b < 1)) throw new ArgumentError(name, fn, `must be in [0, 1), got ${b}`);
    }
    this.variables.forEach((v, i) => this.values.set(v.dataSync() as Float32Array, this.offsets[i]));
    tf.dispose([this.m, this.v, this.theta]);
    this.theta = tf.tensor1d(this.values);
    this.m = tf.tensor1d(s.m);
    this.v = tf.tensor1d(s.v);
    this.iterations = s.iterations;
    this.accBeta1 = Math.fround(s.accBeta1);
    this.accBeta2 = Math.fround(s.accBeta2);
  }

  /** Frees the optimiser's tensors (not the variables). */
  dispose(): void {
    tf.dispose([this.m, this.v, this.theta]);
  }
}
