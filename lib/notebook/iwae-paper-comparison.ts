/**
 * Where a run of notebook 06 stands against the IWAE paper's Table 1 (Burda et al. 2016, MNIST, one stochastic
 * layer, after the full schedule of 3,280 passes: NLL 86.76 for the VAE, 84.78 for IWAE k = 50; 19 and 25 active
 * units of 50), as Markdown paragraphs computed from the run's numbers:
 *
 *   - in quick mode, first, that the comparison is for full mode only;
 *   - the budget: passes trained, as a share of the paper's (passes / 3,280), and the schedule's last stage
 *     reached (`iwaeScheduleStage(passes − 1)`; the paper's runs end in stage 7);
 *   - test NLL = −L_5000 ± SE of the VAE and of IWAE k = 50, each with its difference to the paper's value;
 *   - the paired gain L_5000(k = 50) − L_5000(VAE) ± SE against the paper's 86.76 − 84.78 = 1.98 nats, whether it
 *     lies more than 3 SE above 0 ("resolves"), and the active units against the paper's (with every VAE unit
 *     still active, that the paper's pruning, 50 − 19 = 31 inactive units, has not set in);
 *   - why the NLLs differ (the share of passes, and of the 60,000 training digits when fewer were used).
 *
 * The same text serves as text/markdown and text/plain. Errors (ArgumentError naming the argument and
 * 'iwaePaperComparisonText'): sizes or passes that are not integers ≥ 1, a mean or SE that is not finite (SE < 0),
 * active units that are not integers in 0..latentSize.
 */
import { assertFiniteNumber, assertInteger, assertPositive, ArgumentError } from "../errors";
import { IWAE_PAPER_PASSES, iwaeScheduleStage } from "../models/learning-rate-schedule";
import { MNIST_TRAIN_SIZE } from "../data/mnist-full";
import { IWAE_PAPER_TABLE1 } from "./protocol-curve";

interface ModelResult { mean: number; se: number; activeUnits: number }

export interface IwaePaperRun {
  /** Full mode (the only mode whose numbers compare with the paper's). */
  full: boolean;
  trainSize: number;
  testSize: number;
  /** The budget of passes. */
  passes: number;
  latentSize: number;
  /** Test L_5000 (mean over images, nats) ± SE and active units. */
  vae: ModelResult;
  /** The same, and the passes this model trained. */
  iwae50: ModelResult & { passes: number };
  /** The paired per-image difference L_5000(k = 50) − L_5000(VAE) ± SE. */
  gain: { mean: number; se: number };
}

export function iwaePaperComparisonText(run: IwaePaperRun): string {
  const fn = "iwaePaperComparisonText";
  if (run === null || typeof run !== "object") throw new ArgumentError("run", fn, "must be an object");
  for (const key of ["trainSize", "testSize", "passes", "latentSize"] as const) assertInteger(run[key], `run.${key}`, fn, 1);
  assertInteger(run.iwae50?.passes, "run.iwae50.passes", fn, 1);
  for (const key of ["vae", "iwae50", "gain"] as const) {
    assertFiniteNumber(run[key]?.mean, `run.${key}.mean`, fn);
    assertPositive(run[key].se, `run.${key}.se`, fn, true);
  }
  for (const key of ["vae", "iwae50"] as const) {
    const au = run[key].activeUnits;
    if (!Number.isInteger(au) || au < 0 || au > run.latentSize) {
      throw new ArgumentError(`run.${key}.activeUnits`, fn, `must be an integer in 0..${run.latentSize}, got ${au}`);
    }
  }
  const { vae, iwae50: k50, gain: d50 } = run;
  const paperVae = IWAE_PAPER_TABLE1.vae, paper50 = IWAE_PAPER_TABLE1.iwae50;
  const fraction = run.passes / IWAE_PAPER_PASSES;
  const gapVae = -vae.mean - paperVae.nll, gap50 = -k50.mean - paper50.nll;
  const sign = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(2);
  const verdict = d50.mean > 3 * d50.se ? "resolves" : "does not resolve";
  const n = (x: number) => x.toLocaleString("en");
  return [
    ...(run.full ? [] : ["**Quick mode: compare with the paper in full mode only.**"]),
    `**This run** trained on ${n(run.trainSize)} digits for ${run.passes} pass`
    + `${run.passes > 1 ? "es" : ""} (${(100 * fraction).toFixed(2)} % of the paper's `
    + `${n(IWAE_PAPER_PASSES)}; the schedule stops in stage i = ${iwaeScheduleStage(run.passes - 1)},`
    + ` the paper's runs to i = ${iwaeScheduleStage(IWAE_PAPER_PASSES - 1)})`
    + ` and evaluated on ${n(run.testSize)} test digits.`,
    `Test NLL: VAE ${(-vae.mean).toFixed(2)} ± ${vae.se.toFixed(2)} nats`
    + ` (paper ${paperVae.nll}, ${sign(gapVae)}), IWAE k = 50 ${(-k50.mean).toFixed(2)}`
    + ` ± ${k50.se.toFixed(2)} (paper ${paper50.nll}, ${sign(gap50)}).`,
    `The IWAE k = 50 gain over the VAE is ${d50.mean.toFixed(2)} ± ${d50.se.toFixed(2)} nats`
    + ` (paper ${(paperVae.nll - paper50.nll).toFixed(2)}): the run ${verdict} IWAE k = 50 above the VAE at 3 SE.`
    + " The gain, like the"
    + ` absolute values, comes from early training (${k50.passes} of ${n(IWAE_PAPER_PASSES)}`
    + " passes) and is not comparable with the paper's. Active units:"
    + ` ${k50.activeUnits} (k = 50) and ${vae.activeUnits} (VAE), paper ${paper50.activeUnits} and ${paperVae.activeUnits}`
    + (vae.activeUnits === run.latentSize ? ": every unit of the VAE is still active, so the pruning the paper reports"
       + ` (${run.latentSize - paperVae.activeUnits} of ${run.latentSize} units inactive in its VAE) has not set in yet.` : "."),
    `Why the NLLs differ from the paper's: the models saw ${(100 * fraction).toFixed(2)} % of its`
    + " training passes" + (run.trainSize < MNIST_TRAIN_SIZE ? ` on ${n(run.trainSize)} of the ${n(MNIST_TRAIN_SIZE)} training digits` : "")
    + "; the paper reports models trained to the end of its schedule, these are early in"
    + " training, where the ordering can show but the absolute values and active units still move.",
  ].join("\n\n");
}
