/**
 * A progress bar for long loops: one display, updated in place (at most every `intervalMs`), with
 * the count, the rate, the time left and an optional status (for example the current loss).
 *
 *   const bar = progress(epochs, "training");
 *   for (...) { ...; bar.tick(1, `loss ${loss.toFixed(3)}`); }
 *   bar.done();
 *
 * The bar shows the elapsed time itself: a final status that starts with a duration ("69.7 s, 2 loaded
 * from cache") has that duration dropped, so the time is not printed twice in two formats.
 */
import { assertInteger } from "../errors";
import { UpdatableDisplay, escapeHtml } from "./display";

export interface ProgressBar {
  tick(steps?: number, status?: string): void;
  done(status?: string): void;
}

/** A leading duration such as "69.7 s" or "69.7 s, " (the bar already shows the elapsed time). */
const LEADING_DURATION = /^\s*\d+(\.\d+)?\s*s\b[,;·\s]*/;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function progress(total: number, label: string, intervalMs = 250): ProgressBar {
  assertInteger(total, "total", "progress", 1);
  const display = new UpdatableDisplay();
  const start = Date.now();
  let count = 0;
  let last = 0;
  let status = "";

  const render = (final: boolean) => {
    const elapsed = (Date.now() - start) / 1000;
    const fraction = Math.min(count / total, 1);
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = count / Math.max(elapsed, 1e-9);
    const eta = final ? 0 : (total - count) / rate;
    const text =
      `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${count}/${total} ` +
      `${formatSeconds(elapsed)} elapsed${final ? "" : `, ${formatSeconds(eta)} left`}${status ? `  ${status}` : ""}`;
    const html =
      `<div style="font-family:monospace">${escapeHtml(label)} ` +
      `<progress value="${count}" max="${total}" style="width:20em"></progress> ${count}/${total} · ` +
      `${formatSeconds(elapsed)}${final ? "" : ` · ${formatSeconds(eta)} left`}${status ? ` · ${escapeHtml(status)}` : ""}</div>`;
    display.show({ "text/plain": text, "text/html": html }, final);
  };

  return {
    tick(steps = 1, newStatus?: string) {
      count += steps;
      if (newStatus !== undefined) status = newStatus;
      const now = Date.now();
      if (now - last >= intervalMs || count >= total) {
        last = now;
        render(false);
      }
    },
    done(finalStatus?: string) {
      if (finalStatus !== undefined) status = finalStatus.replace(LEADING_DURATION, "");
      render(true);
    },
  };
}
