/**
 * Notebook 03's presentation helpers (elboTrainingChartSpec, averagingTable, estimateRangeChartSpec,
 * boundNoiseText, deltaRateText): what they draw or say is recomputed here from the inputs, the charts
 * compile and render headless, and bad inputs name the argument and the function.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { averagingTable, bindControl, boundNoiseText, deltaRateText, elboTrainingChartSpec,
         estimateRangeChartSpec, latexScientific, prefixKSweep, Random, renderChart, renderMarkdown,
         renderTable } from "elbolab";
import { assertArgumentError } from "./setup";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

// a small sweep of real prefixKSweep points: S rows of K log-weights log w = z·0.3 − 0.045 (E[w] = 1, log p = 0)
const S = 200, K = 10, ks = [1, 2, 5, 10];
const rng = new Random(5);
const lw = Float64Array.from(rng.normalArray(S * K), (z) => 0.3 * z - 0.045);
const sweep = prefixKSweep(lw, S, ks, 0);

describe("elboTrainingChartSpec", () => {
  const history = [-10, -8, -6, -5, -4.5];
  test("one point per `every` steps from step 1, a dashed rule at log p(E); renders", async () => {
    const spec = elboTrainingChartSpec(history, -4, { every: 2 }) as Any;
    assert.deepEqual(spec.layer[0].data.values, [1, 3, 5].map((step) => ({ step, elbo: history[step - 1] })));
    assert.deepEqual(spec.layer[1].data.values, [{ logp: -4 }]);
    assert.equal(spec.layer[1].mark.strokeDash.length, 2, "the log p(E) rule is dashed");
    assert.equal((elboTrainingChartSpec(history, -4) as Any).layer[0].data.values.length, history.length);
    const { svg, png } = await renderChart(spec);
    assert.ok(png.length > 1000 && svg.includes("Adam step"));
  });
  test("bad input names the argument and elboTrainingChartSpec", () => {
    assertArgumentError(() => elboTrainingChartSpec([], -4), "history", "elboTrainingChartSpec");
    assertArgumentError(() => elboTrainingChartSpec([-1, NaN], -4), "history", "elboTrainingChartSpec");
    assertArgumentError(() => elboTrainingChartSpec(history, NaN), "logEvidence", "elboTrainingChartSpec");
    assertArgumentError(() => elboTrainingChartSpec(history, -4, { every: 0 }), "options.every", "elboTrainingChartSpec");
  });
});

describe("averagingTable", () => {
  test("every column from its estimator; the caption names S, the largest k, ELBO, log p(E) and Var(w)/E[w]²", () => {
    const relVar = Math.exp(0.09) - 1; // Var(w)/E[w]² of a log-normal with σ = 0.3
    const t = averagingTable(sweep, { logEvidence: 0, elbo: -0.045, relativeVariance: relVar, rows: S });
    assert.equal(t.records.length, ks.length);
    t.records.forEach((r, i) => {
      const p = sweep[i];
      assert.equal(r.k, ks[i]);
      assert.equal(r["A_k, plain mean"], p.outside.mean);
      assert.equal(r["SD of A_k"], p.outside.sd);
      assert.equal(r["log p − L_k, plain"], 0 - p.bound.mean);
      assert.equal(r["log p − L_k, control variate"], p.gap!.mean);
      assert.equal(r["Var(w)/(2k E[w]²), delta method"], relVar / (2 * ks[i]));
    });
    assert.equal(t.caption, `S = ${S} rows of ${K} draws; closed-form ELBO ${(-0.045).toFixed(5)}, ` +
                 `log p(E) ${(0).toFixed(5)}, Var(w)/E[w]² = ${relVar.toPrecision(4)}`);
    assert.match(renderTable(t.records, { caption: t.caption }).html, /log p − L_k, control variate/);
    const inf = averagingTable(sweep, { logEvidence: 0, elbo: -0.045, relativeVariance: Infinity, rows: S });
    assert.equal(inf.records[0]["Var(w)/(2k E[w]²), delta method"], Infinity);
  });
  test("bad input names the argument and averagingTable", () => {
    const ctx = { logEvidence: 0, elbo: 0, relativeVariance: 1, rows: S };
    assertArgumentError(() => averagingTable([], ctx), "points", "averagingTable");
    assertArgumentError(() => averagingTable(prefixKSweep(lw, S, ks), ctx), "points[0].gap", "averagingTable");
    assertArgumentError(() => averagingTable(sweep, { ...ctx, rows: 1 }), "context.rows", "averagingTable");
    assertArgumentError(() => averagingTable(sweep, { ...ctx, relativeVariance: NaN }), "context.relativeVariance", "averagingTable");
    assertArgumentError(() => averagingTable(sweep, { ...ctx, elbo: Infinity }), "context.elbo", "averagingTable");
  });
});

describe("estimateRangeChartSpec", () => {
  test("mean ± 2 SD of A_k and L_k per k on one shared axis, a control over k; renders the initial k", async () => {
    const spec = estimateRangeChartSpec(sweep, { elbo: -0.045, logEvidence: 0, initialK: 5, title: "where" }) as Any;
    const rows = spec.data.values;
    assert.equal(rows.length, 2 * ks.length);
    for (const [i, p] of sweep.entries()) {
      for (const [m, label] of [["outside", "A_k, outside the log"], ["bound", "L_k, inside the log"]] as const) {
        const r = rows.find((x: Any) => x.k === p.k && x.estimator === label);
        assert.equal(r.mean, p[m].mean, `k = ${ks[i]} ${m}`);
        assert.ok(Math.abs(r.hi - r.lo - 4 * p[m].sd) < 1e-12);
      }
    }
    const domain = spec.layer[0].encoding.x.scale.domain;
    assert.equal(domain[0], Math.min(...rows.map((r: Any) => r.lo)));
    assert.equal(domain[1], Math.max(0, ...rows.map((r: Any) => r.hi)));
    assert.deepEqual(spec.layer[2].data.values, [{ v: -0.045 }, { v: 0 }]);
    assert.deepEqual(spec.params[0], bindControl("k", ks, { initial: 5 }).param);
    const last = estimateRangeChartSpec(sweep, { elbo: -0.045, logEvidence: 0, title: "t" }) as Any;
    assert.deepEqual(last.params[0], bindControl("k", ks, { initial: 10 }).param, "default: the largest k");
    const { svg, png } = await renderChart(spec);
    assert.ok(png.length > 1000 && svg.includes("static image shows k = 5"), "the subtitle names the initial k");
  });
  test("bad input names the argument and estimateRangeChartSpec", () => {
    const o = { elbo: 0, logEvidence: 0, title: "t" };
    assertArgumentError(() => estimateRangeChartSpec([], o), "points", "estimateRangeChartSpec");
    assertArgumentError(() => estimateRangeChartSpec([{ ...sweep[0], bound: { ...sweep[0].bound, sd: NaN } }], o),
                        "points[0].bound.sd", "estimateRangeChartSpec");
    assertArgumentError(() => estimateRangeChartSpec(sweep, { ...o, elbo: NaN }), "options.elbo", "estimateRangeChartSpec");
    assertArgumentError(() => estimateRangeChartSpec(sweep, { ...o, logEvidence: undefined as unknown as number }),
                        "options.logEvidence", "estimateRangeChartSpec");
  });
});

describe("boundNoiseText", () => {
  const pt = (k: number, mean: number, se: number, inc?: { mean: number; se: number }) =>
    ({ k, bound: { mean, se }, ...(inc ? { boundIncrease: inc } : {}) });
  test("lists points above log p(E) and decreasing steps with their z, then says whether they are noise", () => {
    const points = [pt(1, -0.1, 0.01), pt(10, 0.015, 0.01, { mean: 0.115, se: 0.01 }),
                    pt(100, 0.012, 0.01, { mean: -0.003, se: 0.002 })];
    const t = boundNoiseText(points, 0, { check: "no_violation" });
    const text = renderMarkdown(t.template.replace(" ({{check:no_violation}})", ""), t.values);
    assert.ok(t.template.includes("({{check:no_violation}})"), "cites the check");
    assert.ok(text.includes(`$L_{10}$ lies ${(0.015 / 0.01).toFixed(1)} SE above $\\log p(E)$`), text);
    assert.ok(text.includes(`$L_{100}$ lies ${(0.012 / 0.01).toFixed(1)} SE above`), text);
    assert.ok(text.includes(`$L_{100}$ is ${(0.003 / 0.002).toFixed(1)} SE (paired) below $L_{10}$`), text);
    assert.match(text, /Each is within 3 SE, Monte Carlo noise\.$/);
    const far = boundNoiseText([pt(1, 0.05, 0.01)], 0);
    assert.match(renderMarkdown(far.template, far.values), /5\.0 SE above .*Not every one is within 3 SE/);
    const none = boundNoiseText([pt(1, -0.1, 0.01), pt(2, -0.05, 0.01, { mean: 0.05, se: 0.01 })], 0);
    assert.match(none.template, /^Every displayed \$L_k\$ lies at or below/);
  });
  test("bad input names the argument and boundNoiseText", () => {
    assertArgumentError(() => boundNoiseText([], 0), "points", "boundNoiseText");
    assertArgumentError(() => boundNoiseText([pt(1, 0, 0)], 0), "points[0].bound.se", "boundNoiseText");
    assertArgumentError(() => boundNoiseText([pt(1, NaN, 1)], 0), "points[0].bound.mean", "boundNoiseText");
    assertArgumentError(() => boundNoiseText([pt(1, 0, 1)], NaN), "logEvidence", "boundNoiseText");
    assertArgumentError(() => boundNoiseText([pt(1, 0, 1)], 0, { z: 0 }), "options.z", "boundNoiseText");
  });
});

describe("deltaRateText", () => {
  test("the measured gap as a multiple of Var(w)/(2k E[w]²) ± its SE; no rate for infinite Var(w)", () => {
    const v = 0.09, k = 100, gap = { mean: 0.0005, se: 0.00002 };
    const text = deltaRateText(gap, k, v);
    assert.ok(text.includes(`$\\mathrm{Var}(w)/\\mathbb E[w]^2 = ${latexScientific(v, 2)}$`), text);
    assert.ok(text.includes(`at $k = 100$ the measured gap is ${(gap.mean / (v / 200)).toFixed(2)} × the ` +
                            `delta-method prediction (± ${(gap.se / (v / 200)).toFixed(2)})`), text);
    assert.match(deltaRateText(gap, k, Infinity), /\\mathrm\{Var\}\(w\) = \\infty\$: the delta-method rate .* does not apply/);
  });
  test("bad input names the argument and deltaRateText", () => {
    assertArgumentError(() => deltaRateText({ mean: NaN, se: 0 }, 1, 1), "gap.mean", "deltaRateText");
    assertArgumentError(() => deltaRateText({ mean: 0, se: -1 }, 1, 1), "gap.se", "deltaRateText");
    assertArgumentError(() => deltaRateText({ mean: 0, se: 0 }, 0, 1), "k", "deltaRateText");
    assertArgumentError(() => deltaRateText({ mean: 0, se: 0 }, 1, NaN), "relativeVariance", "deltaRateText");
  });
});
