"""Executes one notebook headless through the tslab kernel with nbclient and saves it.

    python3 scripts/execute_notebook.py IN.ipynb OUT.ipynb [--timeout SECONDS] [--html OUT.html]

On a cell error it still saves the notebook executed so far, prints which cell failed with its
error and stderr output (tslab reports a failed cell as a reply with status 'error' and puts the
message on stderr, not in an iopub 'error' message), and exits 1. Environment: JUPYTER_PATH must
include the project's kernel (.jupyter/share/jupyter), which the Node callers set.
"""
import argparse
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def stderr_of(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--html")
    args = ap.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    client = NotebookClient(nb, kernel_name="tslab", timeout=args.timeout, record_timing=True)
    failed = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        failed = err
    finally:
        nbformat.write(nb, args.output)
    if args.html:
        from export_html import export_html  # beside this script: offline math and charts

        export_html(nb, args.html)
    if failed is not None:
        index, cell = next(
            ((i, c) for i, c in reversed(list(enumerate(nb.cells)))
             if c.cell_type == "code" and c.get("execution_count") is not None),
            (None, None),
        )
        print(f"cell {index} failed" if index is not None else "a cell failed", file=sys.stderr)
        if cell is not None:
            source = cell.source.strip().splitlines()
            print("  source: " + " | ".join(source[:4]) + (" | ..." if len(source) > 4 else ""), file=sys.stderr)
            message = stderr_of(cell) or str(failed).strip()
            print("  error: " + message.replace("\n", "\n         "), file=sys.stderr)
        else:
            print(str(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
