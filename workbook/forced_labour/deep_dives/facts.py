"""The deep-dive facts (``data/forced_labour/deep_dives/``), read and checked as the folder declares them.

Each file has its declaration in the folder's ``schemas.yaml``; :mod:`workbook.schemas` checks
every row and item, so a bad one fails with its file, line and fix.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from workbook.paths import data_cache, data_dir
from workbook.schemas import read_csv, read_document


def deep_dives_dir() -> Path:
    return data_dir() / "forced_labour" / "deep_dives"


@data_cache
def _rows(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(read_csv(deep_dives_dir() / name))


def load_table(name: str) -> list[dict[str, Any]]:
    """Rows of a declared CSV of the folder (e.g. ``"corridors.csv"``); copies, safe to edit."""
    return [dict(r) for r in _rows(name)]


@data_cache
def _document(name: str) -> Any:
    return read_document(deep_dives_dir() / name)


def document(name: str) -> Any:
    """A declared YAML file of the folder (e.g. ``"webinar.yaml"``), checked; a copy, safe to edit."""
    return copy.deepcopy(_document(name))
