import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as vegaLite from "vega-lite";
import { betaExplorer, renderChart, type ChartSpec } from "elbolab";
import { assertArgumentError } from "./setup";

const side = 4, columnValues = [-1, 0, 1], latent = 2;
// β = 1, 2, 4, 8: the rate falls and the distortion rises with β; each traversal has its own grey level
const rows = [1, 2, 4, 8].map((beta, i) => ({
  beta, rate: { mean: 10 / beta, se: 0.1 }, distortion: { mean: 40 + 3 * i, se: 0.2 },
  traversal: { pixels: new Float32Array(latent * columnValues.length * side * side).fill(i / 4), rows: latent,
               rowLabels: [`h1 (KL ${(5 / beta).toFixed(2)})`, `h2 (KL ${(1 / beta).toFixed(2)})`] },
}));
const options = { side, columnValues };

describe("betaExplorer", () => {
  it("the static image shows the initial β: its point's text, its row labels and only its traversal", async () => {
    const { svg } = await renderChart(betaExplorer(rows, { ...options, initialBeta: 2 }));
    assert.ok(svg.includes("β = 2: rate 5.00 ± 0.10, distortion 43.00 ± 0.20 nats, F_β = -53.00"), "the chosen point's text");
    assert.ok(svg.includes("h1 (KL 2.50)") && !svg.includes("h1 (KL 5.00)"), "the chosen β's row labels only");
    assert.ok(svg.includes("a static image shows β = 2."));
    // one rect per pixel of the chosen β only (its grey level is 1/4; the others' 0, 1/2, 3/4)
    const pixels = latent * columnValues.length * side * side;
    assert.equal((svg.match(/; p: 0\.25" [^>]*fill="rgb\(64, 64, 64\)"/g) ?? []).length, pixels, "the chosen β's pixels, each once, grey 1/4");
    assert.equal((svg.match(/; p: (0|0\.5|0\.75)"/g) ?? []).length, 0, "no other β's pixels");
    for (const v of columnValues) assert.ok(svg.includes(`>${v}<`), `column header ${v}`);
  });

  it("the default is the largest β ≤ 4; the compiled spec has one bound β control over log₁₀ β", () => {
    const spec = betaExplorer(rows, options) as ChartSpec;
    const compiled = vegaLite.compile(spec).spec as Record<string, any>;
    const bound = compiled.signals.filter((s: { bind?: unknown }) => s.bind);
    assert.deepEqual(bound.map((s: { name: string }) => s.name), ["beta_control"]);
    assert.equal(bound[0].value, Number(Math.log10(4).toFixed(3)), "β = 4 first");
    assert.equal(bound[0].bind.input, "range");
  });

  it("each β's pixels travel once, rounded to 0.01", () => {
    const spec = betaExplorer(rows, options) as unknown as { hconcat: { layer: { data?: { values: { beta?: number; p?: number[] }[] } }[] }[] };
    const images = spec.hconcat[1].layer[1].data!.values;
    assert.deepEqual(images.map((v) => v.beta), [1, 2, 4, 8]);
    assert.deepEqual(images.map((v) => v.p![0]), [0, 0.25, 0.5, 0.75]);
  });

  it("bad input names the argument and betaExplorer", () => {
    assertArgumentError(() => betaExplorer([], options), "rows", "betaExplorer");
    assertArgumentError(() => betaExplorer([{ ...rows[0], beta: 0 }], options), "rows[0]", "betaExplorer");
    assertArgumentError(() => betaExplorer([{ ...rows[0], rate: { mean: NaN, se: 1 } }], options), "rows[0]", "betaExplorer");
    assertArgumentError(() => betaExplorer([rows[0], { ...rows[1], traversal: { ...rows[1].traversal, rows: 3, rowLabels: ["a", "b", "c"] } }], options),
      "rows[1].traversal.rows", "betaExplorer");
    assertArgumentError(() => betaExplorer([{ ...rows[0], traversal: { ...rows[0].traversal, rowLabels: ["a"] } }], options),
      "rows[0].traversal.rowLabels", "betaExplorer");
    assertArgumentError(() => betaExplorer([{ ...rows[0], traversal: { ...rows[0].traversal, pixels: new Float32Array(5) } }], options),
      "rows[0].traversal", "betaExplorer");
    assertArgumentError(() => betaExplorer(rows, { side, columnValues: [] }), "options.columnValues", "betaExplorer");
    assertArgumentError(() => betaExplorer(rows, { ...options, initialBeta: 3 }), "options.initial", "bindControl");
  });
});
