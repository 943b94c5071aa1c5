"""The ``workbook`` command: one sub-command per thing a user does.

Each domain adds its own sub-commands through a ``register(subparsers)`` function, so
this module stays a thin dispatcher. Invalid input exits with status 2 and a readable
list of problems, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from workbook._version import __version__
from workbook.errors import InputError, WorkbookError
from workbook.i18n import tr
from workbook.language import LANGUAGES, set_language

# Modules that contribute sub-commands; each defines ``register(subparsers)`` and sets
# ``func`` on its parsers (a callable taking the parsed args and returning an exit code).
COMMAND_MODULES = (
    "workbook.course.cli",
    "workbook.climate.footprint.cli",
    "workbook.climate.targets.cli",
    "workbook.forced_labour.hrdd.cli",
    "workbook.forced_labour.flr.cli",
    "workbook.company.cli",
    "workbook.hub.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Course workbooks for responsible business conduct: climate and forced labour.",
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    parser.add_argument("--lang", dest="lang_top", choices=LANGUAGES, default=None,
                        help="language of messages and files written (default: WORKBOOK_LANG, else en)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that domain has not landed yet
                continue
            raise
        module.register(sub)
    _add_lang(sub)
    return parser


def _add_lang(sub: argparse._SubParsersAction) -> None:
    """Every command (``workbook company use`` too) also takes --lang after its name. Only the last
    parser of a command gets it: a sub-command's default would overwrite its parent's value."""
    for command in sub.choices.values():
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        for action in nested:
            _add_lang(action)
        if not nested and not any("--lang" in a.option_strings for a in command._actions):
            command.add_argument("--lang", choices=LANGUAGES, default=None,
                                 help="language of messages and files written (en or nl)")


def main(argv: list[str] | None = None) -> int:
    try:
        status = _run(argv)
        sys.stdout.flush()  # a closed pipe shows up here when the output fitted in the buffer
        return status
    except BrokenPipeError:
        # The reader of our output went away (e.g. `workbook factors | head -1`): stop quietly.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 141  # 128 + SIGPIPE, as a shell reports a command stopped by a closed pipe


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    lang = getattr(args, "lang", None) or args.lang_top
    if lang:
        set_language(lang)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        return _report(args, exc.title, [p.as_dict() for p in exc.problems], str(exc))
    except WorkbookError as exc:
        return _report(args, str(exc), [], tr("error: {message}", message=exc))
    except (MemoryError, RecursionError) as exc:
        message = tr("the input is too large to be processed") if isinstance(exc, MemoryError) else \
            tr("the input is nested too deeply to be processed")
        return _report(args, message, [], tr("error: {message}", message=message))
    except KeyboardInterrupt:
        return 130


def _report(args, title: str, problems: list[dict], text: str) -> int:
    """Print the problems (as JSON with --json) and return exit status 2."""
    if getattr(args, "json", False):
        import json

        print(json.dumps({"error": title, "problems": problems}, indent=2, ensure_ascii=False))
    else:
        print(text, file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
