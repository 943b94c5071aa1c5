"""Course sub-commands: ``workbook build`` (solutions), ``workbook translations``, ``workbook progress``, ``workbook link``
(course links for a hub) and ``workbook cohort`` (the facilitator's view of a cohort)."""
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

    p = sub.add_parser("translations", help="check or update the translations (data/i18n) and notebooks/nl",
                       description="Every text a participant reads has a translation in each edition. "
                                   "'check' lists the texts without one (exit 1); 'update' adds them, "
                                   "untranslated, to their catalogue under data/i18n/<lang>/ for a translator; "
                                   "'editions' writes notebooks/<lang>/ from the English notebooks.")
    p.add_argument("action", nargs="?", choices=("check", "update", "editions"), default="check")
    p.add_argument("--lang", choices=("nl",), default="nl", help="the edition (default nl)")
    p.add_argument("--prune", action="store_true", help="with update: drop translations of texts the course no longer has")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_translations)

    p = sub.add_parser("progress", help="completion per module and objective; export to Excel",
                       description="Show the participant's progress (from WORKBOOK_HOME) per module "
                                   "and objective, or export the answers to an Excel file to hand in.")
    p.add_argument("--export", type=Path, metavar="FILE.xlsx", help="write the answers to this new Excel file")
    p.add_argument("--force", action="store_true",
                   help="replace an existing export file (never the progress file, an input, or a file the "
                        "workbook did not write in WORKBOOK_HOME)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_progress)

    p = sub.add_parser("link", help="the nbgitpuller link (and a Binder link) that brings participants in",
                       description="Print the nbgitpuller link that copies the course into a participant's "
                                   "home on a JupyterHub and opens a notebook, and a Binder link. The link "
                                   "always names the target folder, so it opens the right notebook.")
    p.add_argument("--hub", required=True, metavar="URL", help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", required=True, metavar="URL", help="the course repository (git URL or path on the hub)")
    p.add_argument("--branch", default="main", metavar="B", help="branch to copy (default main)")
    p.add_argument("--notebook", default="notebooks/00_start_here.ipynb", metavar="PATH",
                   help="notebook to open, inside the repository (default notebooks/00_start_here.ipynb)")
    p.add_argument("--targetpath", default=None, metavar="DIR",
                   help="folder in the participant's home (default: the repository's name without .git)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_link)

    p = sub.add_parser("cohort", help="the facilitator's view of a cohort: completion and first tries",
                       description="Completion per participant (numbered, never named), module and objective, "
                                   "and per exercise the share right at first try and the most common wrong "
                                   "answers (groups of fewer than 3 are not shown). SOURCE is a folder (every "
                                   "progress.json below it), a progress file or an exported answers file; or "
                                   "read a hub with --hub and --token. Nothing is ever written to a source.")
    p.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                   help="folders of participants' homes, progress.json files or exported .xlsx answer files")
    p.add_argument("--hub", metavar="URL", help="read every participant of this JupyterHub, through its cohort "
                                                "service (never through a participant's server)")
    p.add_argument("--token", metavar="T", help="an API token of a hub admin or facilitator (or JUPYTERHUB_API_TOKEN)")
    p.add_argument("--hub-service", default=None, metavar="NAME",
                   help="the hub's cohort service (default cohort: see deploy/hub/jupyterhub_config.py)")
    p.add_argument("--out", type=Path, metavar="cohort.xlsx", help="also write the view to this new Excel file")
    p.add_argument("--force", action="store_true",
                   help="replace an existing output file (never a source, a progress file, or a file the workbook "
                        "did not write in WORKBOOK_HOME)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cohort)


def _build(args) -> int:
    from workbook.course.build import CELL_TIMEOUT, build
    from workbook.errors import InputError, Problem
    from workbook.paths import notebooks_dir

    if args.jobs < 1:
        raise InputError([Problem("--jobs must be at least 1", value=args.jobs)], title="Invalid option")
    root = notebooks_dir().resolve()
    selected = None
    if args.notebooks:
        selected = []
        for nb in args.notebooks:
            if nb.is_absolute() or nb.resolve().is_relative_to(root):
                source = nb.resolve()
            else:
                source = (root / Path(str(nb).removeprefix("notebooks/"))).resolve()
            if not source.is_relative_to(root) or source.suffix != ".ipynb":
                raise InputError([Problem("only notebooks inside notebooks/ are built", value=str(nb),
                                          fix="give a course notebook, e.g. climate/02_footprint_baseline.ipynb")],
                                 title="Cannot build")
            if not source.is_file():
                raise InputError([Problem("no such notebook in notebooks/", value=str(nb))],
                                 title="Cannot build")
            selected.append(source.relative_to(root))
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


def _translations(args) -> int:
    import json

    from workbook.course import translations

    if args.action == "update":
        added = translations.update_catalogues(args.lang, prune=args.prune)
        for rel, n in added.items():
            print(f"{n:5d} added  data/i18n/{args.lang}/{rel}")
        print(f"{sum(added.values())} text(s) to translate.")
        return 0
    if args.action == "editions":
        for rel, status in translations.write_editions():
            if status != "unchanged":
                print(f"{status:>9}  notebooks/{rel.as_posix()}")
        return 0
    sources = translations.source_texts()
    gaps = translations.missing(args.lang, sources)
    stale = translations.unused(args.lang, sources)
    if args.json:
        print(json.dumps({"language": args.lang, "texts": len({s.msgid for s in sources}),
                          "missing": [{"place": g.place, "catalogue": g.catalogue, "text": g.msgid} for g in gaps],
                          "unused": stale}, indent=2, ensure_ascii=False))
    else:
        for g in gaps:
            print(f"missing  {g.place}  ({g.catalogue}): {g.msgid[:70]!r}")
        print(f"{len({s.msgid for s in sources})} texts; {len(gaps)} without a translation in {args.lang}; "
              f"{len(stale)} translation(s) of texts the course no longer has.")
    return 1 if gaps else 0


def _progress(args) -> int:
    from workbook.course.progress import ProgressStore
    from workbook.course.progress_report import as_json, completion, export_excel, format_text
    from workbook.curriculum import load_curriculum
    from workbook.exercises import load_bank
    from workbook.paths import workbook_home

    from workbook.outputs import output_path

    if args.export:  # refused before anything is read
        output_path(args.export, force=args.force, title="Cannot write the answers")
    store = ProgressStore(workbook_home())
    doc = store.read()
    if store.warning:
        print(f"warning: {store.warning}", file=sys.stderr)
    curriculum, bank = load_curriculum(), load_bank()
    rows = completion(curriculum, bank, doc["answers"])
    if args.export:
        out = export_excel(args.export, curriculum, bank, doc, force=args.force)
        print(f"answers written to {out}")
        return 0
    print(as_json(curriculum, rows) if args.json else format_text(curriculum, rows), end="" if not args.json else "\n")
    return 0


def _link(args) -> int:
    import json

    from workbook.course.link import course_links, format_text

    links = course_links(args.hub, args.repo, branch=args.branch, notebook=args.notebook,
                         targetpath=args.targetpath)
    print(json.dumps(links.as_dict(), indent=2) if args.json else format_text(links), end="\n" if args.json else "")
    return 0


def _cohort(args) -> int:
    import json
    import os

    from workbook.course.cohort import COHORT_SERVICE, export_excel, format_text, load_cohort, summarise
    from workbook.curriculum import load_curriculum
    from workbook.errors import InputError, Problem
    from workbook.exercises import load_bank

    if not args.sources and not args.hub:
        raise InputError([Problem("nothing to read", fix="give a folder of participants' homes, progress files, "
                                                         "exported answer files, or --hub URL --token T")],
                         title="No cohort")
    if args.out:  # the one rule for every file written, checked before the work
        from workbook.outputs import output_path

        output_path(args.out, force=args.force, inputs=args.sources, title="Cannot write the cohort view")
    token = args.token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if args.hub and not token:
        raise InputError([Problem("a hub needs a token", fix="give --token T (an admin or facilitator token)")],
                         title="Cannot read the hub")
    cohort = load_cohort(args.sources, hub=args.hub, token=token, service=args.hub_service or COHORT_SERVICE)
    if not cohort.participants:
        raise InputError(cohort.problems or [Problem("no progress file or answers export found",
                                                     fix="point at the folder that holds the participants' homes")],
                         title="No participant could be read")
    curriculum, bank = load_curriculum(), load_bank()
    report = summarise(cohort, curriculum, bank)
    if args.out:
        export_excel(args.out, report, curriculum, force=args.force, protect=args.sources)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_text(report, curriculum), end="")
        if args.out:
            print(f"cohort view written to {args.out}")
    return 0
