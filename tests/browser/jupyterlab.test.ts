/// <reference lib="dom" />
/**
 * `npm run lab` as a user meets it: the server started by scripts/lab.mjs on a free port, notebook 00
 * opened in JupyterLab in Chromium, Run → Run All Cells, then: every code cell ran, no error output,
 * the vega-lite chart is a live vega-embed view (canvas or SVG, not the PNG), the HTML table is
 * there, the progress bar shows its final state; a screenshot goes to output/browser/. The
 * interactive run records to results/interactive/ and leaves results/00-environment.json as it was; moving the
 * histogram's slider (a vega-lite param bound to a range input) redraws the chart.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, moveFirstSlider, ROOT, SHOTS_DIR, skipReason } from "./browser";

const NOTEBOOK = "00-environment";
const REPRODUCE_RESULTS = join(ROOT, "results", `${NOTEBOOK}.json`);
const INTERACTIVE_RESULTS = join(ROOT, "results", "interactive", `${NOTEBOOK}.json`);
const NOTEBOOK_FILE = join(ROOT, "notebooks", `${NOTEBOOK}.ipynb`);
const committedNotebook = readFileSync(NOTEBOOK_FILE, "utf8");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A JupyterLab user-settings folder: every cell in the DOM (no windowing), no news pop-up, no autosave
 *  (the executed notebook must not be written back into notebooks/). */
function labSettings(dir: string): void {
  const settings: Record<string, object> = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": { windowingMode: "none" },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": { fetchNews: "false", checkForUpdates: false },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": { autosave: false },
  };
  for (const [file, value] of Object.entries(settings)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(value));
  }
}

