"""Errors that carry what a participant or instructor needs to fix the problem.

Every message names the place (file, sheet, row, column, exercise id) and the fix, so the
CLI and the notebooks can print it instead of a traceback.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from workbook.i18n import N_, translate, tr


class WorkbookError(Exception):
    """Base of every error the package raises on purpose.

    In a notebook, IPython shows only the message (via ``_render_traceback_``): a
    participant sees what to fix, not a traceback.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m", *str(self).splitlines()]


def plain_value(value: Any) -> Any:
    """A value as plain data: a numpy number as a Python number, a date as ISO text (a midnight
    timestamp as its date), so that no message or stored answer shows ``np.int64(4)`` or
    ``datetime.date(2027, 12, 14)``."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) and value.tzinfo is None else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plain(value: Any) -> str:
    """A value as a participant reads it in a message: text in quotes, numbers and dates as
    written, lists item by item; never a Python repr."""
    if isinstance(value, str):
        return repr(value)
    value = plain_value(value)  # a date becomes ISO text, shown without quotes
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(plain(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely enough to fix it."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    fix: str | None = None

    def __str__(self) -> str:
        where = [p for p in (
            self.file,
            tr("sheet '{sheet}'", sheet=self.sheet) if self.sheet else None,
            tr("row {row}", row=self.row) if self.row is not None else None,
            tr("column '{column}'", column=self.column) if self.column else None,
        ) if p]
        text = (", ".join(where) + ": " if where else "") + translate(self.message)
        if self.value not in (None, ""):
            text += tr(" (found {value})", value=plain(self.value))
        if self.fix:
            text += tr(". Fix: {fix}", fix=translate(self.fix))
        return text

    def as_dict(self) -> dict:
        values = {k: plain_value(v) for k, v in self.__dict__.items()}
        return {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v)) for k, v in values.items()}


@dataclass
class InputError(WorkbookError):
    """A participant's input (Excel, CSV, YAML scenario) has one or more problems.

    All problems are collected before raising, so the participant fixes them in one go.
    """

    problems: list[Problem] = field(default_factory=list)
    title: str = N_("The input has problems")

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{translate(self.title)} ({len(self.problems)}):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ContentError(WorkbookError):
    """Course content under ``data/`` is invalid (for instructors, found at load time)."""

    def __init__(self, file: str, problem: str, exercise_id: str | None = None) -> None:
        self.file, self.problem, self.exercise_id = file, problem, exercise_id
        where = f"{file}" + (f", exercise '{exercise_id}'" if exercise_id else "")
        super().__init__(f"{where}: {problem}")


class ProgressWarning(UserWarning):
    """The progress file could not be read; it was kept aside, never dropped."""
