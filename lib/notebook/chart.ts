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
import { assertSafeChartSpec } from "./chart-spec";
import { offlineLoader } from "./offline-loader";
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

/** A vega logger that keeps the errors vega reports (a failing expression, a transform's exception). */
function collectingLogger(errors: unknown[]): vega.LoggerInterface {
  const logger = {
    level(level?: number) { return level === undefined ? vega.Error : logger; },
    error(...args: unknown[]) { errors.push(args.length === 1 ? args[0] : args.map(String).join(" ")); return logger; },
    warn() { return logger; }, info() { return logger; }, debug() { return logger; },
  };
  return logger as unknown as vega.LoggerInterface;
}

/**
 * Compiles and renders a vega-lite spec headless: no browser, no network, no file access. The spec is
 * checked first (`assertSafeChartSpec`: inline data only, no image marks, no href, no unknown data name);
 * vega's loader refuses everything (`offline-loader.ts`). The PNG comes from `svgToPng` (resvg in
 * WebAssembly, fonts from npm, memory freed per chart).
 * Errors (all as a rejected promise; nothing in a spec ends the process): spec not an object or refused by
 * `assertSafeChartSpec` (named by its path), vega-lite's or vega's parse errors, an error vega reports while
 * it runs the dataflow (an expression that throws: vega itself only logs it and draws the chart without the
 * data), a load the loader refused, scale not positive.
 */
export async function renderChart(spec: ChartSpec, scale = 2): Promise<RenderedChart> {
  const fn = "renderChart";
  assertSafeChartSpec(spec, "spec", fn);
  const config = { ...DEFAULT_CONFIG, ...(spec as { config?: object }).config };
  const full = { $schema: VEGA_LITE_SCHEMA, ...spec, config } as ChartSpec;
  const compiled = vegaLite.compile(full).spec;
  const loader = offlineLoader(fn);
  const errors: unknown[] = [];
  const view = new vega.View(vega.parse(compiled), { renderer: "none", loader, logger: collectingLogger(errors) });
  try {
    const svg = await view.toSVG();
    if (loader.refusals.length > 0) throw loader.refusals[0];
    if (errors.length > 0) {
      const e = errors[0];
      throw new ArgumentError("spec", fn, `failed while vega ran it: ${e instanceof Error ? e.message : String(e)}`);
    }
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
