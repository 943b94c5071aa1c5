"""FLR facts as data: every file of ``data/forced_labour/flr/`` read and checked as declared.

Each file has its declaration in the folder's ``schemas.yaml`` (columns, their types, the allowed
values, the required source); :mod:`workbook.schemas` reads and checks each row, so a bad row
fails with the file, the line and the fix, and a typo never reaches a participant. The flags
``verified`` (the fact itself) and ``article_verified`` (its article number was seen in a primary
copy of Regulation (EU) 2024/3015) travel with each row to the notebook.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from workbook.datafiles import Column
from workbook.errors import ContentError
from workbook.i18n import tr
from workbook.paths import data_cache, data_dir
from workbook.schemas import load, read_csv, read_document

QUALITY = ("P", "S", "W", "U")
FOLDER = "flr"


def flr_dir() -> Path:
    return data_dir() / "forced_labour" / FOLDER


def schemas() -> dict[str, tuple[Column, ...]]:
    """The declared CSV files of the folder and their columns, by file name."""
    return {k: e.columns for k, e in load(flr_dir()).entries.items() if e.columns is not None}


def article_pattern() -> re.Pattern:
    """How an article reference is written (declared once in schemas.yaml)."""
    return re.compile(next(c.pattern for c in schemas()["articles.csv"] if c.name == "article"))


def _name(name: str) -> str:
    """A file name relative to the folder; ``"flr/deadlines.csv"`` (the older spelling) is accepted."""
    return name.removeprefix(f"{FOLDER}/")


@data_cache
def _load(name: str) -> tuple[dict[str, Any], ...]:
    declared = schemas()
    if name not in declared:
        raise ContentError(f"forced_labour/{FOLDER}/{name}",
                           f"no schema declared; known files: {', '.join(sorted(declared))}")
    return tuple(read_csv(flr_dir() / name))


def load_table(name: str) -> list[dict[str, Any]]:
    """Rows of a declared data file (e.g. ``"deadlines.csv"``) as dicts; copies, safe to edit."""
    return [dict(r) for r in _load(_name(name))]


def by_id(name: str, key: str = "id") -> dict[str, dict[str, Any]]:
    """Rows of a file keyed by their id column."""
    return {r[key]: r for r in load_table(name)}


@data_cache
def _document(name: str) -> Any:
    return read_document(flr_dir() / _name(name))


def document(name: str) -> Any:
    """A declared YAML file of the folder (e.g. ``"readiness.yaml"``), checked; a copy, safe to edit."""
    return copy.deepcopy(_document(name))


def application_date() -> dt.date:
    """The date the prohibition applies (Art. 39), read from the timeline data."""
    return by_id("timeline.csv")["application"]["date"]


def fact_label(row: dict[str, Any]) -> str:
    """How a row's reliability is shown to the participant."""
    if not row.get("verified", True):
        return tr("UNCONFIRMED")
    if row.get("article_verified") is False:
        return tr("article number unconfirmed")
    return tr("confirmed")
