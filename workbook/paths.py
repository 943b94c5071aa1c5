"""Where things live: the course data, the notebooks, and the participant's own files."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def data_dir() -> Path:
    """The course content and facts (``WORKBOOK_DATA`` overrides, e.g. on a hub)."""
    return Path(os.environ.get("WORKBOOK_DATA") or ROOT / "data")


def notebooks_dir() -> Path:
    return ROOT / "notebooks"


def solutions_dir() -> Path:
    return ROOT / "solutions"


def workbook_home() -> Path:
    """The participant's own directory: progress file, exports, questions.

    ``WORKBOOK_HOME`` wins; otherwise the per-user data directory of the platform
    (e.g. ``~/.local/share/workbook`` on Linux), outside the notebooks so that a course
    update never touches a participant's answers.
    """
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("workbook", appauthor=False))
