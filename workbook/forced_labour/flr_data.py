"""FLR facts as data: declared schemas and a loader that checks every row.

Every file under ``data/forced_labour/flr/`` (and the deep-dive files) has a schema here:
its columns, their types, the allowed values and the column that must name a source.
A bad row fails with the file, the line and the fix, so a typo never reaches a participant.
The flags ``verified`` (the fact itself) and ``article_verified`` (its article number was
seen in a primary copy of Regulation (EU) 2024/3015) travel with each row to the notebook.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.errors import ContentError
from workbook.paths import data_dir

QUALITY = ("P", "S", "W", "U")
ARTICLE_PATTERN = re.compile(r"^(\?|[0-9][0-9A-Za-z()\-/;,.? ]*|ILO C\d+ Art\. [0-9()]+)$")


@dataclass(frozen=True)
class Column:
    """One declared column: its name, type, whether it may be empty, and allowed values."""

    name: str
    kind: str = "str"  # str | int | float | bool | date | article
    required: bool = True
    allowed: tuple[str, ...] = ()


def _c(name: str, kind: str = "str", required: bool = True, allowed: tuple[str, ...] = ()) -> Column:
    return Column(name, kind, required, allowed)


_FACT_TAIL = (_c("quality", allowed=QUALITY), _c("verified", "bool"), _c("source"))
_ART = (_c("article", "article"), _c("article_verified", "bool"))

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "flr/articles.csv": (_c("article", "article"), _c("subject"), _c("article_verified", "bool"),
                         *_FACT_TAIL),
    "flr/definitions.csv": (_c("id"), _c("article", "article"), _c("term"), _c("definition"),
                            _c("quoted", "bool"), _c("article_verified", "bool"), *_FACT_TAIL),
    "flr/actors.csv": (_c("id"), _c("actor"), _c("role"), *_ART, *_FACT_TAIL),
    "flr/criteria.csv": (_c("id"), _c("criterion"), *_ART, *_FACT_TAIL),
    "flr/timeline.csv": (_c("id"), _c("date", "date"), _c("date_precision", allowed=("day", "month")),
                         _c("event"), _c("article", "article", required=False), *_FACT_TAIL),
    "flr/netherlands.csv": (_c("id"), _c("fact"), _c("info_date", "date", required=False),
                            _c("info_date_note"), *_FACT_TAIL),
    "flr/decision.csv": (_c("id"), _c("element"), _c("detail"), *_ART, *_FACT_TAIL),
    "flr/penalties.csv": (_c("id"), _c("fact"), *_ART, *_FACT_TAIL),
    "flr/deadlines.csv": (_c("id"), _c("step_no", "int"), _c("step"),
                          _c("actor", allowed=("company", "authority")),
                          _c("anchor"), _c("candidate", allowed=("A", "B")),
                          _c("working_days", "int", required=False),
                          _c("working_days_max", "int", required=False),
                          _c("months", "int", required=False), *_ART, *_FACT_TAIL),
    "flr/procedure.csv": (_c("step_no", "int"), _c("id"), _c("phase"), _c("what_happens"), *_ART,
                          *_FACT_TAIL),
    "flr/evidence.csv": (_c("step_id"), _c("evidence"), _c("why"), _c("source")),
    "flr/applicability_rules.csv": (_c("rule_id"), _c("rule"), *_ART, *_FACT_TAIL),
    "flr/actions.csv": (_c("id"), _c("action"), _c("basis"), _c("source")),
    "flr/laws.csv": (_c("id"), _c("law"), _c("jurisdiction"),
                     _c("type", allowed=("product ban", "import ban", "disclosure", "due diligence",
                                         "disclosure and import ban", "ban and due diligence")),
                     _c("scope"), _c("obligation"), _c("enforcement"), _c("key_dates"),
                     _c("unconfirmed", required=False), _c("quality", allowed=QUALITY),
                     _c("verified", "bool"), _c("source"), _c("date_checked", "date")),
    "deep_dives/migrant_cases.csv": (_c("id"), _c("country"), _c("topic"), _c("fact"),
                                     _c("quality", allowed=QUALITY), _c("verified", "bool"),
                                     _c("source")),
    "deep_dives/corridors.csv": (_c("id"), _c("origin"), _c("destination"), _c("sector"),
                                 _c("what_happens"), _c("case_ids"), _c("quality", allowed=QUALITY),
                                 _c("verified", "bool"), _c("source")),
    "deep_dives/fair_recruitment.csv": (_c("id"), _c("instrument"), _c("content"),
                                        _c("quality", allowed=QUALITY), _c("verified", "bool"),
                                        _c("source")),
    "deep_dives/state_imposed.csv": (_c("id"), _c("country"), _c("fact"), _c("tracing_implication"),
                                     _c("quality", allowed=QUALITY), _c("verified", "bool"),
                                     _c("source")),
}

# The column that must name where the fact comes from, per file.
SOURCE_COLUMN = {name: ("basis" if any(c.name == "basis" for c in cols) else "source")
                 for name, cols in SCHEMAS.items()}


def _convert(value: str, col: Column, fail) -> Any:
    value = value.strip()
    if value == "":
        if col.required:
            fail(f"column '{col.name}' is empty", "fill it in")
        return None
    if col.allowed and value not in col.allowed:
        fail(f"column '{col.name}' has {value!r}", f"use one of {', '.join(col.allowed)}")
    if col.kind == "int":
        try:
            return int(value)
        except ValueError:
            fail(f"column '{col.name}' must be a whole number, found {value!r}", "write digits only")
    if col.kind == "float":
        try:
            return float(value)
        except ValueError:
            fail(f"column '{col.name}' must be a number, found {value!r}", "use a dot as decimal mark")
    if col.kind == "bool":
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        fail(f"column '{col.name}' must be true or false, found {value!r}", "write true or false")
    if col.kind == "date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            fail(f"column '{col.name}' must be a date, found {value!r}", "write YYYY-MM-DD")
    if col.kind == "article" and not ARTICLE_PATTERN.match(value):
        fail(f"column '{col.name}' is not an article reference: {value!r}",
             "write e.g. 2(4) or 14(2)(a), or ? when the article is not known")
    return value


def parse_table(path: Path, schema: tuple[Column, ...], name: str) -> list[dict[str, Any]]:
    """Read one CSV and check it against its schema; raise ContentError naming file and line."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise ContentError(name, "the file is empty; it needs a header row") from None
        expected = [c.name for c in schema]
        if header != expected:
            raise ContentError(name, f"line 1: columns are {header}, expected {expected}")
        rows = []
        for line_no, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue

            def fail(problem: str, fix: str, _line=line_no):
                raise ContentError(name, f"line {_line}: {problem}. Fix: {fix}")

            if len(values) != len(schema):
                fail(f"{len(values)} values for {len(schema)} columns",
                     "quote text that contains commas with double quotes")
            rows.append({c.name: _convert(v, c, fail) for c, v in zip(schema, values)})
    if not rows:
        raise ContentError(name, "no data rows")
    return rows


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
