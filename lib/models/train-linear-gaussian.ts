/**
 * Maximum likelihood for the linear-Gaussian model by stochastic variational objectives: Adam on θ = (W, b, log σ)
 * and on free-form per-observation Gaussian parameters φ = (μ_n, log s_n), jointly, maximising
 *
 *   (1/N) Σ_n L_k(e_n),   L_k = log (1/k) Σ_i w_{i,n}     (k = 1: the ELBO, the VAE objective; k > 1: IWAE)
 *
 * (Kingma and Welling 2014; Burda, Grosse and Salakhutdinov 2016). The θ gradient is the standard one
 * (`iwaeGradientAutodiff`); the φ gradient is the standard one or DReG (`iwaeGradientDreg`, Tucker et al. 2018),
 * from the same noise. The exact log-likelihood reached is read off `theta.toModel()`; the exact optimum is
 * `ppcaMaximumLikelihood64` (Tipping and Bishop 1999).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertPositive } from "../errors";
import { toRandom, type Seed } from "../random";
import { logImportanceWeights } from "../bounds/log-weights";
import { iwaeGradientAutodiff } from "../bounds/iwae-gradient";
import { iwaeGradientDreg } from "../bounds/iwae-gradient-dreg";
import { LinearGaussianParameters } from "./linear-gaussian-parameters";
import { GaussianVariationalParameters } from "./gaussian-variational-parameters";

export interface TrainLinearGaussianOptions {
  /** k, importance samples per observation and step (1 = the VAE's ELBO). */
  k: number;
  steps: number;
  /** Adam learning rate (default 0.01). */
  learningRate?: number;
  /** The φ gradient: "standard" (default) or "dreg". */
  encoderGradient?: "standard" | "dreg";
  seed: Seed;
  /** After every step: the step (from 1) and that step's (1/N) Σ_n L_k estimate. */
  onStep?: (step: number, bound: number) => void;
}

export function trainLinearGaussianByIwae(
  theta: LinearGaussianParameters, phi: GaussianVariationalParameters, data: tf.Tensor, options: TrainLinearGaussianOptions,
): number[] {
  const fn = "trainLinearGaussianByIwae";
  if (!(theta instanceof LinearGaussianParameters) || theta.replicas !== undefined) throw new ArgumentError("theta", fn, "must be LinearGaussianParameters without replicas");
  if (!(phi instanceof GaussianVariationalParameters)) throw new ArgumentError("phi", fn, "must be GaussianVariationalParameters");
  if (!(data instanceof tf.Tensor) || data.rank !== 2 || data.shape[1] !== theta.observedDim || data.shape[0] !== phi.loc.shape[0]) {
    throw new ArgumentError("data", fn, `must be a tf.Tensor [N, ${theta.observedDim}] with N = ${phi.loc.shape[0]} (the rows of phi)`);
  }
  assertInteger(options?.k, "options.k", fn);
  assertInteger(options.steps, "options.steps", fn);
  const lr = options.learningRate ?? 0.01;
  assertPositive(lr, "options.learningRate", fn);
  const how = options.encoderGradient ?? "standard";
  if (how !== "standard" && how !== "dreg") throw new ArgumentError("options.encoderGradient", fn, `must be "standard" or "dreg", got ${JSON.stringify(how)}`);
  const rng = toRandom(options.seed, fn);
  const N = data.shape[0];
  const logJoint = theta.logJoint(data);
  const optimizer = tf.train.adam(lr);
  const history: number[] = [];
  try {
    for (let step = 1; step <= options.steps; step++) {
      const seed = rng.nextUint32();
      const lw = () => logImportanceWeights(logJoint, phi.q(), options.k, seed);
      const vars = how === "standard" ? [...theta.variables, ...phi.variables] : theta.variables;
      const std = iwaeGradientAutodiff(lw, vars);
      const grads = [...std.grads];
      if (how === "dreg") {
        const dreg = iwaeGradientDreg(logJoint, () => phi.q(), options.k, seed, phi.variables);
        dreg.value.dispose();
        grads.push(...dreg.grads);
      }
      const all = [...theta.variables, ...phi.variables];
      const named: Record<string, tf.Tensor> = {};
      all.forEach((v, i) => { named[v.name] = tf.div(grads[i], -N); }); // minimise -(1/N) Σ L_k
      optimizer.applyGradients(named as unknown as Parameters<typeof optimizer.applyGradients>[0]);
      const bound = std.value.dataSync()[0] / N;
      tf.dispose([std.value, ...grads, ...Object.values(named)]);
      history.push(bound);
      options.onStep?.(step, bound);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
