/**
 * Shared setup of the browser tests: Debian's Chromium driven by playwright-core (no browser
 * download). Chromium is $ELBOLAB_CHROMIUM or /usr/bin/chromium; without it the tests skip with one
 * line saying so, unless ELBOLAB_REQUIRE_BROWSER=1 (CI), which makes a missing Chromium a failure.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const ROOT = resolve(__dirname, "..", "..");
export const SHOTS_DIR = join(ROOT, "output", "browser");

export const CHROMIUM = process.env.ELBOLAB_CHROMIUM || "/usr/bin/chromium";

/** undefined when Chromium is there, else the reason to skip (printed once by node:test as SKIP). */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set ELBOLAB_CHROMIUM)`;
  if (process.env.ELBOLAB_REQUIRE_BROWSER === "1") throw new Error(`${reason}; ELBOLAB_REQUIRE_BROWSER=1 requires it`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run",
    ],
  });
}

export interface SliderMove {
  /** The slider's label (vega-embed's bind name), its value before and after. */
  label: string;
  from: string;
  to: string;
  /** The chart's rendering before and after (canvas pixels as a data URL, or the SVG's markup). */
  before: string;
  after: string;
}

/**
 * Moves the first vega-embed slider (a vega-lite param bound to `input: "range"`) inside `scope` to its other
 * end, as a user dragging it would (value set, then `input` and `change` events), and returns the chart's
 * rendering before and after, so a test can see the view change with no kernel round trip.
 */
export async function moveFirstSlider(page: Page, scope: string): Promise<SliderMove> {
  const slider = page.locator(`${scope} .vega-embed .vega-bindings input[type=range]`).first();
  await slider.scrollIntoViewIfNeeded();
  const snapshot = () => slider.evaluate((input) => {
    const embed = input.closest(".vega-embed")!;
    const canvas = embed.querySelector("canvas");
    return canvas ? canvas.toDataURL() : (embed.querySelector("svg")?.outerHTML ?? "");
  });
  const before = await snapshot();
  const { label, from, to } = await slider.evaluate((el) => {
    const input = el as HTMLInputElement;
    const from = input.value;
    input.value = Number(from) === Number(input.min) ? input.max : input.min;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const label = input.closest(".vega-bind")?.querySelector(".vega-bind-name")?.textContent ?? "";
    return { label, from, to: input.value };
  });
  await page.waitForTimeout(1000); // vega re-renders on the next animation frames
  return { label, from, to, before, after: await snapshot() };
}
