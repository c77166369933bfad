/**
 * SVG → PNG for charts, with resvg compiled to WebAssembly (`@resvg/resvg-wasm`) and the DejaVu fonts
 * shipped by npm (`dejavu-fonts-ttf`: Sans and Sans Bold, loaded once), so the PNG is the same on every
 * machine, whatever fonts it has, and nothing outside the packages is read.
 *
 * Memory: every `Resvg` and `RenderedImage` is freed explicitly as soon as the PNG bytes are copied out.
 * The native binding (`@resvg/resvg-js` 2.6.2) never frees the pixel buffer of a rendered image: RSS grew
 * by width · height · 4 bytes per chart even with a garbage collection after each (measured, issue 11:
 * 3.6 MB per 900 × 570 chart, 1,000 charts → +3.7 GB; `scripts/chart-memory.ts`). WebAssembly memory is
 * reused after `free()`, so RSS stays flat.
 *
 * Errors: `scale` not a positive finite number (named, for `fn`); an SVG resvg cannot parse.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { assertPositive } from "../errors";

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let ready: Promise<Uint8Array[]> | null = null;

/** Loads the WebAssembly module and the fonts once per process. */
function prepare(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    await initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    const fonts = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    return FONT_FILES.map((f) => new Uint8Array(readFileSync(join(fonts, f))));
  })();
  return ready;
}

/** Renders `svg` to PNG bytes at `scale` × its size, on white, text in DejaVu Sans. */
export async function svgToPng(svg: string, scale = 2, fn = "svgToPng"): Promise<Buffer> {
  assertPositive(scale, "scale", fn);
  const fontBuffers = await prepare();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { fontBuffers, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  try {
    const image = resvg.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
