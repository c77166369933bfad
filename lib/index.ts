/**
 * elbolab: ELBO, IWAE and soft-SVM utilities on TensorFlow.js, and the helpers its notebooks use.
 * The order follows the lecture: randomness and distributions, divergences, bounds, models, SVM.
 *
 * Start with `await initBackend()` (or `await startNotebook(...)` in a notebook) before tensor work: tensor
 * work before a backend is set throws `BackendNotInitialisedError` (no silent fall-back to the cpu backend).
 */
import * as tf from "@tensorflow/tfjs";
export { tf };

export * from "./errors";
export * from "./backend";
export * from "./random";
export * from "./math/log-sum-exp";
export * from "./math/blocked-sum";
export * from "./math/statistics";
export * from "./math/stop-gradient";
export * from "./distributions/distribution";
export * from "./distributions/diag-normal";
export * from "./distributions/bernoulli";
export * from "./distributions/mvn-tril";
export * from "./distributions/categorical-states";
export * from "./divergences/kl";
export * from "./divergences/kl-gaussian64";
export * from "./math/matrix64";
export * from "./bounds/log-weights";
export * from "./bounds/iwae";
export * from "./bounds/chunks";
export * from "./bounds/weights";
export * from "./bounds/elbo";
export * from "./bounds/elbo-monte-carlo-kl";
export * from "./bounds/jackknife";
export * from "./bounds/delta-method-gap";
export * from "./bounds/k-sample-estimates";
export * from "./bounds/variable-gradients";
export * from "./bounds/iwae-gradient";
export * from "./bounds/iwae-gradient-weighted";
export * from "./bounds/per-sample-gradients";
export * from "./bounds/path-log-weights";
export * from "./bounds/iwae-gradient-stl";
export * from "./bounds/iwae-gradient-dreg";
export * from "./bounds/gradient-snr";
export * from "./nn/mlp";
export * from "./data/images";
export * from "./data/binarize";
export * from "./data/mnist";
export * from "./data/shapes";
export * from "./io/directory-handler";
export * from "./io/stable-json";
export * from "./metrics/active-units";
export * from "./metrics/mig";
export * from "./metrics/total-correlation";
export * from "./models/vae";
export * from "./models/train-vae";
export * from "./models/vae-log-likelihood";
export * from "./models/vae-log-likelihood-parallel";
export * from "./models/train-vae-parallel";
export * from "./parallel/worker-count";
export * from "./parallel/worker-pool";
export * from "./parallel/tasks";
export * from "./models/vae-cache";
export * from "./models/linear-observation";
export * from "./models/linear-gaussian";
export * from "./models/gaussian-families";
export * from "./models/weight-moments";
export * from "./models/discrete-latent";
export * from "./models/discrete-families";
export * from "./models/gaussian-encoder";
export * from "./models/linear-gaussian-parameters";
export * from "./models/gaussian-variational-parameters";
export * from "./models/train-linear-gaussian";
export * from "./math/symmetric-eigen64";
export * from "./data/two-gaussians";
export * from "./data/iris";
export * from "./svm/labels";
export * from "./svm/problem";
export * from "./svm/kernels";
export * from "./svm/hinge";
export * from "./svm/solution";
export * from "./svm/primal";
export * from "./svm/primal-norm";
export * from "./svm/smo";
export * from "./svm/bias";
export * from "./svm/decision";
export * from "./svm/analysis";
export * from "./svm/libsvm-model";
export * as reference from "./reference/float64";
export * as referenceModels from "./reference/models64";
export * as referenceGradients from "./reference/gradients64";

export * from "./notebook/display";
export * from "./notebook/results";
export * from "./notebook/chart";
export * from "./notebook/offline-loader";
export * from "./notebook/svg-to-png";
export * from "./notebook/table";
export * from "./notebook/progress";
export * from "./notebook/environment";
export * from "./notebook/image-grid";
