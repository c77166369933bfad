/**
 * Issue 20: the exported HTML of a notebook that renders `<img src=x onerror=alert(1)>` as a value (a data-set
 * label) contains no event-handler attribute. tests/fixtures/html-injection.ipynb runs through the real
 * kernel and the project's HTML export; the HTML is parsed (Python's html.parser), not grepped.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeNotebook, ROOT } from "../../scripts/notebook-runner";
import { assertInertHtml } from "../html-inspect";

describe("HTML export of a notebook that displays HTML as a value", () => {
  test("no event handler, no script URL, no foreign script; the label reads as its characters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "elbolab-injection-"));
    try {
      const o = await executeNotebook(join(ROOT, "tests", "fixtures", "html-injection.ipynb"),
        { mode: "quick", outDir: dir, resultsDir: dir, html: true, timeoutSeconds: 120 });
      assert.ok(o.ok, o.error);
      assert.ok(o.htmlPath);
      const { text } = assertInertHtml(o.htmlPath);
      const label = "<img src=x onerror=alert(1)>";
      assert.ok(text.includes(`The data set is called ${label}; its file is [x](javascript:alert(2)).`), "the Markdown value");
      assert.ok(text.split(label).length - 1 >= 4, "Markdown, the table's cell and caption, the grid's caption, the verdict");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
