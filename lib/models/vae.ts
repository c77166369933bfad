/**
 * A variational autoencoder with one stochastic layer (Kingma and Welling 2014; the MNIST model of
 * Burda et al. 2016, section 5: 784-200-200-50 with tanh in the paper's notation of widths):
 *
 *   encoder  q(h | x) = N(μ(x), diag σ(x)²),  [μ, log σ] = MLP_enc(x)      (sizes [D, ...hidden, 2d])
 *   decoder  p(x | h) = Π_i Bernoulli(x_i; sigmoid(l_i)),  l = MLP_dec(h)   (sizes [d, ...reverse(hidden), D])
 *   prior    p(h) = N(0, I_d)
 *
 * Objectives per observation (to maximise), all computed by the library's bounds functions:
 *   { kind: "elbo" }           E_q[log p(x | h)] - KL(q || p)       `elboAnalyticKl`, one reparameterised draw
 *   { kind: "beta", beta }     E_q[log p(x | h)] - β KL(q || p)     `betaElbo` (Higgins et al. 2017)
 *   { kind: "iwae", k }        L_k = log (1/k) Σ_i p(x, h_i)/q(h_i | x)   `iwaeBound(logImportanceWeights(...))`
 * k = 1 of "iwae" is the ELBO estimated with a sampled KL term.
 *
 * Computation: log p(x | h) is `logLikelihood` (decoder's sigmoid form, the data term as a product of x
 * with the output weights, never tiling x over samples: `bernoulliLogLikelihood`); `decode` gives the
 * logits themselves for users who want them.
 *
 * Shapes: x [B, D] with values in [0, 1]. The networks come from `Mlp` (seeded Glorot init).
 * `save(dir)` / `Vae.load(dir)` write and read model.json + weights.bin (`directoryHandler`): written whole
 * (weights first, model.json with the SHA-256 of weights.bin last) and verified on load, so a corrupted,
 * truncated or missing file is an error naming it and 'Vae.load', never NaN weights. A model saved before
 * the checksum existed is refused with a message to re-save it (`Vae.load(dir, { allowUnverified: true })`
 * loads it once after the length and finiteness checks).
 * Errors: invalid sizes (from Mlp), β < 0, k < 1, x of the wrong width; any method of a disposed Vae
 * (an ArgumentError naming the method, e.g. 'Vae.encode', instead of a TypeError from TensorFlow.js).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, assertInteger, assertPositive, assertTensor, assertTensorInRange } from "../errors";
import { Mlp, runLayers } from "../nn/mlp";
import { bernoulliLogLikelihood } from "../nn/bernoulli-output";
import { DiagNormal } from "../distributions/diag-normal";
import { Bernoulli } from "../distributions/bernoulli";
import { logImportanceWeights, type LogJoint } from "../bounds/log-weights";
import { iwaeBound } from "../bounds/iwae";
import { betaElbo, elboAnalyticKl } from "../bounds/elbo";
import { kl } from "../divergences/kl";
import { randomNormal, toRandom, type Seed } from "../random";
import { loadTensors, saveTensors, type LoadOptions } from "../io/directory-handler";

export interface VaeConfig {
  /** Observation size D (pixels). */
  inputSize: number;
  /** Hidden widths of the encoder; the decoder uses them reversed. */
  hidden: number[];
  /** Latent size d. */
  latentSize: number;
  /** Hidden non-linearity (default "tanh", as in the IWAE paper). */
  activation?: "tanh" | "relu";
}

export type VaeObjective = { kind: "elbo" } | { kind: "beta"; beta: number } | { kind: "iwae"; k: number };

/** A short name for an objective: "ELBO", "beta=4", "IWAE k=50". */
export function objectiveName(o: VaeObjective): string {
  return o.kind === "elbo" ? "ELBO" : o.kind === "beta" ? `beta=${o.beta}` : `IWAE k=${o.k}`;
}