describe("JupyterLab (npm run lab) runs notebook 00", { skip: skipReason() }, () => {
  let lab: ChildProcess;
  let browser: Browser;
  let url = "";
  let labLog = "";
  let before00: string | null = null;
  const scratch = mkdtempSync(join(tmpdir(), "elbolab-lab-"));
  const started = new Date();

  before(async () => {
    before00 = existsSync(REPRODUCE_RESULTS) ? readFileSync(REPRODUCE_RESULTS, "utf8") : null;
    labSettings(join(scratch, "settings"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JUPYTERLAB_SETTINGS_DIR: join(scratch, "settings"),
      JUPYTERLAB_WORKSPACES_DIR: join(scratch, "workspaces"),
      JUPYTER_RUNTIME_DIR: join(scratch, "runtime"),
    };
    delete env.ELBOLAB_RESULTS_DIR;
    delete env.ELBOLAB_MODE;
    const port = await freePort();
    lab = spawn(process.execPath, [join(ROOT, "scripts", "lab.mjs"), "--no-browser", `--port=${port}`, "--ServerApp.port_retries=0"], {
      cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm run lab printed no URL within 120 s:\n${labLog}`)), 120_000);
      const onData = (d: Buffer) => {
        labLog += d;
        const m = labLog.match(/elbolab: JupyterLab is running at (\S+)/);
        if (m) { clearTimeout(timer); done(m[1]); }
      };
      lab.stdout!.on("data", onData);
      lab.stderr!.on("data", (d: Buffer) => { labLog += d; });
      lab.on("exit", (code) => { clearTimeout(timer); fail(new Error(`npm run lab exited (${code}):\n${labLog}`)); });
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (lab && lab.exitCode === null) {
      const exited = new Promise((done) => lab.once("exit", done));
      lab.kill("SIGTERM");
      await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
      if (lab.exitCode === null) lab.kill("SIGKILL");
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  test("run all cells: chart live, table, progress bar, no error; results in results/interactive", async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/lab\?token=\w+$/);
    const page: Page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(url.replace("/lab?", `/lab/tree/${NOTEBOOK}.ipynb?`));
    /** Waits for `condition` in the page; on a timeout says what the page showed, with a screenshot. */
    const waitFor = async (what: string, condition: () => boolean, timeout: number) => {
      try {
        await page.waitForFunction(condition, null, { timeout, polling: 500 });
      } catch (e) {
        await page.screenshot({ path: join(SHOTS_DIR, "jupyterlab-failure.png") }).catch(() => undefined);
        const state = await page.evaluate(() => ({
          prompts: Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt")).map((p) => p.textContent),
          status: document.querySelector("#jp-main-statusbar")?.textContent,
          dialogs: Array.from(document.querySelectorAll(".jp-Dialog")).map((d) => d.textContent?.slice(0, 300)),
        })).catch(() => null);
        throw new Error(`${what}: ${(e as Error).message.split("\n")[0]}\npage: ${JSON.stringify(state)}\n` +
          `lab log (last lines):\n${labLog.split("\n").slice(-15).join("\n")}`);
      }
    };
    // The status bar's kernel item reads "TypeScript | Idle" (the toolbar indicator is not updated headless).
    const kernelIdle = () => /TypeScript \| Idle/.test(document.querySelector("#jp-main-statusbar")?.textContent ?? "");
    await waitFor("notebook open, kernel idle", kernelIdle, 180_000);
    await page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    // Done when every code cell shows an execution count and the kernel is idle again.
    await waitFor("all cells run", () => {
      const prompts = Array.from(document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputArea-prompt"));
      return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? ""))
        && /TypeScript \| Idle/.test(document.querySelector("#jp-main-statusbar")?.textContent ?? "");
    }, 240_000);

    const seen = await page.evaluate(() => {
      const outputs = Array.from(document.querySelectorAll(".jp-Notebook .jp-OutputArea-output"));
      return {
        cells: document.querySelectorAll(".jp-Notebook .jp-CodeCell").length,
        errors: outputs.filter((o) => o.getAttribute("data-mime-type") === "application/vnd.jupyter.error"
          || /\b(Error|Exception)\b/.test(o.getAttribute("data-mime-type") === "application/vnd.jupyter.stderr" ? o.textContent ?? "" : ""))
          .map((o) => (o.textContent ?? "").slice(0, 300)),
        liveCharts: document.querySelectorAll(".jp-Notebook .vega-embed canvas, .jp-Notebook .vega-embed svg.marks").length,
        tables: document.querySelectorAll(".jp-Notebook .jp-OutputArea-output table").length,
        progress: Array.from(document.querySelectorAll(".jp-Notebook .jp-OutputArea-output progress"))
          .map((p) => ({ value: Number(p.getAttribute("value")), max: Number(p.getAttribute("max")) })),
        text: outputs.map((o) => o.textContent ?? "").join("\n"),
      };
    });
    assert.deepEqual(seen.errors, [], "error output in the notebook");
    assert.ok(seen.liveCharts >= 1, "no live vega-embed view (canvas or SVG) in the notebook");
    assert.ok(seen.tables >= 1, "no HTML table in the notebook");
    assert.ok(seen.progress.length >= 1, "no progress bar");
    for (const p of seen.progress) assert.ok(p.max > 0 && p.value === p.max, `progress bar not final: ${JSON.stringify(p)}`);
    assert.match(seen.text, /results → results\/interactive\/00-environment\.json/);

    const chart = page.locator(".jp-Notebook .vega-embed").first();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, `chart not visible: ${JSON.stringify(box)}`);
    await page.screenshot({ path: join(SHOTS_DIR, "jupyterlab-00-chart.png") });
    // the live chart's control: vega-embed draws the slider and redraws the view, no kernel round trip
    const moved = await moveFirstSlider(page, ".jp-Notebook");
    assert.notEqual(moved.after, moved.before, `moving the slider '${moved.label}' (${moved.from} → ${moved.to}) did not change the chart`);
    await page.screenshot({ path: join(SHOTS_DIR, "jupyterlab-00-slider-moved.png") });
    await page.locator(".jp-Notebook .jp-OutputArea-output progress").last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS_DIR, "jupyterlab-00-end.png") });

    // Where the interactive run recorded, and that reproduce's file did not move.
    assert.ok(existsSync(INTERACTIVE_RESULTS), `${INTERACTIVE_RESULTS} missing`);
    assert.ok(statSync(INTERACTIVE_RESULTS).mtime >= started, "results/interactive/ not written by this run");
    const recorded = JSON.parse(readFileSync(INTERACTIVE_RESULTS, "utf8"));
    assert.ok(recorded.checks.length > 0 && recorded.checks.every((c: { passed: boolean }) => c.passed), "a check failed");
    const after00 = existsSync(REPRODUCE_RESULTS) ? readFileSync(REPRODUCE_RESULTS, "utf8") : null;
    assert.equal(after00, before00, "the interactive run changed results/00-environment.json");
    assert.equal(readFileSync(NOTEBOOK_FILE, "utf8"), committedNotebook, "the run wrote into notebooks/ (autosave)");
    await page.close();
  });
});
