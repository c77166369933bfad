/**
 * Cross-evaluation of a β sweep: every model scored on every β's objective, on the same items (Higgins et al.
 * 2017; Alemi et al. 2018 §3). The β-VAE objective of model m on item t is
 *
 *   F_β(m, t) = rec_m,t − β · kl_m,t      (rec = E_q log p(e | h) from one draw, kl = KL(q(h | e) ‖ p(h)))
 *
 * and a sweep of exact maximisers has, for every β_j, F_β_j(own model j) ≥ F_β_j(m) for every other model m. The
 * comparison is paired (same items, same noise): advantage(m over own) = mean_t [F_β_j(m, t) − F_β_j(own, t)],
 * with the standard error of that mean over items. `sweepModelsOptimalForTheirBeta` is the claim's decision;
 * `betterModelForEachBeta` says which β could be improved by warm-starting from which model.
 *
 * Errors (ArgumentError naming the argument and the function): fewer than two models, a β ≤ 0 or repeated,
 * per-item arrays of different lengths, with fewer than two items or with non-finite values; z ≤ 0.
 */
import { ArgumentError, assertAllFinite, assertPositive } from "../errors";
import { meanAndStandardError } from "../math/statistics";

export interface BetaModelTerms {
  beta: number;
  /** E_q log p(e | h) of each item (nats). */
  reconstruction: ArrayLike<number>;
  /** KL(q(h | e) ‖ p(h)) of each item (nats). */
  kl: ArrayLike<number>;
}

export interface CrossEvaluationCell {
  /** The β whose objective is evaluated. */
  objectiveBeta: number;
  /** The β the model was trained at. */
  modelBeta: number;
  /** Mean of F_objectiveBeta over the items and its standard error. */
  value: number;
  se: number;
  /** Paired mean of F(model) − F(own model of objectiveBeta) and its standard error (0 and 0 for the own model). */
  advantage: number;
  advantageSe: number;
}

/** One cell per (objective β, model), objectives in the order of `models`, models in that order within each. */
export function crossEvaluateBetaSweep(models: readonly BetaModelTerms[]): CrossEvaluationCell[] {
  const fn = "crossEvaluateBetaSweep";
  if (!Array.isArray(models) || models.length < 2) throw new ArgumentError("models", fn, "must hold at least two models { beta, reconstruction, kl }");
  const n = models[0]?.reconstruction?.length;
  const seen = new Set<number>();
  models.forEach((m, i) => {
    assertPositive(m?.beta, `models[${i}].beta`, fn);
    if (seen.has(m.beta)) throw new ArgumentError("models", fn, `must have distinct β, got ${m.beta} twice`);
    seen.add(m.beta);
    if (!m.reconstruction || !m.kl || m.reconstruction.length !== n || m.kl.length !== n || n < 2) {
      throw new ArgumentError(`models[${i}]`, fn, `must have reconstruction and kl of one common length ≥ 2 (${n})`);
    }
    assertAllFinite(m.reconstruction, `models[${i}].reconstruction`, fn);
    assertAllFinite(m.kl, `models[${i}].kl`, fn);
  });
  const f = (m: BetaModelTerms, beta: number) => Array.from({ length: n }, (_, t) => m.reconstruction[t] - beta * m.kl[t]);
  return models.flatMap((own) => {
    const ownF = f(own, own.beta);
    return models.map((m) => {
      const mf = f(m, own.beta);
      const v = meanAndStandardError(mf);
      const d = m === own ? { mean: 0, se: 0 } : meanAndStandardError(mf.map((x, t) => x - ownF[t]));
      return { objectiveBeta: own.beta, modelBeta: m.beta, value: v.mean, se: v.se, advantage: d.mean, advantageSe: d.se };
    });
  });
}