export function checkObjective(o: VaeObjective, fn: string): void {
  if (o === null || typeof o !== "object") throw new ArgumentError("objective", fn, "must be { kind: 'elbo' | 'beta' | 'iwae', ... }");
  if (o.kind === "beta") assertPositive(o.beta, "objective.beta", fn, true);
  else if (o.kind === "iwae") assertInteger(o.k, "objective.k", fn, 1);
  else if (o.kind !== "elbo") throw new ArgumentError("objective.kind", fn, `must be "elbo", "beta" or "iwae", got ${JSON.stringify((o as { kind: unknown }).kind)}`);
}

export class Vae {
  readonly encoder: Mlp;
  readonly decoder: Mlp;
  readonly config: Readonly<Required<VaeConfig>>;
  private disposed = false;

  constructor(config: VaeConfig, seed: Seed) {
    const fn = "Vae";
    if (config === null || typeof config !== "object") throw new ArgumentError("config", fn, "must be { inputSize, hidden, latentSize, activation? }");
    assertInteger(config.inputSize, "config.inputSize", fn, 1);
    assertInteger(config.latentSize, "config.latentSize", fn, 1);
    if (!Array.isArray(config.hidden)) throw new ArgumentError("config.hidden", fn, "must be an array of hidden widths (may be empty)");
    this.config = { activation: "tanh", ...config, hidden: [...config.hidden] };
    const rng = toRandom(seed, fn);
    const { inputSize: D, hidden, latentSize: d, activation } = this.config;
    this.encoder = new Mlp({ sizes: [D, ...hidden, 2 * d], activation, seed: rng.fork(0), name: "encoder" });
    this.decoder = new Mlp({ sizes: [d, ...[...hidden].reverse(), D], activation, seed: rng.fork(1), name: "decoder" });
  }

  /** Encoder then decoder variables (W0, b0, ... of each). */
  get variables(): tf.Variable[] {
    this.assertLive("Vae.variables");
    return [...this.encoder.variables, ...this.decoder.variables];
  }

  /** Whether `dispose()` has freed this VAE's weights. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** A disposed VAE's weights are gone: say so, naming the method, before TensorFlow.js fails obscurely. */
  private assertLive(fn: string): void {
    if (this.disposed) throw new ArgumentError("this", fn, "is a Vae that was disposed (its weights are freed): build or load a new Vae");
  }

