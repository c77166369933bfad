/**
 * Disentanglement scores of a β sweep repeated over seeds, and the lecture's claim about them. Each run (β, seed)
 * gives MIG (Chen et al. 2018) and the total correlation TC of the aggregate posterior with its rate KL; per β
 * the summary is the mean over seeds with the standard error s/√n of the seeds' spread. Seeds, not Monte Carlo
 * draws, are the noise that matters here: Locatello et al. 2019 found that random seeds and hyperparameters
 * explain more of the variance of disentanglement scores than the objective does.
 *
 * `migRisesWithBeta` decides "MIG increases from β = 1 to the best β > 1 by more than z SE" (z = 2 unless given):
 * the best β > 1 is the one with the largest mean MIG; the difference is paired by seed (the same seed gives the
 * same initial weights and minibatches at every β), d_s = MIG(β_best, s) − MIG(1, s), and the claim holds when
 * mean(d) > z · se(d).
 *
 * Errors (ArgumentError naming the argument and the function): no runs, non-finite scores, β ≤ 0, a (β, seed)
 * twice, fewer than two seeds at some β, β = 1 or every β > 1 missing, seeds at the best β that differ from
 * the seeds at β = 1; z ≤ 0.
 */
import { ArgumentError, assertFiniteNumber, assertPositive } from "../errors";
import { meanAndStandardError, type MeanWithError } from "../math/statistics";

export interface DisentanglementRun {
  beta: number;
  seed: number;
  mig: number;
  /** Total correlation (nats) and rate KL (nats) of the run. */
  tc: number;
  kl: number;
}

export interface DisentanglementOverSeeds {
  beta: number;
  seeds: number[];
  mig: MeanWithError;
  tc: MeanWithError;
  /** TC / KL of each run, averaged over seeds. */
  tcPerKl: MeanWithError;
}

/** Per β (ascending): mean ± SE over seeds of MIG, TC and TC / KL. */
export function disentanglementOverSeeds(runs: readonly DisentanglementRun[]): DisentanglementOverSeeds[] {
  const fn = "disentanglementOverSeeds";
  if (!Array.isArray(runs) || runs.length === 0) throw new ArgumentError("runs", fn, "must be a non-empty array of { beta, seed, mig, tc, kl }");
  const keys = new Set<string>();
  runs.forEach((r, i) => {
    assertPositive(r?.beta, `runs[${i}].beta`, fn);
    for (const k of ["seed", "mig", "tc"] as const) assertFiniteNumber(r[k], `runs[${i}].${k}`, fn);
    assertPositive(r.kl, `runs[${i}].kl`, fn);
    const key = `${r.beta}/${r.seed}`;
    if (keys.has(key)) throw new ArgumentError("runs", fn, `must hold each (β, seed) once, got β = ${r.beta}, seed ${r.seed} twice`);
    keys.add(key);
  });
  const betas = [...new Set(runs.map((r) => r.beta))].sort((a, b) => a - b);
  return betas.map((beta) => {
    const at = runs.filter((r) => r.beta === beta).sort((a, b) => a.seed - b.seed);
    if (at.length < 2) throw new ArgumentError("runs", fn, `must hold at least two seeds per β (a standard error over seeds), got ${at.length} at β = ${beta}`);
    return {
      beta, seeds: at.map((r) => r.seed),
      mig: meanAndStandardError(at.map((r) => r.mig)),
      tc: meanAndStandardError(at.map((r) => r.tc)),
      tcPerKl: meanAndStandardError(at.map((r) => r.tc / r.kl)),
    };
  });
}

/** The claim "MIG increases from β = 1 to the best β > 1 by more than z SE", paired by seed (see the file comment). */
export function migRisesWithBeta(runs: readonly DisentanglementRun[], z = 2): { passed: boolean; detail: string; bestBeta: number; rise: MeanWithError } {
  const fn = "migRisesWithBeta";
  assertPositive(z, "z", fn);
  const summary = disentanglementOverSeeds(runs);
  const one = summary.find((s) => s.beta === 1);
  const above = summary.filter((s) => s.beta > 1);
  if (!one || above.length === 0) throw new ArgumentError("runs", fn, "must hold runs at β = 1 and at some β > 1");
  const best = above.reduce((a, b) => (b.mig.mean > a.mig.mean ? b : a));
  if (best.seeds.join() !== one.seeds.join()) {
    throw new ArgumentError("runs", fn, `must have the same seeds at β = 1 (${one.seeds.join(", ")}) and β = ${best.beta} (${best.seeds.join(", ")}) to pair them`);
  }
  const mig = (beta: number, seed: number) => runs.find((r) => r.beta === beta && r.seed === seed)!.mig;
  const rise = meanAndStandardError(one.seeds.map((s) => mig(best.beta, s) - mig(1, s)));
  const passed = rise.mean > z * rise.se;
  return {
    passed, bestBeta: best.beta, rise,
    detail: `MIG ${one.mig.mean.toFixed(3)} ± ${one.mig.se.toFixed(3)} at β = 1, ${best.mig.mean.toFixed(3)} ± ` +
      `${best.mig.se.toFixed(3)} at the best β > 1 (β = ${best.beta}); paired rise over ${one.seeds.length} seeds ` +
      `${rise.mean.toFixed(3)} ± ${rise.se.toFixed(3)} (${rise.se > 0 ? (rise.mean / rise.se).toFixed(1) : "∞"} SE; ` +
      `${passed ? "more" : "not more"} than ${z} SE)`,
  };
}