/** For each objective β: the other model with the largest advantage, when that advantage is positive. */
export function betterModelForEachBeta(cells: readonly CrossEvaluationCell[]): { beta: number; from: number; advantage: number; se: number }[] {
  checkCells(cells, "betterModelForEachBeta");
  const betas = [...new Set(cells.map((c) => c.objectiveBeta))];
  return betas.flatMap((beta) => {
    const others = cells.filter((c) => c.objectiveBeta === beta && c.modelBeta !== beta);
    const best = others.reduce((a, b) => (b.advantage > a.advantage ? b : a));
    return best.advantage > 0 ? [{ beta, from: best.modelBeta, advantage: best.advantage, se: best.advantageSe }] : [];
  });
}

/**
 * The claim "every model of the sweep is the best of the sweep on its own objective": on each β's objective,
 * no other model scores higher by more than z standard errors of the paired difference (z = 2 unless given).
 */
export function sweepModelsOptimalForTheirBeta(cells: readonly CrossEvaluationCell[], z = 2): { passed: boolean; detail: string } {
  const fn = "sweepModelsOptimalForTheirBeta";
  checkCells(cells, fn);
  assertPositive(z, "z", fn);
  const others = cells.filter((c) => c.modelBeta !== c.objectiveBeta);
  const beaten = others.filter((c) => c.advantage > z * c.advantageSe);
  const closest = others.reduce((a, b) => (zScore(b) > zScore(a) ? b : a));
  const cellText = (c: CrossEvaluationCell) => `on F_${formatBeta(c.objectiveBeta)} the β = ${formatBeta(c.modelBeta)} model scores ` +
    `${c.advantage >= 0 ? "+" : "−"}${Math.abs(c.advantage).toFixed(3)} ± ${c.advantageSe.toFixed(3)} nats ` +
    `(${zScore(c).toFixed(1)} SE) against the own model`;
  return {
    passed: beaten.length === 0,
    detail: beaten.length === 0
      ? `on each of the ${new Set(cells.map((c) => c.objectiveBeta)).size} objectives no other model is better by more than ${z} SE; closest: ${cellText(closest)}`
      : `${beaten.length} of ${others.length} cross-evaluations beat the own model by more than ${z} SE: ${beaten.map(cellText).join("; ")}`,
  };
}

/** A β for a sentence: at most 4 significant decimals (a multiplier found by search, 15.894749…, reads 15.8947). */
export function formatBeta(beta: number): string {
  return String(+beta.toFixed(4));
}

function zScore(c: CrossEvaluationCell): number {
  return c.advantageSe > 0 ? c.advantage / c.advantageSe : c.advantage > 0 ? Infinity : c.advantage < 0 ? -Infinity : 0;
}

function checkCells(cells: readonly CrossEvaluationCell[], fn: string): void {
  if (!Array.isArray(cells) || cells.length < 4) throw new ArgumentError("cells", fn, "must be crossEvaluateBetaSweep's cells (at least two models)");
  cells.forEach((c, i) => {
    for (const k of ["objectiveBeta", "modelBeta", "advantage", "advantageSe"] as const) {
      if (!Number.isFinite(c?.[k])) throw new ArgumentError(`cells[${i}].${k}`, fn, `must be a finite number, got ${c?.[k]}`);
    }
  });
}

/**
 * The cross-evaluation as table rows: one row per objective β, its own model's F_β (mean ± SE over items), then
 * one column per model β with that model's paired advantage over the own model (mean ± SE, "own" on the
 * diagonal). `digits` decimals (default 3).
 */
export function crossEvaluationRows(cells: readonly CrossEvaluationCell[], digits = 3): Record<string, string | number>[] {
  checkCells(cells, "crossEvaluationRows");
  const pm = (m: number, s: number) => `${m.toFixed(digits)} ± ${s.toFixed(digits)}`;
  const label = (b: number) => `model β = ${+b.toFixed(3)}`;
  const betas = [...new Set(cells.map((c) => c.objectiveBeta))];
  return betas.map((beta) => {
    const row = cells.filter((c) => c.objectiveBeta === beta);
    const own = row.find((c) => c.modelBeta === beta)!;
    return Object.fromEntries([["objective F_β, β =", +beta.toFixed(3)], ["own model's F_β (mean ± SE)", pm(own.value, own.se)],
      ...row.map((c) => [label(c.modelBeta), c === own ? "own" : pm(c.advantage, c.advantageSe)])]);
  });
}