  private checkX(x: tf.Tensor, fn: string): void {
    if (x instanceof tf.Tensor) assertTensor(x, "x", fn);
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== this.config.inputSize) {
      throw new ArgumentError("x", fn, `must be a tf.Tensor of shape [B, ${this.config.inputSize}], got ${x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : typeof x}`);
    }
  }

  /** q(h | x): the caller disposes loc and scale (or works inside tf.tidy). */
  encode(x: tf.Tensor): DiagNormal {
    this.assertLive("Vae.encode");
    this.checkX(x, "Vae.encode");
    const [loc, logScale] = tf.tidy(() => tf.split(this.encoder.apply(x), 2, -1));
    const q = DiagNormal.fromLogScale(loc, logScale, { validate: false });
    logScale.dispose();
    return q;
  }

  /** p(x | h) for latents of shape [..., d]. */
  decode(h: tf.Tensor): Bernoulli {
    this.assertLive("Vae.decode");
    return new Bernoulli(this.decoder.apply(h), { validate: false });
  }

  /**
   * log p(x | h) = Σ_i x_i l_i - softplus(l_i), l = MLP_dec(h), for h of shape [..., B, d] and x [B, D];
   * returns [..., B]. Equal to `decode(h).logProb(x)`, computed without the [..., B, D] product.
   */
  logLikelihood(x: tf.Tensor, h: tf.Tensor): tf.Tensor {
    this.assertLive("Vae.logLikelihood");
    const d = this.config.latentSize;
    if (!(h instanceof tf.Tensor) || h.rank < 2 || h.shape[h.rank - 1] !== d || h.shape[h.rank - 2] !== x.shape[0]) {
      throw new ArgumentError("h", "Vae.logLikelihood", `must be a tf.Tensor of shape [..., ${x.shape[0]}, ${d}], got ${h instanceof tf.Tensor ? `[${h.shape.join(", ")}]` : typeof h}`);
    }
    return tf.tidy(() => {
      const layers = this.decoder.foldedLayers();
      const out = layers.pop()!;
      const s = runLayers(tf.reshape(h, [-1, d]), layers);
      return bernoulliLogLikelihood(x as tf.Tensor2D, tf.reshape(s, [...h.shape.slice(0, -1), s.shape[1]]), out.w, out.b);
    });
  }

  /** log p(x, h) = log p(x | h) + log p(h) for h of shape [k, B, d]; returns [k, B]. */
  logJoint(x: tf.Tensor): LogJoint {
    this.assertLive("Vae.logJoint");
    return (h) => tf.tidy(() => tf.add(this.logLikelihood(x, h), DiagNormal.standard(this.config.latentSize).logProb(h)));
  }

  /** log w_i = log p(x, h_i) - log q(h_i | x), shape [k, B]. */
  logWeights(x: tf.Tensor, k: number, seed: Seed): tf.Tensor {
    this.assertLive("Vae.logWeights");
    return tf.tidy(() => logImportanceWeights(this.logJoint(x), this.encode(x), k, seed));
  }

  /** One-draw estimate of E_q[log p(x | h)] and the analytic KL(q || p), each of shape [B]. */
  terms(x: tf.Tensor, seed: Seed): { reconstruction: tf.Tensor; kl: tf.Tensor } {
    this.assertLive("Vae.terms");
    const [reconstruction, klTerm] = tf.tidy(() => {
      const q = this.encode(x);
      const h = q.rsample(seed).value;
      return [this.logLikelihood(x, h), kl(q, DiagNormal.standard(this.config.latentSize))];
    });
    return { reconstruction, kl: klTerm };
  }

  /** The objective per observation, shape [B] (to maximise; differentiable in the variables). */
  objective(x: tf.Tensor, objective: VaeObjective, seed: Seed): tf.Tensor {
    this.assertLive("Vae.objective");
    checkObjective(objective, "Vae.objective");
    this.checkX(x, "Vae.objective");
    assertTensorInRange(x, 0, 1, "x", "Vae.objective"); // pixels are Bernoulli means: 5 or NaN is an error
    return tf.tidy(() => this.objectiveWithNoise(x, objective, randomNormal(this.noiseShape(objective, x.shape[0]), seed)));
  }

  /** Shape of the standard-normal noise one evaluation of `objective` draws: [k, B, d] for IWAE, else [B, d]. */
  noiseShape(objective: VaeObjective, batch: number): number[] {
    const d = this.config.latentSize;
    return objective.kind === "iwae" ? [objective.k, batch, d] : [batch, d];
  }

  /**
   * `objective` with the reparameterisation noise given: ε of shape `noiseShape(objective, B)`, h = μ + σ ⊙ ε.
   * `objective(x, o, seed)` is this with ε = randomNormal(noiseShape, seed); the data-parallel trainer draws ε per
   * example so a batch's noise does not depend on how it is cut.
   */
  objectiveWithNoise(x: tf.Tensor, objective: VaeObjective, eps: tf.Tensor): tf.Tensor {
    this.assertLive("Vae.objectiveWithNoise");
    checkObjective(objective, "Vae.objectiveWithNoise");
    this.checkX(x, "Vae.objectiveWithNoise");
    const shape = this.noiseShape(objective, x.shape[0]);
    if (!(eps instanceof tf.Tensor) || eps.shape.join() !== shape.join()) {
      throw new ArgumentError("eps", "Vae.objectiveWithNoise", `must be a tf.Tensor of shape [${shape.join(", ")}], got ${eps instanceof tf.Tensor ? `[${eps.shape.join(", ")}]` : typeof eps}`);
    }
    return tf.tidy(() => {
      const q = this.encode(x);
      const { value: h, logProb: logQ } = q.transform(eps);
      if (objective.kind === "iwae") return iwaeBound(tf.sub(this.logJoint(x)(h), logQ), 0);
      const expectedLogLik = this.logLikelihood(x, h);
      const prior = DiagNormal.standard(this.config.latentSize);
      return objective.kind === "elbo" ? elboAnalyticKl(expectedLogLik, q, prior) : betaElbo(expectedLogLik, q, prior, objective.beta);
    });
  }

  /** Posterior means and scales for n images (rows of `images`, width D), in batches; shape [n, d] each. */
  posterior(images: Float32Array, batchSize = 500): { loc: tf.Tensor2D; scale: tf.Tensor2D } {
    this.assertLive("Vae.posterior");
    const D = this.config.inputSize;
    if (!(images instanceof Float32Array) || images.length % D !== 0 || images.length === 0) {
      throw new ArgumentError("images", "Vae.posterior", `must be a non-empty Float32Array of rows of width ${D}`);
    }
    assertInteger(batchSize, "batchSize", "Vae.posterior", 1); // 0 or a negative size would loop forever
    const n = images.length / D;
    const locs: tf.Tensor[] = [], scales: tf.Tensor[] = [];
    for (let s = 0; s < n; s += batchSize) {
      const b = Math.min(batchSize, n - s);
      const [l, sc] = tf.tidy(() => {
        const q = this.encode(tf.tensor2d(images.subarray(s * D, (s + b) * D), [b, D]));
        return [q.loc, q.scale];
      });
      locs.push(l); scales.push(sc);
    }
    const out = { loc: tf.concat(locs, 0) as tf.Tensor2D, scale: tf.concat(scales, 0) as tf.Tensor2D };
    tf.dispose([...locs, ...scales]);
    return out;
  }

  /** Writes model.json (with the config and `metadata`) and weights.bin to `dir`. */
  async save(dir: string, metadata: Record<string, unknown> = {}): Promise<void> {
    this.assertLive("Vae.save");
    const named: tf.NamedTensorMap = {};
    this.variables.forEach((v, i) => (named[`v${String(i).padStart(3, "0")}`] = v));
    await saveTensors(dir, named, { ...metadata, vaeConfig: this.config }, "Vae.save");
  }

  /**
   * A VAE with the configuration and weights saved in `dir`, and the saved metadata; the files are verified
   * first (see the module comment). `options.allowUnverified` loads a model saved without a checksum.
   */
  static async load(dir: string, options: LoadOptions = {}): Promise<{ vae: Vae; metadata: Record<string, unknown> }> {
    const { tensors, metadata } = await loadTensors(dir, "Vae.load", options);
    let vae: Vae | null = null;
    try {
      const config = metadata.vaeConfig as VaeConfig | undefined;
      if (!config) throw new ArgumentError("dir", "Vae.load", `must hold a saved VAE (model.json has no vaeConfig): ${dir}`);
      vae = new Vae(config, 0);
      const vars = vae.variables;
      const names = Object.keys(tensors).sort();
      if (names.length !== vars.length) throw new ArgumentError("dir", "Vae.load", `holds ${names.length} tensors, the configuration needs ${vars.length}`);
      names.forEach((name, i) => {
        if (tensors[name].shape.join() !== vars[i].shape.join()) {
          throw new ArgumentError("dir", "Vae.load", `tensor ${name} has shape [${tensors[name].shape}], expected [${vars[i].shape}]`);
        }
        vars[i].assign(tensors[name]);
      });
      return { vae, metadata };
    } catch (e) {
      vae?.dispose(); // a failed load must not leak the new model's variables
      throw e;
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  /** Frees the weights; calling it again does nothing, any other method afterwards is an error. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.encoder.dispose();
    this.decoder.dispose();
  }
}
