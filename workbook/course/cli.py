"""Course sub-commands: ``workbook build`` (solutions) and ``workbook progress``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="execute every notebook in solution mode into solutions/",
                       description="Execute every course notebook in solution mode (papermill) into "
                                   "solutions/, with the same relative paths. Building twice gives "
                                   "byte-identical files.")
    p.add_argument("notebooks", nargs="*", type=Path,
                   help="only these notebooks (paths relative to notebooks/); default: all")
    p.add_argument("--check", action="store_true",
                   help="build in memory and compare; name every stale notebook and exit 1")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="notebooks executed at once (default 1)")
    p.add_argument("--timeout", type=int, default=None, metavar="SECONDS",
                   help="per-cell timeout (default 180)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_build)

    p = sub.add_parser("progress", help="completion per module and objective; export to Excel",
                       description="Show the participant's progress (from WORKBOOK_HOME) per module "
                                   "and objective, or export the answers to an Excel file to hand in.")
    p.add_argument("--export", type=Path, metavar="FILE.xlsx", help="write the answers to this new Excel file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_progress)


def _build(args) -> int:
    from workbook.course.build import CELL_TIMEOUT, build
    from workbook.errors import InputError, Problem
    from workbook.paths import notebooks_dir

    if args.jobs < 1:
        raise InputError([Problem("--jobs must be at least 1", value=args.jobs)], title="Invalid option")
    root = notebooks_dir()
    selected = None
    if args.notebooks:
        selected = []
        for nb in args.notebooks:
            rel = nb.resolve().relative_to(root) if nb.is_absolute() or nb.resolve().is_relative_to(root) else nb
            rel = Path(str(rel).removeprefix("notebooks/"))
            if not (root / rel).is_file():
                raise InputError([Problem("no such notebook in notebooks/", value=str(nb))],
                                 title="Cannot build")
            selected.append(rel)
    outcomes = build(selected, check=args.check, jobs=args.jobs, progress=not args.quiet,
                     timeout=args.timeout or CELL_TIMEOUT)
    bad = [o for o in outcomes if o.status in ("failed", "stale", "missing", "orphan")]
    for o in outcomes:
        if o.status in ("written", "removed") or o in bad:
            line = f"{o.status:>9}  {o.notebook}" + (f": {o.message}" if o.message else "")
            print(line, file=sys.stderr if o in bad else sys.stdout)
    if args.check:
        if bad:
            print(f"{len(bad)} solution notebook(s) out of date: run `make solutions` "
                  "(workbook build) and commit solutions/.", file=sys.stderr)
            return 1
        print(f"solutions/ is up to date ({len(outcomes)} notebooks).")
        return 0
    if any(o.status == "failed" for o in outcomes):
        return 1
    print(f"solutions/: {sum(o.status == 'written' for o in outcomes)} written, "
          f"{sum(o.status == 'unchanged' for o in outcomes)} unchanged.")
    return 0


def _progress(args) -> int:
    from workbook.course.progress import ProgressStore
    from workbook.course.progress_report import as_json, completion, export_excel, format_text
    from workbook.curriculum import load_curriculum
    from workbook.exercises import load_bank
    from workbook.paths import workbook_home

    store = ProgressStore(workbook_home())
    doc = store.read()
    if store.warning:
        print(f"warning: {store.warning}", file=sys.stderr)
    curriculum, bank = load_curriculum(), load_bank()
    rows = completion(curriculum, bank, doc["answers"])
    if args.export:
        out = export_excel(args.export, curriculum, bank, doc)
        print(f"answers written to {out}")
        return 0
    print(as_json(curriculum, rows) if args.json else format_text(curriculum, rows), end="" if not args.json else "\n")
    return 0
