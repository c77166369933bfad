/**
 * A collapsible block: HTML `<details><summary>…</summary>…</details>` (folded until the reader opens it;
 * JupyterLab, VS Code and the offline HTML all render it), with a text/plain twin that shows the summary
 * line and then the content indented by two spaces (plain text cannot fold, so nothing is hidden there).
 */
import { ArgumentError } from "../errors";
import { escapeHtml } from "./display";

export function renderDetails(
  summary: string, content: { html: string; text: string }, options: { open?: boolean } = {},
): { html: string; text: string } {
  const fn = "renderDetails";
  if (typeof summary !== "string" || summary === "") throw new ArgumentError("summary", fn, "must be a non-empty string");
  if (typeof content?.html !== "string" || typeof content.text !== "string") {
    throw new ArgumentError("content", fn, "must be { html, text } strings");
  }
  return {
    html: `<details class="elbolab-details"${options.open ? " open" : ""}>` +
      `<summary>${escapeHtml(summary)}</summary>${content.html}</details>`,
    text: [`▸ ${summary}`, ...content.text.split("\n").map((l) => (l === "" ? "" : `  ${l}`))].join("\n"),
  };
}
