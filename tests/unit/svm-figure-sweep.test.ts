import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as vegaLite from "vega-lite";
import { analyzeSvm, renderChart, solveSvmDual, svmFigureSweep, twoGaussians, type ChartSpec } from "elbolab";
import { assertArgumentError } from "./setup";

const data = twoGaussians(40, 11);
const Cs = [0.01, 0.1, 1, 10];
const solutions = Cs.map((C) => solveSvmDual(data.x, data.y, C));
/** Point marks vega drew (one SVG path with aria-roledescription="point" each). */
const points = (svg: string) => (svg.match(/aria-roledescription="point"/g) ?? []).length;

describe("svmFigureSweep", () => {
  it("the static image shows the initial C only: its n points, its slacks and its line of facts", async () => {
    for (const initial of [0.01, 10]) {
      const a = analyzeSvm(solutions[Cs.indexOf(initial)]);
      const { svg } = await renderChart(svmFigureSweep(solutions, { initial }));
      assert.equal(points(svg), data.x.length, `C = ${initial}: one mark per point`);
      const slackCount = Array.from(a.slacks).filter((s) => s > 0).length;
      const rules = /<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
      assert.equal((rules.match(/<line/g) ?? []).length, slackCount, "one segment per slack");
      assert.ok(svg.includes(`${a.supportVectors.length} support vectors`), "the facts of the chosen C");
      assert.ok(svg.includes(`a static image shows C = ${initial}.`));
    }
  });

  it("compiles with a log-range slider over C, and every layer filters on it", () => {
    const spec = svmFigureSweep(solutions) as Record<string, any>;
    const compiled = vegaLite.compile(spec as ChartSpec).spec as Record<string, any>;
    const signal = compiled.signals.find((s: { name: string }) => s.name === "C_control");
    assert.equal(signal.bind.input, "range");
    assert.equal(signal.value, Math.log10(0.01));
    assert.ok(spec.layer.every((l: any) => /C_control/.test(l.transform[0].filter)));
  });

  it("bad input names the argument and svmFigureSweep", () => {
    assertArgumentError(() => svmFigureSweep([]), "solutions", "svmFigureSweep");
    const other = solveSvmDual(twoGaussians(40, 12).x, twoGaussians(40, 12).y, 1);
    assertArgumentError(() => svmFigureSweep([solutions[0], other]), "solutions", "svmFigureSweep");
    assertArgumentError(() => svmFigureSweep(solutions, { initial: 3 }), "options.initial", "bindControl");
  });
});
