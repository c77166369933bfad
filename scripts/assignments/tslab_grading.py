"""nbgrader configured for the tslab (TypeScript) kernel.

nbgrader's defaults are Python's. For TypeScript notebooks on tslab this module changes four things:

- Solution regions are marked `// BEGIN SOLUTION` / `// END SOLUTION` (nbgrader matches the text after the
  comment mark, so `//` works once the delimiters name no `#`); the stub that replaces them in the student
  release is `// YOUR CODE HERE` + `throw new Error("not implemented")`, keyed by the notebook's kernelspec
  language "typescript" (ClearSolutions.code_stub).
- Hidden tests are marked `// BEGIN HIDDEN TESTS` / `// END HIDDEN TESTS` (the same delimiters as Python's
  `### BEGIN HIDDEN TESTS`, found inside a `//` comment).
- Execution (TslabExecute): tslab reports a failed cell only by its reply status, with the message on stderr
  and no iopub `error` message, and for 200 ms after a failure it answers every request with status "abort"
  and no output (measured: a cell that throws, then two cells that print, give replies error, abort, abort).
  nbgrader's grade rule (a test cell with no error output earns its points) would then give full marks to
  every test cell after a failed one. TslabExecute waits out the abort window after a failed cell, and records
  an explicit error output on any cell the kernel still aborted, so such a cell earns nothing.
- Cell timeout 600 s (nbgrader's 30 s default is shorter than a training cell in quick mode).
"""
import time

from nbformat.notebooknode import NotebookNode
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute

CODE_STUB = '// YOUR CODE HERE\nthrow new Error("not implemented");'
TSLAB_ABORT_WINDOW_SECONDS = 0.2


class TslabExecute(Execute):
    """nbgrader's Execute for tslab: waits out tslab's abort window after a failed cell and records an
    aborted cell as an error (see the module comment)."""

    _previous_failed = False

    def preprocess_cell(self, cell, resources, index):
        # (nbclient's execute_cell is bound to the base class's coroutine, so the wait goes here)
        if self._previous_failed and cell.cell_type == "code" and cell.source.strip():
            time.sleep(TSLAB_ABORT_WINDOW_SECONDS * 1.5)
            self._previous_failed = False
        return super().preprocess_cell(cell, resources, index)

    def on_cell_executed(self, **kwargs):
        cell, content = kwargs["cell"], kwargs["execute_reply"]["content"]
        status = content["status"]
        if status == "error" and "ename" not in content:
            # tslab's error reply carries only the status; the message is the cell's stderr
            stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr").strip()
            lines = stderr.splitlines() or ["the cell failed (tslab gave no message)"]
            message = next((l for l in lines if "Error" in l), lines[-1])
            name = message.split(":")[0].strip()
            content.update(ename=name if name.isidentifier() and name.endswith("Error") else "Error",
                           evalue=message, traceback=lines)
        super().on_cell_executed(**kwargs)
        self._previous_failed = status in ("error", "abort", "aborted")
        if status in ("abort", "aborted"):
            error = NotebookNode(output_type="error", ename="KernelAborted",
                                 evalue="tslab aborted this cell (it was sent while a failed cell's abort window was open)",
                                 traceback=["KernelAborted: tslab aborted this cell"])
            cell.outputs.append(error)


def configure(c, course_root):
    """Fills the traitlets Config `c` for a course directory at `course_root` (see the module comment)."""
    c.CourseDirectory.root = course_root
    c.CourseDirectory.course_id = "elbolab"
    c.ClearSolutions.code_stub = {"typescript": CODE_STUB}
    c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
    c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
    c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
    c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
    c.Execute.timeout = 600
    c.TslabExecute.timeout = 600
    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    c.Autograde.autograde_preprocessors = [TslabExecute if p is Execute else p for p in defaults]
    return c
