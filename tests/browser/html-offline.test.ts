/// <reference lib="dom" />
/**
 * The HTML of `npm run reproduce` reads offline: a full-mode run of notebook 01 (math and charts)
 * through the runner with HTML, opened in Chromium with every request outside the output folder
 * aborted. Math must be typeset by the MathJax shipped in assets/ (no `$…$` source left in the
 * Markdown), every chart must show: live vega-embed views when assets/vega/*.js load, the embedded
 * PNGs when those scripts are blocked too. Moving a live chart's slider (notebook 01's C) redraws the view.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { executeNotebook, NOTEBOOKS_DIR } from "../../scripts/notebook-runner";
import { launchChromium, moveFirstSlider, ROOT, SHOTS_DIR, skipReason } from "./browser";

const OUT = join(SHOTS_DIR, "html");
const NOTEBOOK = "01-soft-svm";

describe("offline HTML of a full-mode run", { skip: skipReason() }, () => {
  let browser: Browser;
  let htmlPath = "";

  before(async () => {
    const outcome = await executeNotebook(join(NOTEBOOKS_DIR, `${NOTEBOOK}.ipynb`), {
      mode: "full", outDir: OUT, resultsDir: join(OUT, "results"), html: true,
    });
    assert.ok(outcome.ok, `notebook ${NOTEBOOK} failed in full mode:\n${outcome.error}`);
    htmlPath = outcome.htmlPath!;
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  /** Opens the HTML with the network cut off (only file: URLs inside OUT pass; `block` aborts more). */
  async function openOffline(block: RegExp | null): Promise<{ page: Page; refused: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const refused: string[] = [];
    const inside = pathToFileURL(OUT).href;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(inside) && !(block && block.test(url))) return route.continue();
      refused.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => document.body.dataset.elbolabCharts !== undefined, null, { timeout: 60_000 });
    await page.evaluate(() => (window as any).MathJax?.startup?.promise);
    return { page, refused };
  }

  test("the HTML refers to nothing outside its folder", () => {
    const html = readFileSync(htmlPath, "utf8");
    assert.equal(html.match(/file:\/\/\/usr\/share\/javascript/g), null);
    assert.equal(html.match(/<script[^>]+src="(https?:|file:|\/)/g), null, "a script loaded from outside");
    assert.ok(html.includes('src="assets/mathjax/tex-svg-full.js"'), "MathJax referenced relatively");
  });

  test("math typeset and charts live, offline", async () => {
    const { page, refused } = await openOffline(null);
    const math = await page.evaluate(() => ({
      typeset: document.querySelectorAll(".jp-RenderedMarkdown mjx-container").length,
      errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
      leftover: Array.from(document.querySelectorAll(".jp-MarkdownCell .jp-RenderedMarkdown"))
        .map((e) => (e as HTMLElement).innerText)
        .flatMap((t) => t.match(/\$[^$\n]+\$|\\\(|\\\[/g) ?? []),
    }));
    assert.ok(math.typeset > 20, `expected the lecture's formulas typeset, found ${math.typeset} mjx-container`);
    assert.equal(math.errors, 0, "MathJax reported TeX errors");
    assert.deepEqual(math.leftover, [], "LaTeX source left in the Markdown");
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".elbolab-chart")).map((box) => {
        const svg = box.querySelector(".vega-embed svg");
        const r = svg?.getBoundingClientRect();
        return { live: box.classList.contains("live"), width: r?.width ?? 0, height: r?.height ?? 0 };
      }));
    assert.ok(charts.length >= 1, "no chart in the HTML");
    for (const [i, c] of charts.entries()) {
      assert.ok(c.live && c.width > 50 && c.height > 50, `chart ${i} not shown live: ${JSON.stringify(c)}`);
    }
    assert.deepEqual(refused, [], "requests outside the folder");
    await page.screenshot({ path: join(SHOTS_DIR, "html-offline.png"), fullPage: true });
    await page.context().close();
  });

  test("a live chart's slider redraws it, offline", async () => {
    const { page } = await openOffline(null);
    const moved = await moveFirstSlider(page, ".elbolab-chart.live");
    assert.notEqual(moved.after, moved.before, `moving the slider '${moved.label}' (${moved.from} → ${moved.to}) did not change the chart`);
    await page.screenshot({ path: join(SHOTS_DIR, "html-offline-slider-moved.png") });
    await page.context().close();
  });

  test("without the vega scripts every chart shows as its PNG", async () => {
    const { page } = await openOffline(/\/assets\/vega\//);
    const images = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".elbolab-chart img")).map((img) => {
        const r = img.getBoundingClientRect();
        return { natural: (img as HTMLImageElement).naturalWidth, width: r.width, height: r.height };
      }));
    assert.ok(images.length >= 1, "no chart in the HTML");
    for (const [i, c] of images.entries()) assert.ok(c.natural > 0 && c.width > 50 && c.height > 50, `PNG ${i}: ${JSON.stringify(c)}`);
    await page.context().close();
  });
});
