/**
 * The complete state of TensorFlow.js's Adam optimiser (Kingma and Ba 2015) as plain data, and its exact restore,
 * so a training resumed from a checkpoint takes the same steps, bit for bit, as one never interrupted.
 *
 * Adam keeps, per variable, the moment estimates m and v, and two float32 scalars β₁^t and β₂^t (tfjs's `accBeta1`,
 * `accBeta2`, updated by one float32 multiplication per step) for the bias correction m/(1 − β₁^t), v/(1 − β₂^t).
 * tfjs's own `setWeights` recomputes β^t as pow(β, t + 1), which differs from the running product in the last bits
 * after enough steps, so a resumed run would drift: here the two scalars are saved and restored as they are.
 *
 *   const state = adamState(optimizer);            // { iterations, beta1Power, beta2Power, learningRate, m, v }
 *   restoreAdamState(fresh, state, vae.variables); // fresh = tf.train.adam(lr, 0.9, 0.999, 1e-4)
 *
 * Before the first step the moments do not exist yet (tfjs creates them at the first update): m and v are empty.
 * The fields read are those of tfjs 4.x's AdamOptimizer; another layout is an error saying so, never a guess.
 * Errors: not an Adam optimiser of that layout, a state whose moments do not match the variables' sizes.
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";

export interface AdamState {
  /** Steps taken (tfjs `iterations`). */
  iterations: number;
  /** β₁^(t+1) and β₂^(t+1) as tfjs holds them (float32 values). */
  beta1Power: number;
  beta2Power: number;
  learningRate: number;
  /** First and second moments per variable (the optimiser's order), empty before the first step. */
  m: Float32Array[];
  v: Float32Array[];
}

interface Slot { originalName: string; variable: tf.Variable }
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  iterations_: number | undefined;
  iterations: number;
  learningRate: number;
}

function internals(optimizer: tf.Optimizer, fn: string): AdamInternals {
  const o = optimizer as unknown as AdamInternals;
  if (!(optimizer instanceof tf.AdamOptimizer) || !(o.accBeta1 instanceof tf.Variable) || !(o.accBeta2 instanceof tf.Variable)
      || !Array.isArray(o.accumulatedFirstMoment) || !Array.isArray(o.accumulatedSecondMoment)) {
    throw new ArgumentError("optimizer", fn, `must be a tf.train.adam optimiser of TensorFlow.js 4.x (this is ${tf.version.tfjs ?? "another version"}, whose AdamOptimizer fields differ)`);
  }
  return o;
}

/** A copy of the optimiser's state (see the file comment). */
export function adamState(optimizer: tf.Optimizer): AdamState {
  const o = internals(optimizer, "adamState");
  return {
    iterations: o.iterations,
    beta1Power: o.accBeta1.dataSync()[0],
    beta2Power: o.accBeta2.dataSync()[0],
    learningRate: o.learningRate,
    m: o.accumulatedFirstMoment.map((s) => Float32Array.from(s.variable.dataSync() as Float32Array)),
    v: o.accumulatedSecondMoment.map((s) => Float32Array.from(s.variable.dataSync() as Float32Array)),
  };
}

/**
 * Puts `state` into `optimizer` (a fresh or used Adam; its previous slots are disposed), with the moments shaped
 * like `variables` (the order the optimiser receives gradients in).
 */
export function restoreAdamState(optimizer: tf.Optimizer, state: AdamState, variables: tf.Variable[]): void {
  const fn = "restoreAdamState";
  const o = internals(optimizer, fn);
  if (state === null || typeof state !== "object" || !Number.isInteger(state.iterations) || state.iterations < 0) {
    throw new ArgumentError("state", fn, "must be an AdamState from adamState() (iterations an integer ≥ 0)");
  }
  for (const key of ["m", "v"] as const) {
    const list = state[key];
    if (!Array.isArray(list) || (list.length !== 0 && list.length !== variables.length)) {
      throw new ArgumentError(`state.${key}`, fn, `must hold 0 or ${variables.length} moment arrays, got ${Array.isArray(list) ? list.length : typeof list}`);
    }
    list.forEach((a, i) => {
      if (!(a instanceof Float32Array) || a.length !== variables[i].size) throw new ArgumentError(`state.${key}[${i}]`, fn, `must be a Float32Array of ${variables[i].size} values`);
    });
  }
  if (state.m.length !== state.v.length) throw new ArgumentError("state.v", fn, "must hold as many arrays as state.m");
  tf.dispose([...o.accumulatedFirstMoment, ...o.accumulatedSecondMoment].map((s) => s.variable));
  const slots = (list: Float32Array[], suffix: string) => list.map((a, i) => ({
    originalName: `${variables[i].name}/${suffix}`,
    variable: tf.tidy(() => tf.tensor(a, variables[i].shape, "float32").variable(false)),
  }));
  o.accumulatedFirstMoment = slots(state.m, "m");
  o.accumulatedSecondMoment = slots(state.v, "v");
  tf.tidy(() => {
    o.accBeta1.assign(tf.scalar(state.beta1Power, "float32"));
    o.accBeta2.assign(tf.scalar(state.beta2Power, "float32"));
  });
  o.iterations_ = state.iterations;
  o.learningRate = state.learningRate;
}
