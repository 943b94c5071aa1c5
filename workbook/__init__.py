"""Course workbooks for responsible business conduct (climate and forced labour).

Kept light on import: notebooks call :func:`start`, and everything heavy (pandas,
ipywidgets, matplotlib) is imported by the modules that need it.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "start"]


def start(solution_mode: bool = False, notebook: str | None = None):
    """Open the participant's course session: exercises, progress and the course map.

    ``solution_mode`` renders every exercise with its answer as static HTML (used by
    ``workbook build``); otherwise each exercise is an interactive widget whose answers
    are saved at once under ``WORKBOOK_HOME``.
    """
    from workbook.course.session import Session

    return Session(solution_mode=solution_mode, notebook=notebook)
