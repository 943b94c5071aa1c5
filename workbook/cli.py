"""The ``workbook`` command: one sub-command per thing a user does.

Each domain adds its own sub-commands through a ``register(subparsers)`` function, so
this module stays a thin dispatcher. Invalid input exits with status 2 and a readable
list of problems, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from workbook._version import __version__
from workbook.errors import InputError, WorkbookError

# Modules that contribute sub-commands; each defines ``register(subparsers)`` and sets
# ``func`` on its parsers (a callable taking the parsed args and returning an exit code).
COMMAND_MODULES = (
    "workbook.course.cli",
    "workbook.climate.footprint.cli",
    "workbook.climate.targets.cli",
    "workbook.forced_labour.hrdd.cli",
    "workbook.forced_labour.flr.cli",
    "workbook.company.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Course workbooks for responsible business conduct: climate and forced labour.",
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that domain has not landed yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        if getattr(args, "json", False):
            import json

            print(json.dumps({"error": exc.title, "problems": [p.as_dict() for p in exc.problems]},
                             indent=2, ensure_ascii=False))
        else:
            print(str(exc), file=sys.stderr)
        return 2
    except WorkbookError as exc:
        if getattr(args, "json", False):
            import json

            print(json.dumps({"error": str(exc), "problems": []}, indent=2, ensure_ascii=False))
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
