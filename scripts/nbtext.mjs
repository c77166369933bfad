#!/usr/bin/env node
// Converts between .ipynb and a plain-text "percent" form for writing and reviewing notebooks:
//
//   // %% [markdown]          a Markdown cell; its lines are written as "// text"
//   // %%                     a code cell (TypeScript, run by tslab)
//   // %% {"nbgrader": {...}}  either marker may end in the cell's metadata as one line of JSON (nbgrader's
//                             grade ids and points, see README "Assignments"); cells without metadata have none
//
//   node scripts/nbtext.mjs to-ipynb notebooks/03-elbo.txt notebooks/03-elbo.ipynb
//   node scripts/nbtext.mjs to-text  notebooks/03-elbo.ipynb > /tmp/03.txt
//
// The .ipynb is what is committed (without outputs); the text form is a working copy.
import { readFileSync, writeFileSync } from "node:fs";

const [cmd, input, output] = process.argv.slice(2);
const splitLines = (text) => text.split("\n").map((l, i, a) => (i < a.length - 1 ? l + "\n" : l)).filter((l) => l !== "");

function toIpynb(text) {
  const cells = [];
  let cur = null;
  for (const line of text.split("\n")) {
    const m = line.match(/^\/\/ %%( \[markdown\])?(?:\s+(\{.*\}))?\s*$/);
    if (m) {
      let metadata = {};
      if (m[2]) {
        try {
          metadata = JSON.parse(m[2]);
        } catch (e) {
          throw new Error(`nbtext: the cell marker's metadata is not JSON: ${line} (${e.message})`);
        }
      }
      cur = { type: m[1] ? "markdown" : "code", lines: [], metadata };
      cells.push(cur);
    } else if (cur) {
      cur.lines.push(cur.type === "markdown" ? line.replace(/^\/\/ ?/, "") : line);
    }
  }
  return {
    cells: cells.map((c) => {
      while (c.lines.length && c.lines[c.lines.length - 1].trim() === "") c.lines.pop();
      const source = splitLines(c.lines.join("\n"));
      return c.type === "markdown"
        ? { cell_type: "markdown", metadata: c.metadata, source }
        : { cell_type: "code", execution_count: null, metadata: c.metadata, outputs: [], source };
    }),
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      language_info: { codemirror_mode: { mode: "typescript", name: "javascript", typescript: true }, file_extension: ".ts", mimetype: "text/typescript", name: "typescript", version: "5.0.4" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function toText(nb) {
  return nb.cells
    .map((c) => {
      const src = Array.isArray(c.source) ? c.source.join("") : c.source;
      const meta = c.metadata && Object.keys(c.metadata).length > 0 ? " " + JSON.stringify(c.metadata) : "";
      return c.cell_type === "markdown"
        ? `// %% [markdown]${meta}\n` + src.split("\n").map((l) => (l ? "// " + l : "//")).join("\n")
        : `// %%${meta}\n` + src;
    })
    .join("\n\n") + "\n";
}

if (cmd === "to-ipynb" && input && output) {
  const nb = toIpynb(readFileSync(input, "utf8"));
  nb.cells.forEach((c, i) => (c.id = `cell-${String(i).padStart(2, "0")}`));
  writeFileSync(output, JSON.stringify(nb, null, 1) + "\n");
} else if (cmd === "to-text" && input) {
  process.stdout.write(toText(JSON.parse(readFileSync(input, "utf8"))));
} else {
  console.error("usage: nbtext.mjs to-ipynb IN.txt OUT.ipynb | to-text IN.ipynb");
  process.exit(2);
}
