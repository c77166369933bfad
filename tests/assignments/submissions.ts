/**
 * Submissions built from an instructor's notebook (nbgrader markup for tslab), for the grading tests:
 * every solution region (`// BEGIN SOLUTION` … `// END SOLUTION`) filled with the instructor's solution,
 * except the solution cells named in `wrong`, whose region holds the plausible wrong answer that the cell
 * carries in `metadata.elbolab.wrong_answer`. The delimiters are dropped, as in a student's filled-in copy.
 */
import { readFileSync } from "node:fs";

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata: { nbgrader?: { grade?: boolean; solution?: boolean; grade_id?: string; points?: number }; elbolab?: { wrong_answer?: string } };
  outputs?: unknown[];
}
export interface Notebook { cells: NotebookCell[]; metadata: Record<string, unknown> }

export const readNotebook = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8"));
export const sourceOf = (cell: NotebookCell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** Solution cells (nbgrader `solution: true`) and graded test cells (`grade: true`, code) of a notebook. */
export function gradedCells(nb: Notebook): { solutions: NotebookCell[]; tests: NotebookCell[] } {
  return {
    solutions: nb.cells.filter((c) => c.metadata.nbgrader?.solution),
    tests: nb.cells.filter((c) => c.metadata.nbgrader?.grade && c.cell_type === "code"),
  };
}

/** The instructor's notebook as a filled-in submission, with wrong answers in the solution cells `wrong`. */
export function submission(nb: Notebook, wrong: string[] = []): Notebook {
  const copy: Notebook = structuredClone(nb);
  for (const cell of copy.cells) {
    const id = cell.metadata.nbgrader?.grade_id;
    if (!cell.metadata.nbgrader?.solution || id === undefined) continue;
    const replace = wrong.includes(id);
    const answer = cell.metadata.elbolab?.wrong_answer;
    if (replace && answer === undefined) throw new Error(`solution cell ${id} has no metadata.elbolab.wrong_answer`);
    const out: string[] = [];
    let inside = false;
    for (const line of sourceOf(cell).split("\n")) {
      if (line.includes("BEGIN SOLUTION")) {
        inside = true;
        if (replace) out.push(...answer!.split("\n").map((l) => line.match(/^\s*/)![0] + l));
      } else if (line.includes("END SOLUTION")) {
        inside = false;
      } else if (!inside || !replace) {
        out.push(line);
      }
    }
    cell.source = out.join("\n");
    delete cell.metadata.elbolab;
  }
  return copy;
}
