/**
 * What notebook 06 shows of a protocol folder (`runProtocol`, stages.json): test NLL = −L_5000 against passes on a
 * log axis for VAE, IWAE k = 5 and k = 50, with ±2 SE, beside the paper's final values (Burda et al. 2016, Table 1,
 * one stochastic layer, after 3,280 passes: 86.76, 85.54, 84.78 nats), and the paired differences per stage.
 *
 * Paired difference of models A and B at a stage: the per-image L_5000 of both come from the same test images and
 * the same evaluation noise, so d_x = L^A(x) − L^B(x) and its standard error is that of the mean of d over the
 * images (`meanAndStandardError`), far below either model's own SE. A pair is listed only where both models were
 * evaluated at that stage on the same images.
 *
 *   const stages = readProtocolStages("output/protocol");
 *   showTable(protocolStageTable(stages.results)); await showChart(protocolCurveSpec(stages.results));
 *
 * Errors (ArgumentError naming the argument and the function): results not an array, an entry without passes,
 * model, a finite mean and SE, or with per-image arrays of different lengths within a pair.
 */
import { ArgumentError } from "../errors";
import { meanAndStandardError } from "../math/statistics";
import type { ChartSpec } from "./chart";

/** Table 1 of the paper, MNIST, one stochastic layer: test NLL (nats) and active units after the full schedule. */
export const IWAE_PAPER_TABLE1 = {
  vae: { k: 1, nll: 86.76, activeUnits: 19 },
  iwae5: { k: 5, nll: 85.54, activeUnits: 22 },
  iwae50: { k: 50, nll: 84.78, activeUnits: 25 },
} as const;

/** The fields of a stage result these helpers read (a `ProtocolStageResult`). */
export interface StagePoint {
  model: string;
  k: number;
  passes: number;
  stage: number;
  testLogLikelihood: number;
  se: number;
  activeUnits: number;
  perImage: ArrayLike<number>;
}

export interface PairedDifference {
  passes: number;
  /** L(a) − L(b), nats, with its paired SE, and the paper's NLL(b) − NLL(a). */
  a: string;
  b: string;
  mean: number;
  se: number;
  paper: number;
}

const LABEL: Record<string, string> = { vae: "VAE (k = 1)", iwae5: "IWAE k = 5", iwae50: "IWAE k = 50" };
const label = (model: string) => LABEL[model] ?? model;

function check(results: StagePoint[], fn: string): void {
  if (!Array.isArray(results)) throw new ArgumentError("results", fn, "must be an array of stage results (stages.json's results)");
  results.forEach((r, i) => {
    if (!r || !Number.isInteger(r.passes) || typeof r.model !== "string" || !Number.isFinite(r.testLogLikelihood) || !Number.isFinite(r.se)) {
      throw new ArgumentError(`results[${i}]`, fn, "must have integer passes, a model name and a finite testLogLikelihood and se");
    }
  });
}

/** The paired differences (IWAE k = 5 − VAE, k = 50 − VAE, k = 50 − k = 5) at every stage where both were evaluated. */
export function protocolPairedDifferences(results: StagePoint[]): PairedDifference[] {
  const fn = "protocolPairedDifferences";
  check(results, fn);
  const out: PairedDifference[] = [];
  const passes = [...new Set(results.map((r) => r.passes))].sort((x, y) => x - y);
  for (const p of passes) {
    const at = (m: string) => results.find((r) => r.passes === p && r.model === m);
    for (const [a, b] of [["iwae5", "vae"], ["iwae50", "vae"], ["iwae50", "iwae5"]] as const) {
      const ra = at(a), rb = at(b);
      if (!ra || !rb) continue;
      if (ra.perImage.length !== rb.perImage.length) throw new ArgumentError("results", fn, `${a} and ${b} at ${p} passes were evaluated on ${ra.perImage.length} and ${rb.perImage.length} images`);
      const d = meanAndStandardError(Array.from(ra.perImage, (v, i) => v - rb.perImage[i]));
      out.push({ passes: p, a, b, mean: d.mean, se: d.se, paper: IWAE_PAPER_TABLE1[b].nll - IWAE_PAPER_TABLE1[a].nll });
    }
  }
  return out;
}

/** One row per stage and model: passes, stage, test NLL ± SE, active units, and the paper's values beside. */
export function protocolStageTable(results: StagePoint[]): Record<string, unknown>[] {
  check(results, "protocolStageTable");
  return [...results].sort((x, y) => x.passes - y.passes || x.k - y.k).map((r) => {
    const paper = (IWAE_PAPER_TABLE1 as Record<string, { nll: number; activeUnits: number }>)[r.model];
    return {
      passes: r.passes, stage: r.stage, model: label(r.model), "test NLL": -r.testLogLikelihood, "± SE": r.se,
      "NLL (paper, 3,280 passes)": paper?.nll ?? null, "active units": r.activeUnits, "active (paper)": paper?.activeUnits ?? null,
    };
  });
}

/** The paired differences as table rows. */
export function protocolDifferenceTable(differences: PairedDifference[]): Record<string, unknown>[] {
  return differences.map((d) => ({
    passes: d.passes, difference: `L_5000(${label(d.a)}) − L_5000(${label(d.b)})`, "mean (nats)": d.mean, "± SE": d.se,
    "in SE": d.mean / d.se, "paper (nats)": d.paper,
  }));
}

/**
 * Vega-lite: test NLL (±2 SE) against passes, log axis from 1 to 3,280, one colour per model, and the paper's
 * final values as diamonds of the same colours at 3,280 passes (not joined to the run's points: nothing is
 * interpolated between the last stage reached and the end of the paper's schedule).
 */
export function protocolCurveSpec(results: StagePoint[], title = "Test NLL against training passes (IWAE paper's schedule)"): ChartSpec {
  check(results, "protocolCurveSpec");
  const points = results.map((r) => ({ model: label(r.model), passes: r.passes, nll: -r.testLogLikelihood, lo: -r.testLogLikelihood - 2 * r.se, hi: -r.testLogLikelihood + 2 * r.se }));
  const paper = Object.entries(IWAE_PAPER_TABLE1).map(([m, v]) => ({ model: label(m), passes: 3280, nll: v.nll }));
  const models = Object.keys(IWAE_PAPER_TABLE1).map(label);
  const x = { field: "passes", type: "quantitative" as const, title: "passes over the training set (log scale)",
    scale: { type: "log" as const, domain: [1, 3280] }, axis: { values: [1, 4, 13, 40, 121, 364, 1093, 3280] } };
  const y = { field: "nll", type: "quantitative" as const, title: "test NLL = −L_5000 (nats)", scale: { zero: false } };
  const color = { field: "model", type: "nominal" as const, title: "model", scale: { domain: models } };
  return {
    title, width: 460, height: 280,
    layer: [
      { data: { values: points }, mark: { type: "line", point: true }, encoding: { x, y, color } },
      { data: { values: points }, mark: { type: "errorbar", ticks: true }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
      { data: { values: paper }, mark: { type: "point", shape: "diamond", filled: true, size: 90 }, encoding: { x, y, color,
        tooltip: [{ field: "model" }, { field: "nll", title: "paper's NLL" }] } },
    ],
  } as ChartSpec;
}
