/**
 * An amortised Gaussian encoder q_φ(H | E) = N(μ_φ(E), diag(σ_φ(E)²)), [μ, log σ] = MLP_φ(E)
 * (Kingma and Welling 2014, §3; appendix C.2), and its training by maximising the Monte Carlo ELBO
 *
 *   ELBO(φ) = (1/N) Σ_n (1/S) Σ_s [log p(e_n, h_{n,s}) - log q_φ(h_{n,s} | e_n)],   h = μ_φ(e) + σ_φ(e) ⊙ ε
 *
 * with the reparameterisation trick and Adam (Kingma and Ba 2015). The model is fixed; only φ is trained.
 * With a diagonal q and a correlated posterior the ELBO cannot reach log p(E): the rest is the
 * KL(q || p(H | E)) of the best diagonal Gaussian (amortisation adds its own gap on top).
 */
import * as tf from "@tensorflow/tfjs";
import { releaseTapeOnError } from "../math/release-tape-on-error";
import { ArgumentError, assertInteger, assertPositive, assertTensor, assertTensorFinite } from "../errors";
import { Random, toRandom, type Seed } from "../random";
import { DiagNormal } from "../distributions/diag-normal";
import { Mlp } from "../nn/mlp";
import { logImportanceWeights, type LogJoint } from "../bounds/log-weights";

export interface GaussianEncoderConfig {
  observedDim: number;
  latentDim: number;
  /** Hidden layer widths (default [32]). */
  hidden?: number[];
  activation?: "tanh" | "relu";
  seed: Seed;
}

export class GaussianEncoder {
  readonly net: Mlp;
  readonly latentDim: number;
  readonly observedDim: number;

  constructor(config: GaussianEncoderConfig) {
    const fn = "GaussianEncoder";
    assertInteger(config?.observedDim, "config.observedDim", fn);
    assertInteger(config.latentDim, "config.latentDim", fn);
    this.observedDim = config.observedDim;
    this.latentDim = config.latentDim;
    this.net = new Mlp({
      sizes: [config.observedDim, ...(config.hidden ?? [32]), 2 * config.latentDim],
      activation: config.activation, seed: config.seed, name: "encoder",
    });
  }

  get variables(): tf.Variable[] {
    return this.net.variables;
  }

  /** q(H | e) for e of shape [...batch, D]; its loc and scale are new tensors (dispose them, or call inside tf.tidy). */
  q(e: tf.Tensor): DiagNormal {
    assertTensor(e, "e", "GaussianEncoder.q");
    const out = this.net.apply(e);
    const [loc, logScale] = tf.split(out, 2, -1);
    out.dispose();
    const scale = tf.exp(logScale);
    logScale.dispose();
    return new DiagNormal(loc, scale, { validate: false });
  }

  dispose(): void {
    this.net.dispose();
  }
}

export interface TrainEncoderOptions {
  /** Optimisation steps (full batch). */
  steps: number;
  /** Adam learning rate (default 0.01). */
  learningRate?: number;
  /** Reparameterised samples per observation and step (default 1). */
  samples?: number;
  seed: Seed;
  /** Called after every step with the step index (from 1) and that step's ELBO estimate (a mean over the data). */
  onStep?: (step: number, elbo: number) => void;
}

/**
 * Maximises the Monte Carlo ELBO of `encoder` on observations `data` [N, D] under the fixed model's
 * `logJoint` (a function of e, as `LinearGaussianModel.logJoint`). Returns the ELBO estimate of every step.
 * Errors: non-finite data; a non-finite ELBO estimate at any step stops training with an error naming the
 * step (never a history of NaN).
 */
export function trainEncoderByElbo(
  encoder: GaussianEncoder, logJointOf: (e: tf.Tensor) => LogJoint, data: tf.Tensor, options: TrainEncoderOptions,
): number[] {
  const fn = "trainEncoderByElbo";
  if (!(encoder instanceof GaussianEncoder)) throw new ArgumentError("encoder", fn, "must be a GaussianEncoder");
  if (typeof logJointOf !== "function") throw new ArgumentError("logJointOf", fn, "must be a function e -> (h -> log p(e, h))");
  if (!(data instanceof tf.Tensor) || data.rank !== 2 || data.shape[1] !== encoder.observedDim) {
    throw new ArgumentError("data", fn, `must be a tf.Tensor of shape [N, ${encoder.observedDim}]`);
  }
  assertTensorFinite(data, "data", fn);
  assertInteger(options?.steps, "options.steps", fn);
  const samples = options.samples ?? 1;
  assertInteger(samples, "options.samples", fn);
  const lr = options.learningRate ?? 0.01;
  assertPositive(lr, "options.learningRate", fn);
  const rng: Random = toRandom(options.seed, fn);
  const optimizer = tf.train.adam(lr);
  const logJoint = logJointOf(data);
  const history: number[] = [];
  try {
    for (let step = 1; step <= options.steps; step++) {
      const loss = releaseTapeOnError(() => optimizer.minimize(() => {
        const q = encoder.q(data);
        return tf.neg(tf.mean(logImportanceWeights(logJoint, q, samples, rng))) as tf.Scalar;
      }, true, encoder.variables));
      const elbo = -(loss as tf.Scalar).dataSync()[0];
      loss?.dispose();
      if (!Number.isFinite(elbo)) {
        throw new ArgumentError("options.learningRate", fn, `gave a non-finite ELBO estimate ${elbo} at step ${step} (steps 1..${step - 1} were finite): the optimisation diverged (lower the learning rate), or 'logJointOf' returned a non-finite log p(e, h)`);
      }
      history.push(elbo);
      options.onStep?.(step, elbo);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
