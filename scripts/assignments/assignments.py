"""`npm run assignments`: student releases of the notebooks and autograding, with nbgrader on tslab.

    python scripts/assignments/assignments.py release [NOTEBOOK ...] --course DIR --notebooks DIR
    python scripts/assignments/assignments.py autograde FILE.ipynb ... --student ID --course DIR --notebooks DIR

One nbgrader assignment per notebook, named after it (`03-elbo-neural`). `release` copies each notebook of
notebooks/ that has graded cells into DIR/source/<name>/, runs nbgrader's generate_assignment (solutions and
hidden tests stripped, checksums recorded in DIR/gradebook.db) and prints where the release is.
`autograde` files each given notebook as the submission of --student for the assignment its file name names,
releases that assignment first when the gradebook lacks it, runs nbgrader's autograde (in quick mode, results
to DIR/results/<student>/) and generate_feedback, prints one score line per notebook and writes
DIR/scores/<student>.json: { <assignment>: { score, max_score, cells: { <grade_id>: { score, max_score } } } }.
Exit status 1 when nbgrader fails (its log is printed), 2 on a usage error. See tslab_grading.py for what
differs from nbgrader's Python defaults.
"""
import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tslab_grading import configure  # noqa: E402


def graded_cells(path):
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


def api_for(course):
    from nbgrader.apps import NbGraderAPI
    return NbGraderAPI(config=configure(Config(), str(course)))


def run(step, result):
    if not result.get("success"):
        sys.stderr.write(f"assignments: nbgrader {step} failed\n{result.get('log', '')}\n{result.get('error', '')}\n")
        sys.exit(1)


def release(api, course, notebooks_dir, names):
    chosen = names or sorted(p.stem for p in Path(notebooks_dir).glob("*.ipynb") if graded_cells(p))
    if not chosen:
        sys.stderr.write(f"assignments: no notebook in {notebooks_dir} has graded cells\n")
        sys.exit(2)
    for name in chosen:
        source = Path(notebooks_dir) / f"{name}.ipynb"
        if not source.is_file():
            sys.stderr.write(f"assignments: no notebook {source}\n")
            sys.exit(2)
        target = Path(course) / "source" / name
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / source.name)
        run(f"generate_assignment {name}", api.generate_assignment(name, force=True))
        cells = graded_cells(source)
        points = sum(float(c["metadata"]["nbgrader"].get("points", 0)) for c in cells)
        released = Path(course) / "release" / name / source.name
        print(f"{name}: released {released} ({len(cells)} graded cells, {points:g} points)")


def scores(course, assignment, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {
            "score": nb.score, "max_score": nb.max_score,
            "cells": {g.name: {"score": g.score, "max_score": g.max_score} for g in nb.grades},
        }


def autograde(api, course, notebooks_dir, files, student):
    from nbgrader.api import Gradebook, MissingEntry
    report = {}
    for file in files:
        path = Path(file)
        if not path.is_file() or path.suffix != ".ipynb":
            sys.stderr.write(f"assignments: {file} is not a notebook file\n")
            sys.exit(2)
        assignment = path.stem
        with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
            try:
                gb.find_assignment(assignment)
                known = True
            except MissingEntry:
                known = False
        if not known:
            release(api, course, notebooks_dir, [assignment])
        submitted = Path(course) / "submitted" / student / assignment
        shutil.rmtree(submitted, ignore_errors=True)
        submitted.mkdir(parents=True)
        shutil.copyfile(path, submitted / path.name)
        run(f"autograde {assignment} --student {student}", api.autograde(assignment, student, force=True))
        run(f"generate_feedback {assignment} --student {student}", api.generate_feedback(assignment, student, force=True))
        result = scores(course, assignment, student)
        report[assignment] = result
        feedback = Path(course) / "feedback" / student / assignment / f"{assignment}.html"
        cells = ", ".join(f"{k} {v['score']:g}/{v['max_score']:g}" for k, v in result["cells"].items())
        print(f"{assignment}: {result['score']:g} / {result['max_score']:g} points ({cells}); feedback {feedback}")
    out = Path(course) / "scores" / f"{student}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)


def main():
    parser = argparse.ArgumentParser(prog="npm run assignments --")
    parser.add_argument("command", choices=["release", "autograde"])
    parser.add_argument("items", nargs="*", help="release: notebook names; autograde: submitted .ipynb files")
    parser.add_argument("--student", default="student")
    parser.add_argument("--course", required=True)
    parser.add_argument("--notebooks", required=True)
    args = parser.parse_intermixed_args()
    course = Path(args.course).resolve()
    course.mkdir(parents=True, exist_ok=True)
    os.environ["ELBOLAB_MODE"] = "quick"
    # nbgrader runs `alembic` (its database migrations) from PATH: the one installed beside this Python
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    os.environ["ELBOLAB_RESULTS_DIR"] = str(course / "results" / args.student)
    api = api_for(course)
    if args.command == "release":
        release(api, course, args.notebooks, args.items)
    else:
        if not args.items:
            parser.error("autograde needs at least one submitted .ipynb file")
        autograde(api, course, args.notebooks, args.items, args.student)


if __name__ == "__main__":
    main()
