/**
 * Warm starts that move a β sweep toward the optima of its objectives. Models trained for a fixed number of
 * epochs are not exact maximisers of F_β = E_q log p(e | h) − β KL: another model of the sweep can score higher
 * on β's objective than the model trained at β (then the chord inequalities of `distortionRateChords` and the
 * claim `sweepModelsOptimalForTheirBeta` fail for optimisation, not for the theory). Each round:
 *
 *   1. cross-evaluate every model on every β's objective on the *selection* items (training images, never the
 *      test set the claims are judged on);
 *   2. for every β, train a copy of the model with the highest mean F_β there — the own model, or a
 *      neighbouring solution that is better on β's objective — at β (`retrain`: a warm start). Every β gets the
 *      same number of further epochs per round, so no model is ahead only because it was trained longer;
 *   3. keep the warm-started model when its mean F_β on the selection items is higher than the own model's,
 *      otherwise drop it.
 *
 * There are exactly `rounds` rounds (0: the models are returned as given). `evaluate` and `retrain` are the caller's, so any
 * model type works. `dispose` frees a rejected warm start and a warm start replaced in a later round; the caller's
 * own models that were replaced come back in `replaced` (the caller may still use them, then disposes them).
 *
 * Errors (ArgumentError naming the argument and 'polishBetaSweep'): fewer than two models, betas of another
 * length than models, rounds not an integer ≥ 0, callbacks that are not functions, retrain returning another
 * number of models than asked for.
 */
import { ArgumentError, assertInteger } from "../errors";
import { crossEvaluateBetaSweep } from "./beta-cross-evaluation";

export interface PolishStep {
  round: number;
  beta: number;
  /** β of the model warm-started from (β itself: the own model trained further). */
  from: number;
  /** Mean F_β on the selection items of the own model before, and of the warm-started model. */
  before: number;
  candidate: number;
  kept: boolean;
}

export interface PolishOptions<T> {
  betas: readonly number[];
  /** Per-item reconstruction and KL of a model on the selection items. */
  evaluate: (model: T) => { reconstruction: ArrayLike<number>; kl: ArrayLike<number> };
  /** Trains, for each request, a copy of `from` at `beta`; returns the new models in request order. */
  retrain: (requests: { from: T; beta: number }[]) => Promise<T[]>;
  dispose: (model: T) => void;
  rounds: number;
}

export async function polishBetaSweep<T>(models: readonly T[], options: PolishOptions<T>): Promise<{ models: T[]; steps: PolishStep[]; replaced: T[] }> {
  const fn = "polishBetaSweep";
  if (!Array.isArray(models) || models.length < 2) throw new ArgumentError("models", fn, "must hold at least two models");
  const { betas, evaluate, retrain, dispose, rounds } = options ?? ({} as PolishOptions<T>);
  if (!Array.isArray(betas) || betas.length !== models.length) throw new ArgumentError("options.betas", fn, `must hold one β per model (${models.length})`);
  assertInteger(rounds, "options.rounds", fn, 0);
  for (const [name, f] of [["evaluate", evaluate], ["retrain", retrain], ["dispose", dispose]] as const) {
    if (typeof f !== "function") throw new ArgumentError(`options.${name}`, fn, "must be a function");
  }
  const current = [...models];
  const terms = current.map((m) => evaluate(m));
  const objective = (t: { reconstruction: ArrayLike<number>; kl: ArrayLike<number> }, beta: number) => {
    let s = 0;
    for (let i = 0; i < t.kl.length; i++) s += t.reconstruction[i] - beta * t.kl[i];
    return s / t.kl.length;
  };
  const steps: PolishStep[] = [];
  const replaced: T[] = [];
  for (let round = 1; round <= rounds; round++) {
    const cells = crossEvaluateBetaSweep(terms.map((t, i) => ({ beta: betas[i], reconstruction: t.reconstruction, kl: t.kl })));
    const wanted = betas.map((beta) => {
      const row = cells.filter((c) => c.objectiveBeta === beta);
      return { beta, from: row.reduce((a, b) => (b.value > a.value ? b : a)).modelBeta };
    });
    const requests = wanted.map((w) => ({ from: current[betas.indexOf(w.from)], beta: w.beta }));
    const fresh = await retrain(requests);
    if (!Array.isArray(fresh) || fresh.length !== requests.length) {
      throw new ArgumentError("options.retrain", fn, `must return ${requests.length} models, got ${Array.isArray(fresh) ? fresh.length : typeof fresh}`);
    }
    wanted.forEach((w, k) => {
      const i = betas.indexOf(w.beta);
      const t = evaluate(fresh[k]);
      const before = objective(terms[i], w.beta), candidate = objective(t, w.beta);
      const kept = candidate > before;
      steps.push({ round, beta: w.beta, from: w.from, before, candidate, kept });
      if (kept) {
        if (models.includes(current[i])) replaced.push(current[i]);
        else dispose(current[i]);
        current[i] = fresh[k];
        terms[i] = t;
      } else dispose(fresh[k]);
    });
  }
  return { models: current, steps, replaced };
}
