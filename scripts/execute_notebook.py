"""Executes one notebook headless through the tslab kernel with nbclient and saves it.

    python3 scripts/execute_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS] [--html OUT.html]
                                        [--report REPORT.json]

Whatever happens (a cell error, a cell timeout, a kernel that dies or never starts, SIGTERM), it
saves the notebook executed so far and, with --html, its HTML rendering; a failure is also written
into the failing cell as an error output, so both show it. It then prints one paragraph saying
which cell failed and why (tslab reports a failed cell as a reply with status 'error' and puts the
message on stderr, not in an iopub 'error' message, so the cell's stderr is the message), writes
{ "ok", "cell", "error" } to --report, and exits 1; never a raw traceback. The kernel is shut
down on every path (nbclient's cleanup, also on SIGTERM). Environment: JUPYTER_PATH must include
the project's kernel (.jupyter/share/jupyter), which the Node callers set.
"""
import argparse
import asyncio
import json
import signal
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from export_html import export_html  # beside this script: offline math and charts


class Client(NotebookClient):
    """nbclient's client, remembering the cell in progress, the kernel's exit code and whether the
    kernel was stopped while a cell ran (nbclient's SIGINT/SIGTERM handler does that)."""

    cell_index = None
    in_cell = False
    kernel_exit = None
    interrupted = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        def started(cell, cell_index):
            self.cell_index, self.in_cell = cell_index, True

        def executed(cell, cell_index, execute_reply):
            self.in_cell = False

        self.on_cell_start = started
        self.on_cell_executed = executed

    _cleanup_task = None

    async def _async_cleanup_kernel(self):
        # nbclient's signal handler and its own `finally` may both call this, concurrently: run it once
        if self._cleanup_task is None:
            self._cleanup_task = asyncio.ensure_future(self._cleanup_once())
        await self._cleanup_task

    async def _cleanup_once(self):
        if self.km is None:
            return
        try:
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            if process is not None:
                self.kernel_exit = process.poll()
                # alive while a cell runs: this cleanup is nbclient's answer to SIGINT / SIGTERM
                self.interrupted = self.in_cell and self.kernel_exit is None
        except Exception:  # noqa: BLE001 - the exit code is only a detail of the message
            pass
        await NotebookClient._async_cleanup_kernel(self)


def stderr_of(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts).strip()


def first_line(err):
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def describe_failure(err, client, timeout):
    """(message, add_error_output): one paragraph on why the run stopped."""
    if isinstance(err, CellTimeoutError):
        return f"the cell did not finish within {timeout} s (--timeout); the kernel was stopped", True
    if client.interrupted:
        return "interrupted (SIGINT or SIGTERM) while running this cell; the kernel was stopped", True
    if isinstance(err, DeadKernelError):
        code = client.kernel_exit
        how = f" with exit code {code}" if isinstance(code, int) and code >= 0 else (
            f" killed by signal {-code}" if isinstance(code, int) else "")
        return (f"the kernel died{how} while running this cell (process.exit, an out-of-memory kill or a "
                f"crash of native code); the cells after it did not run"), True
    if isinstance(err, CellExecutionError):
        return None, False  # the cell's own stderr is the message and is already in its outputs
    if isinstance(err, (KeyboardInterrupt, SystemExit)):
        return "interrupted (SIGINT or SIGTERM); the kernel was stopped", True
    return f"{type(err).__name__}: {first_line(err)}", True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--html")
    ap.add_argument("--report")
    args = ap.parse_args()

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)

    nb = nbformat.read(args.input, as_version=4)
    # startup_timeout: nbclient's default of 60 s was too short for the first kernel of a fresh clone on a loaded
    # 2-core machine (load 7, 2026-12-03: "Kernel didn't respond in 60 seconds"); a kernel that never starts still fails
    client = Client(nb, kernel_name="tslab", timeout=args.timeout, startup_timeout=180, record_timing=True)
    failed = None
    try:
        client.execute()
    except BaseException as err:  # noqa: BLE001 - every failure is reported, none as a traceback
        failed = err

    problems = []
    cell = nb.cells[client.cell_index] if failed is not None and client.cell_index is not None else None
    message = None
    if failed is not None:
        message, add_output = describe_failure(failed, client, args.timeout)
        if message is not None and add_output and cell is not None and cell.cell_type == "code":
            cell.setdefault("outputs", []).append(nbformat.v4.new_output(
                "error", ename=type(failed).__name__, evalue=message, traceback=[f"{type(failed).__name__}: {message}"]))
        if message is None:
            message = (stderr_of(cell) if cell is not None else "") or first_line(failed)
    try:
        nbformat.write(nb, args.output)
    except Exception as err:  # noqa: BLE001
        problems.append(f"could not write {args.output}: {first_line(err)}")
    if args.html:
        try:
            export_html(nb, args.html)
        except Exception as err:  # noqa: BLE001
            problems.append(f"could not write the HTML {args.html}: {type(err).__name__}: {first_line(err)}")

    lines = []
    if failed is not None:
        where = f"cell {client.cell_index} failed" if client.cell_index is not None else "the run failed before any cell ran"
        lines.append(where)
        if cell is not None:
            source = cell.source.strip().splitlines()
            lines.append("  source: " + " | ".join(source[:4]) + (" | ..." if len(source) > 4 else ""))
        lines.append("  error: " + message.replace("\n", "\n         "))
    lines.extend(problems)
    report = {"ok": not lines, "cell": client.cell_index if failed is not None else None, "error": "\n".join(lines)}
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f)
    if lines:
        print(report["error"], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
