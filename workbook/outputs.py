"""Writing new files without ever destroying one: the one rule every writer follows.

Every command and notebook that writes a file (results, templates, plans, the answers
export, solution notebooks) asks :func:`output_path` first. It always refuses

- an input of the same run (the participant's template, supplier map or lever file),
- the progress file and the other files the workbook keeps in ``WORKBOOK_HOME``, and any
  existing file there that the workbook did not write (only its ``exports`` folder is its own),
- anything that is not a regular file (a folder, ``/dev/null``, a pipe),
- anything outside the folder a writer is confined to (``workbook build``: ``solutions/``),

and refuses an existing file unless the caller says ``force`` (the command line's
``--force``) or asks for a free name next to it (notebooks: ``name (2).xlsx``). The file is
then written to a temporary file in the same folder and moved into place in one step; without
``force`` the move itself refuses to replace a file that appeared meanwhile.
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

from workbook.errors import InputError, Problem, WorkbookError
from workbook.paths import workbook_home

EXISTS_FIX = "choose a new file name; existing files are never overwritten"
EXPORTS = "exports"  # the one folder inside WORKBOOK_HOME whose files the workbook writes
# Files the progress store keeps in WORKBOOK_HOME (see workbook.course.progress).
_OWN_FILES = re.compile(r"^(progress\.json|\.progress\.json\.lock|progress\.corrupt-.*\.json|\.progress\.json\..*\.tmp)$")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def next_free(path: Path) -> Path:
    """``path``, or ``name (2).xlsx``, ``name (3).xlsx``... whichever does not exist yet."""
    n, candidate = 2, path
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def output_path(path: str | os.PathLike, *, force: bool = False, rename: bool = False,
                inputs: Iterable[str | os.PathLike | None] = (), title: str = "Cannot write the file",
                within: str | os.PathLike | None = None, what: str = "file") -> Path:
    """The path to write, checked against the rule above; raise InputError naming the file.

    ``force`` replaces an existing regular file that may be replaced; ``rename`` picks a free
    name instead; otherwise an existing file is refused. ``within`` confines the file to a folder.
    """
    path = Path(path)
    shown = str(path)

    def no(message: str, fix: str) -> InputError:
        return InputError([Problem(message, file=shown, fix=fix)], title=title)

    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise no("the path cannot be resolved (a loop of links)", "choose another file name") from None
    for inp in inputs:
        if inp is not None and (_same(path, Path(inp)) or target == Path(inp).resolve()):
            raise no(f"the output {what} is the input file",
                     "choose another name for the results file; the input is never overwritten")
    if within is not None and not _inside(target, Path(within).resolve()):
        raise no(f"the {what} would be written outside {Path(within).name}/",
                 f"only files inside {Path(within).name}/ are written here")
    home = workbook_home().resolve()
    if _inside(target, home) and not _inside(target, home / EXPORTS):
        if _OWN_FILES.match(target.name) and target.parent == home:
            raise no("this is your progress file (or one the progress store keeps): it holds every answer",
                     "choose another name, e.g. answers.xlsx in another folder")
        if os.path.lexists(path):
            raise no("the file is in your progress folder (WORKBOOK_HOME) and was not written by the workbook",
                     f"write to a new file, or to the folder {home / EXPORTS}")
    if os.path.lexists(path):
        if path.is_symlink() and not path.exists():
            raise no("the path is a broken link", "choose another file name")
        if not path.is_file():
            kind = "a folder" if path.is_dir() else "not a regular file (a device, pipe or socket)"
            raise no(f"the path is {kind}", "give the path of a new file, e.g. results.xlsx")
        if rename:
            return next_free(path)
        if not force:
            raise no("the file already exists", EXISTS_FIX)
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise no("the folder of the file is itself a file", "choose a file in an existing folder")
    return path


def write_new(path: str | os.PathLike, write: Callable[[Path], None], *, force: bool = False,
              rename: bool = False, inputs: Iterable[str | os.PathLike | None] = (),
              title: str = "Cannot write the file", within: str | os.PathLike | None = None,
              suffix: str = ".tmp", mode: int | None = None) -> Path:
    """Check ``path`` (see :func:`output_path`), let ``write`` fill a temporary file beside it,
    then move it into place atomically; return the path written."""
    path = output_path(path, force=force, rename=rename, inputs=inputs, title=title, within=within)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=suffix)
    except OSError as exc:
        raise InputError([Problem(f"the file cannot be written ({exc.strerror or type(exc).__name__})",
                                  file=str(path), fix="check the folder exists and that you may write in it")],
                         title=title) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        _commit(tmp, path, replace=force, title=title)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _commit(tmp: Path, path: Path, replace: bool, title: str) -> None:
    """Move ``tmp`` to ``path``; without ``replace``, never over a file that exists by now."""
    if replace:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # atomic, and fails if ``path`` exists
    except FileExistsError:
        raise InputError([Problem("the file already exists", file=str(path), fix=EXISTS_FIX)],
                         title=title) from None
    except OSError:  # no hard links on this file system: check, then move
        if os.path.lexists(path):
            raise InputError([Problem("the file already exists", file=str(path), fix=EXISTS_FIX)],
                             title=title) from None
        os.replace(tmp, path)


def json_text(doc: Any, indent: int | None = 2) -> str:
    """JSON as the command line prints it: UTF-8 text, and never NaN or Infinity (not JSON)."""
    try:
        return json.dumps(doc, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError:
        bad = _first_non_finite(doc)
        raise WorkbookError(f"a result is not a finite number ({bad}): the input holds a value far too "
                            "large; check the quantities and their units") from None


def _first_non_finite(doc: Any, where: str = "") -> str:
    stack = [(doc, where)]
    while stack:
        v, w = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            return w or "the result"
        if isinstance(v, dict):
            stack.extend((x, f"{w}.{k}" if w else str(k)) for k, x in v.items())
        elif isinstance(v, (list, tuple)):
            stack.extend((x, f"{w}[{i}]") for i, x in enumerate(v))
    return "a value"
