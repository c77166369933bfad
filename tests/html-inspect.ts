/**
 * For tests of the HTML export: parse a page (Python's html.parser, tests/fixtures/inspect_html.py) and assert
 * that it runs nothing but the template's own scripts.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

/** The elements (with attributes and script text) and the visible text of an HTML file, parsed by Python. */
function inspectHtml(path: string): { elements: { tag: string; attrs: [string, string][]; text: string }[]; text: string } {
  const r = spawnSync(jupyterPython(), [join(ROOT, "tests", "fixtures", "inspect_html.py"), path], { encoding: "utf8", timeout: 60_000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** The Python of the project's Jupyter (.venv), as setup-kernel.mjs recorded it. */
export function jupyterPython(): string {
  return JSON.parse(readFileSync(join(ROOT, ".jupyter", "elbolab-jupyter.json"), "utf8")).python;
}

/**
 * Asserts that the page runs nothing but the template's own scripts (MathJax's settings and file, the three
 * vega files, the chart loader, JSON chart specs): no on* attribute, no javascript: URL, no iframe or object.
 */
export function assertInertHtml(path: string): { text: string } {
  const page = inspectHtml(path);
  for (const e of page.elements) {
    for (const [name, value] of e.attrs) {
      assert.ok(!/^on/i.test(name), `<${e.tag}> has an event handler ${name}="${value}"`);
      assert.ok(!/^\s*(javascript|vbscript):/i.test(value.replace(/[\x00-\x20]/g, "")), `<${e.tag} ${name}> is a script URL`);
      assert.notEqual(name.toLowerCase(), "srcdoc");
    }
    assert.ok(!["iframe", "frame", "object", "embed", "applet", "base", "form"].includes(e.tag), `a <${e.tag}> element`);
  }
  const scripts = page.elements.filter((e) => e.tag === "script");
  for (const s of scripts) {
    const attrs = Object.fromEntries(s.attrs);
    const own = (attrs.src !== undefined && /^assets\/(mathjax\/tex-svg-full|vega\/vega(-lite|-embed)?(\.min)?)\.js$/.test(attrs.src)) ||
      (attrs.type === "application/json" && attrs.class === "elbolab-vegalite") ||
      /^\s*window\.MathJax = \{/.test(s.text) || /querySelectorAll\("\.elbolab-chart"\)/.test(s.text) ||
      (attrs.type === "text/x-mathjax-config");
    assert.ok(own, `a script the template did not write: ${JSON.stringify(s).slice(0, 300)}`);
  }
  return { text: page.text };
}

