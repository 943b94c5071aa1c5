"""Course workbooks for responsible business conduct (climate and forced labour).

The face of the package for notebooks: :func:`start` opens the course session. Heavy
libraries (pandas, ipywidgets, matplotlib) are imported by the functions that need them.
"""
from __future__ import annotations

from workbook._version import __version__
from workbook.course import Session

__all__ = ["__version__", "start"]


def start(solution_mode: bool = False, notebook: str | None = None, language: str | None = None) -> Session:
    """Open the participant's course session: exercises, progress and the course map.

    ``solution_mode`` renders every exercise with its answer as static HTML (used by
    ``workbook build``); otherwise each exercise is an interactive widget whose answers
    are saved at once under ``WORKBOOK_HOME``. ``language`` (``"en"`` or ``"nl"``) sets the
    language of every text, widget and export, and is kept with the progress.
    """
    return Session(solution_mode=solution_mode, notebook=notebook, language=language)
