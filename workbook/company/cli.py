"""``workbook company use FILE [FILE ...]``, ``workbook company show [--json]``, ``workbook company clear``:
the participant's company workspace, the same one the notebooks use."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbook.i18n import N_, tr, translate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("company", help="choose the company files every notebook uses",
                       description="The company workspace in WORKBOOK_HOME: the climate data template (or activity "
                                   "CSV or footprint JSON) and the supplier map every notebook shows. Files are "
                                   "recognised by their content, checked, and copied; the originals are never changed.")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    use = verbs.add_parser("use", help="check files and make them the workspace's files")
    use.add_argument("files", nargs="+", metavar="FILE", help="a data template, activity CSV, footprint JSON or "
                                                               "supplier map")
    use.add_argument("--json", action="store_true", help="print the workspace as JSON afterwards")
    use.set_defaults(func=_use)
    show = verbs.add_parser("show", help="which files the notebooks use")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)
    clear = verbs.add_parser("clear", help="back to the sample company")
    clear.add_argument("--json", action="store_true", help="print the workspace as JSON afterwards")
    clear.set_defaults(func=_clear)


def _home() -> Path:
    from workbook.paths import workbook_home

    return workbook_home()


ROLE_NAMES = {"footprint": N_("climate data"), "supplier_map": N_("supplier map")}


def _print(info: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return
    name = info["name"] or (tr("the sample company") if info["sample"] else tr("not named in the files"))
    print(tr("Company: {name}", name=name))
    for role in ("footprint", "supplier_map"):
        entry = info[role]
        kept = (tr("{original} (kept as {path})", original=entry["original"], path=entry["path"]) if entry
                else tr("the sample company's"))
        print(f"  {translate(ROLE_NAMES[role])}: {kept}")


def _use(args) -> int:
    from workbook.company import Workspace, choose
    from workbook.errors import InputError

    home, problems, used = _home(), [], []
    for name in args.files:
        try:
            used.append((name, choose(Path(name).expanduser(), home, original=str(Path(name).expanduser().resolve()))))
        except InputError as exc:
            problems += exc.problems
    if problems:  # the files that were fine are used; the others are listed with their fixes
        raise InputError(problems, title=tr("Some files cannot be used (the others are)") if used else
                         tr("The files cannot be used"))
    if not args.json:
        for name, role in used:
            print(tr("using {name} as the {role}", name=name, role=translate(ROLE_NAMES[role])))
    _print(Workspace(home).show(), args.json)
    return 0


def _show(args) -> int:
    from workbook.company import Workspace

    _print(Workspace(_home()).show(), args.json)
    return 0


def _clear(args) -> int:
    from workbook.company import Workspace

    workspace = Workspace(_home())
    workspace.clear()
    if not args.json:
        print(tr("back to the sample company"))
    _print(workspace.show(), args.json)
    return 0
