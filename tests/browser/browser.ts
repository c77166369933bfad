/**
 * Shared setup of the browser tests: Debian's Chromium driven by playwright-core (no browser
 * download). Chromium is $ELBOLAB_CHROMIUM or /usr/bin/chromium; without it the tests skip with one
 * line saying so, unless ELBOLAB_REQUIRE_BROWSER=1 (CI), which makes a missing Chromium a failure.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";

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
