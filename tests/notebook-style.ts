/**
 * What a notebook must look like to a reader (issue 10): cells of at most 30 lines and 100 characters a line,
 * and, once executed, no stderr stream output and no cell output whose text/plain (or stdout text, where
 * tslab prints a cell's last value) is a bare number (a stray echo of a cell ending in an expression). Used by tests/unit/notebook-cells.test.ts (the committed sources)
 * and tests/notebooks/notebooks.test.ts (the executed copies in output/test/).
 */

export const MAX_CELL_LINES = 30;
export const MAX_LINE_LENGTH = 100;

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }
export interface NotebookJson { cells: Cell[] }

const joined = (s: string | string[] | unknown) => (Array.isArray(s) ? s.join("") : String(s ?? ""));

/** Cells over MAX_CELL_LINES lines or with lines over MAX_LINE_LENGTH characters (code points). */
export function cellSizeProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    const lines = joined(cell.source).replace(/\n$/, "").split("\n");
    if (lines.length > MAX_CELL_LINES) problems.push(`cell ${i} (${cell.cell_type}): ${lines.length} lines > ${MAX_CELL_LINES}`);
    lines.forEach((line, j) => {
      const n = [...line].length;
      if (n > MAX_LINE_LENGTH) problems.push(`cell ${i} (${cell.cell_type}) line ${j + 1}: ${n} characters > ${MAX_LINE_LENGTH}`);
    });
  });
  return problems;
}

export const MEDIAN_CELL_LINES = 15;

/** Lines of each code cell (a trailing newline is not a line). */
export function codeCellLines(nb: NotebookJson): number[] {
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => joined(c.source).replace(/\n$/, "").split("\n").length);
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median: values is empty");
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const BARE_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?n?\s*$|^\s*[-+]?(Infinity|NaN)\s*$/i;

/** stderr streams and outputs whose text/plain is a bare number, in an executed notebook. */
export function outputProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "stream" && o.name === "stderr") {
        problems.push(`cell ${i}: stderr output ${JSON.stringify(joined(o.text).slice(0, 120))}`);
      }
      const plain = o.output_type === "stream" && o.name === "stdout" ? o.text : o.data?.["text/plain"];
      if (plain !== undefined && BARE_NUMBER.test(joined(plain))) {
        problems.push(`cell ${i}: output is a bare number ${joined(plain).trim()} (a stray echo?)`);
      }
    }
  });
  return problems;
}

/** True where a vega-lite spec (any nesting) holds a parameter with `bind`: a control in the live chart. */
function hasBoundParam(spec: unknown): boolean {
  if (spec === null || typeof spec !== "object") return false;
  const s = spec as Record<string, unknown>;
  if (Array.isArray(s.params) && s.params.some((p) => p !== null && typeof p === "object" && "bind" in p)) return true;
  return Object.values(s).some((v) => (Array.isArray(v) ? v.some(hasBoundParam) : typeof v === "object" && hasBoundParam(v)));
}

interface GradedCell extends Cell { metadata?: { nbgrader?: { grade?: boolean; points?: number } } }

/**
 * What issue 19 asks of every lecture notebook (01–06), in an executed copy: at least one chart output whose
 * vega-lite spec has a bound control, a "## Try it" section, and 2–3 graded test cells (nbgrader `grade: true`
 * with points > 0), each ending its notebook's exercises.
 */
export function practiseProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  const specs = nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => o.data?.["application/vnd.vegalite.v5+json"]).filter((s) => s !== undefined));
  if (!specs.some(hasBoundParam)) problems.push(`no chart with a bound control (${specs.length} vega-lite outputs, none with params[].bind)`);
  if (!nb.cells.some((c) => c.cell_type === "markdown" && /^## Try it\b/m.test(joined(c.source)))) problems.push("no \"## Try it\" section");
  const graded = (nb.cells as GradedCell[]).filter((c) => c.cell_type === "code" && c.metadata?.nbgrader?.grade === true && (c.metadata.nbgrader.points ?? 0) > 0);
  if (graded.length < 2 || graded.length > 3) problems.push(`${graded.length} graded exercises (2–3 expected)`);
  return problems;
}
