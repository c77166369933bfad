/**
 * A long table folded away: `showFoldedTable(input, { summary })` shows the table (records or a
 * DataFrame) inside an HTML `<details>` element, closed, under a one-line `<summary>`; the text/plain
 * twin is the summary line followed by the whole table. For tables whose every row is worth keeping
 * (and saving with `saveTable`) but not worth reading top to bottom.
 *
 * Errors: a `summary` that is not a non-empty string (ArgumentError naming it and the function), and
 * those of `renderTable`.
 */
import { ArgumentError } from "../errors";
import { displayBundle, escapeHtml } from "./display";
import { renderTable, type TableInput, type TableOptions } from "./table";

/** The HTML (`<details>`) and plain-text renderings of a folded table. */
export function renderFoldedTable(input: TableInput, options: TableOptions & { summary: string }): { html: string; text: string } {
  if (typeof options?.summary !== "string" || options.summary.trim() === "") {
    throw new ArgumentError("options.summary", "renderFoldedTable", "must be a non-empty string (the line shown while folded)");
  }
  const { html, text } = renderTable(input, options);
  return {
    html: `<details class="elbolab-folded"><summary>${escapeHtml(options.summary)}</summary>${html}</details>`,
    text: `${options.summary}\n${text}`,
  };
}

/** Displays a folded table (see the module comment). */
export function showFoldedTable(input: TableInput, options: TableOptions & { summary: string }): void {
  const { html, text } = renderFoldedTable(input, options);
  displayBundle({ "text/html": html, "text/plain": text });
}
