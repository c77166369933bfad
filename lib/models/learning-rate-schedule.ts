/**
 * The learning-rate schedule of the IWAE paper (Burda, Grosse and Salakhutdinov 2016, section 5): stage
 * i = 0, 1, 2, … lasts 3^i passes over the training set at learning rate 0.001 · 10^(−i/7). The paper runs
 * i = 0..7, Σ 3^i = (3^8 − 1) / 2 = 3,280 passes. Pass p (from 0) lies in stage i when
 * (3^i − 1)/2 ≤ p < (3^(i+1) − 1)/2.
 *
 *   iwaeLearningRate(0)    = 0.001                 (stage 0: 1 pass)
 *   iwaeLearningRate(1..3) = 0.001 · 10^(−1/7)     (stage 1: 3 passes)
 *   iwaeLearningRates(13)  = 13 rates, one per pass: stages 0, 1, 2 complete
 *
 * A budget of passes truncates the schedule (later stages never start). The authors' code
 * (github.com/yburda/iwae, experiments.py) rounds the rate to two significant digits,
 * 1e-4 · round(10^(1 − i/7), 1), e.g. 7.2e-4 for i = 1; this is the paper's formula, unrounded.
 * Errors: pass not an integer ≥ 0, passes not an integer ≥ 1.
 */
import { assertInteger } from "../errors";

/** Passes of the paper's full schedule, stages i = 0..7. */
export const IWAE_PAPER_PASSES = 3280;

/** The stage i of pass p (from 0). */
export function iwaeScheduleStage(pass: number): number {
  assertInteger(pass, "pass", "iwaeScheduleStage", 0);
  let i = 0;
  while ((3 ** (i + 1) - 1) / 2 <= pass) i++;
  return i;
}

/** The learning rate of pass p (from 0): 0.001 · 10^(−i/7), i its stage. */
export function iwaeLearningRate(pass: number): number {
  assertInteger(pass, "pass", "iwaeLearningRate", 0);
  return 0.001 * 10 ** (-iwaeScheduleStage(pass) / 7);
}

/** The learning rates of passes 0 .. passes−1 (for `trainVae`'s `learningRates`). */
export function iwaeLearningRates(passes: number): number[] {
  assertInteger(passes, "passes", "iwaeLearningRates", 1);
  return Array.from({ length: passes }, (_, p) => iwaeLearningRate(p));
}
