/**
 * Charts from vega-lite specs, shown as one MIME bundle:
 *   application/vnd.vegalite.v5+json  interactive in JupyterLab and VS Code
 *   image/png                         rendered here (vega headless SVG -> resvg PNG): classic
 *                                     notebook, nbconvert HTML opened offline, GitHub's viewer
 *   text/plain                        the title, for terminals
 * `renderChart` returns the PNG and SVG without displaying, for files and tests.
 *
 * Sizing: the PNG is rendered at `scale` (2: sharp on high-density screens) and displayed with metadata
 * `{"image/png": {width, height}}` at its own size (the SVG's), so nbconvert's HTML and Jupyter show it at 1×.
 * Legends and axis titles are not truncated unless the spec says so (vega-lite's defaults cut labels at 160 px).
 */
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { ArgumentError } from "../errors";
import { displayBundle } from "./display";
import { assertInlineData, offlineLoader } from "./offline-loader";
import { svgToPng } from "./svg-to-png";

export type ChartSpec = TopLevelSpec;

const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

export interface RenderedChart {
  spec: ChartSpec;
  svg: string;
  png: Buffer;
  /** The chart's own size in CSS pixels (the SVG's); the PNG is `scale` times larger. */
  width: number;
  height: number;
}

/** No truncated legend labels or axis titles; the spec's own config wins. */
const DEFAULT_CONFIG = { legend: { labelLimit: 0, titleLimit: 0 }, axis: { titleLimit: 0 } };

function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open)?.[1]);
  return { width: attr("width"), height: attr("height") };
}

/**
 * Compiles and renders a vega-lite spec headless: no browser, no network, no file access (data must be
 * inline, `data.url` is an error, and vega's loader refuses everything: `offline-loader.ts`). The PNG
 * comes from `svgToPng` (resvg in WebAssembly, fonts from npm, memory freed per chart).
 * Errors: spec not an object, a `data.url` anywhere (named by its path), scale not positive.
 */
export async function renderChart(spec: ChartSpec, scale = 2): Promise<RenderedChart> {
  const fn = "renderChart";
  if (spec === null || typeof spec !== "object") throw new ArgumentError("spec", fn, "must be a vega-lite spec object");
  assertInlineData(spec, "spec", fn);
  const config = { ...DEFAULT_CONFIG, ...(spec as { config?: object }).config };
  const full = { $schema: VEGA_LITE_SCHEMA, ...spec, config } as ChartSpec;
  const compiled = vegaLite.compile(full).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", loader: offlineLoader(fn) });
  try {
    const svg = await view.toSVG();
    return { spec: full, svg, png: await svgToPng(svg, scale, fn), ...svgSize(svg) };
  } finally {
    view.finalize();
  }
}

/** The chart's title as plain text: a string, a title object's `text`, lines joined by spaces; else "chart". */
export function chartTitle(spec: ChartSpec): string {
  const raw = (spec as { title?: unknown }).title;
  const text = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as { text?: unknown }).text : raw;
  if (typeof text === "string" && text !== "") return text;
  if (Array.isArray(text) && text.length > 0) return text.map(String).join(" ");
  return "chart";
}

/**
 * Displays a vega-lite chart (interactive where the front end can, PNG elsewhere). Resolves to
 * nothing, so a cell ending in `await showChart(...)` does not echo the rendering; use
 * `renderChart` to get the SVG and PNG.
 */
export async function showChart(spec: ChartSpec): Promise<void> {
  const rendered = await renderChart(spec);
  const title = chartTitle(spec);
  displayBundle({
    "application/vnd.vegalite.v5+json": rendered.spec as object,
    "image/png": rendered.png.toString("base64"),
    "text/plain": `<vega-lite chart: ${title}>`,
  }, { "image/png": { width: rendered.width, height: rendered.height } });
}
