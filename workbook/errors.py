"""Errors that carry what a participant or instructor needs to fix the problem.

Every message names the place (file, sheet, row, column, exercise id) and the fix, so the
CLI and the notebooks can print it instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class WorkbookError(Exception):
    """Base of every error the package raises on purpose.

    In a notebook, IPython shows only the message (via ``_render_traceback_``): a
    participant sees what to fix, not a traceback.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31m{type(self).__name__}\x1b[0m", *str(self).splitlines()]


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
            f"sheet '{self.sheet}'" if self.sheet else None,
            f"row {self.row}" if self.row is not None else None,
            f"column '{self.column}'" if self.column else None,
        ) if p]
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value not in (None, ""):
            text += f" (found {self.value!r})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text

    def as_dict(self) -> dict:
        return {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                for k, v in self.__dict__.items()}


@dataclass
class InputError(WorkbookError):
    """A participant's input (Excel, CSV, YAML scenario) has one or more problems.

    All problems are collected before raising, so the participant fixes them in one go.
    """

    problems: list[Problem] = field(default_factory=list)
    title: str = "The input has problems"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{self.title} ({len(self.problems)}):"]
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
