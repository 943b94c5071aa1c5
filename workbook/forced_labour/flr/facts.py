"""FLR facts as data: declared schemas and a loader that checks every row.

Every file under ``data/forced_labour/flr/`` (and the deep-dive files) has a schema in
``data/forced_labour/flr/schemas.yaml``: its columns, their types, the allowed values and the
column that must name a source; :mod:`workbook.datafiles` reads and checks each row.
A bad row fails with the file, the line and the fix, so a typo never reaches a participant.
The flags ``verified`` (the fact itself) and ``article_verified`` (its article number was
seen in a primary copy of Regulation (EU) 2024/3015) travel with each row to the notebook.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.datafiles import Column, load_schemas, read_checked
from workbook.errors import ContentError
from workbook.paths import data_dir

QUALITY = ("P", "S", "W", "U")

# Declared in data/forced_labour/flr/schemas.yaml, keyed by path under data/forced_labour/
# (the article pattern and the quality values live there too).
SCHEMAS: dict[str, tuple[Column, ...]] = load_schemas(data_dir() / "forced_labour" / "flr" / "schemas.yaml")
ARTICLE_PATTERN = re.compile(next(c.pattern for c in SCHEMAS["flr/articles.csv"] if c.name == "article"))

# The column that must name where the fact comes from, per file.
SOURCE_COLUMN = {name: ("basis" if any(c.name == "basis" for c in cols) else "source")
                 for name, cols in SCHEMAS.items()}


def parse_table(path: Path, schema: tuple[Column, ...], name: str) -> list[dict[str, Any]]:
    """Read one CSV and check it against its schema; raise ContentError naming file and line."""
    return read_checked(path, schema, name)


@lru_cache(maxsize=None)
def _load(name: str, root: str) -> tuple[dict[str, Any], ...]:
    if name not in SCHEMAS:
        raise ContentError(name, f"no schema declared; known files: {', '.join(sorted(SCHEMAS))}")
    path = Path(root) / "forced_labour" / name
    if not path.exists():
        raise ContentError(name, f"file not found under {Path(root).name}/forced_labour/")
    return tuple(parse_table(path, SCHEMAS[name], name))


def load_table(name: str) -> list[dict[str, Any]]:
    """Rows of a declared data file (e.g. ``"flr/deadlines.csv"``) as dicts; copies, safe to edit."""
    return [dict(r) for r in _load(name, str(data_dir()))]


def by_id(name: str, key: str = "id") -> dict[str, dict[str, Any]]:
    """Rows of a file keyed by their id column."""
    return {r[key]: r for r in load_table(name)}


def application_date() -> dt.date:
    """The date the prohibition applies (Art. 39), read from the timeline data."""
    return by_id("flr/timeline.csv")["application"]["date"]


def fact_label(row: dict[str, Any]) -> str:
    """How a row's reliability is shown to the participant."""
    if not row.get("verified", True):
        return "UNCONFIRMED"
    if row.get("article_verified") is False:
        return "article number unconfirmed"
    return "confirmed"
