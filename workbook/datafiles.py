"""The CSV dialect of the data files: typed columns checked cell by cell.

A folder's ``schemas.yaml`` (read by :mod:`workbook.schemas`) declares a CSV file's columns, in
order, each with ``{type, required, allowed, pattern, min, max, unique, references, fix}``. This
module converts each cell to its declared type and collects every problem with its line, column
and fix, so a typo in a fact breaks the build instead of reaching a participant.

Types: str, int, float, bool (true/false), date (YYYY-MM-DD), list (separated by ';'). A value is
required unless the column says ``required: false``. ``references: "other.csv:column"`` (relative
to the folder of the schemas.yaml) lists the values a cell (or each list item) may take.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.errors import ContentError

TYPES = ("str", "int", "float", "bool", "date", "list")
SPEC_KEYS = ("type", "required", "allowed", "pattern", "min", "max", "unique", "references", "fix",
             "description")
_TYPE_NAME = {"int": "a whole number", "float": "a number", "bool": "true or false", "date": "a date"}
_TYPE_FIX = {"int": "write a whole number (digits only)", "float": "write a number with a dot as decimal mark",
             "bool": "write true or false", "date": "write the date as YYYY-MM-DD"}


@dataclass(frozen=True)
class Column:
    """One declared column of a data file."""

    name: str
    type: str = "str"
    required: bool = True
    allowed: tuple = ()
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    unique: bool = False
    references: str | None = None  # "other.csv:column", relative to the folder of the schemas.yaml
    fix: str | None = None  # how to fix a value that does not match, when the default is too vague
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # a folder's own column keys


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in a data file: where it is, what is wrong and how to fix it.

    ``where`` names the place inside a YAML document (``scenarios item 'sc07'``); a CSV
    problem names its ``column`` instead.
    """

    line: int | None
    message: str
    column: str | None = None
    fix: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        place = ", ".join(p for p in (f"line {self.line}" if self.line else None, self.where,
                                      f"column '{self.column}'" if self.column else None) if p)
        return (f"{place}: " if place else "") + self.message + (f". Fix: {self.fix}" if self.fix else "")


@dataclass
class Table:
    """A read data file: typed rows, the raw text rows, each row's line, and every problem."""

    label: str
    rows: list[dict[str, Any]]
    raw: list[dict[str, str]]
    lines: list[int]
    problems: list[RowProblem]


def parse_columns(columns: Any, where: str, extra_keys: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """A ``columns:`` mapping of a schemas.yaml entry as Columns; a malformed spec is a ContentError."""
    if not isinstance(columns, dict) or not columns:
        raise ContentError(where, "'columns' must map each column name to its spec")
    out = []
    for col, spec in columns.items():
        spec = dict(spec or {})
        unknown = set(spec) - set(SPEC_KEYS) - set(extra_keys)
        if unknown or spec.get("type", "str") not in TYPES:
            raise ContentError(where, f"column '{col}': unknown keys {sorted(unknown)} or type "
                                      f"{spec.get('type')!r}; types are {', '.join(TYPES)}; keys are "
                                      f"{', '.join(SPEC_KEYS + tuple(extra_keys))}")
        extra = {k: spec.pop(k) for k in list(spec) if k in extra_keys}
        spec.pop("description", None)
        spec["allowed"] = tuple(spec.get("allowed", ()))
        if spec.get("references") and ":" not in spec["references"]:
            raise ContentError(where, f"column '{col}': references must read 'file.csv:column'")
        out.append(Column(str(col), extra=extra, **spec))
    return tuple(out)


def convert(value: str, col: Column) -> tuple[Any, str | None, str | None]:
    """A cell's typed value, or (None, what is wrong, the fix)."""
    if value == "":
        if col.required:
            return None, "a value is required but the cell is empty", "fill it in"
        return ([] if col.type == "list" else None), None, None
    if value != value.strip():
        return None, f"{value!r} has spaces at the start or end", "remove the spaces"
    items = [v.strip() for v in value.split(";") if v.strip()] if col.type == "list" else [value]
    for item in items:
        if col.pattern and not re.fullmatch(col.pattern, item):
            return None, f"{item!r} does not match the pattern {col.pattern}", col.fix or "correct the value"
    try:
        if col.type == "int":
            out: Any = int(value)
        elif col.type == "float":
            out = float(value)
        elif col.type == "bool":
            if value.lower() not in ("true", "false"):
                raise ValueError
            out = value.lower() == "true"
        elif col.type == "date":
            out = dt.date.fromisoformat(value)
        elif col.type == "list":
            out = items
        else:
            out = value
    except ValueError:
        return None, f"must be {_TYPE_NAME[col.type]}, found {value!r}", _TYPE_FIX[col.type]
    for item in (out if col.type == "list" else [out]):
        if col.allowed and item not in col.allowed:
            return None, f"{value!r} is not allowed", f"use one of {', '.join(map(str, col.allowed))}"
    if isinstance(out, (int, float)) and not isinstance(out, bool):
        if (col.min is not None and out < col.min) or (col.max is not None and out > col.max):
            low = "" if col.min is None else f"at least {col.min}"
            high = "" if col.max is None else f"at most {col.max}"
            return None, f"{value!r} is out of range", "use a value " + " and ".join(p for p in (low, high) if p)
    return out, None, None


@lru_cache(maxsize=64)
def _column_values(path: str, column: str, mtime: float) -> frozenset[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return frozenset(r.get(column) or "" for r in csv.DictReader(f))


def column_values(path: Path, column: str) -> frozenset[str]:
    """The text values of one column of a CSV (empty when the file is missing), cached by mtime."""
    return _column_values(str(path), column, path.stat().st_mtime) if path.is_file() else frozenset()


def read_table(path: str | Path, columns: tuple[Column, ...], label: str | None = None,
               base: Path | None = None) -> Table:
    """Read one CSV and check every cell and row; never raises for a data problem.

    ``references`` are looked up relative to ``base`` (the folder of the schemas.yaml; by
    default the CSV's own folder).
    """
    path = Path(path)
    base = base or path.parent
    label = label or path.name
    table = Table(label, [], [], [], [])
    add = table.problems.append
    if not path.is_file():
        add(RowProblem(1, "the file does not exist", fix=f"restore {path.name} from the course repository"))
        return table
    expected = [c.name for c in columns]
    seen: dict[str, dict[Any, int]] = {c.name: {} for c in columns if c.unique}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            add(RowProblem(1, "the file is empty", fix=f"write the header row {','.join(expected)}"))
            return table
        if header != expected:
            add(RowProblem(1, f"columns are {header}, expected {expected}",
                           fix="make the header row match the declared schema, in that order"))
            return table
        end = reader.line_num
        for values in reader:
            line, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(expected):
                add(RowProblem(line, f"{len(values)} values for {len(expected)} columns",
                               fix="put text that contains a comma in double quotes"))
                continue
            raw = dict(zip(expected, values))
            row: dict[str, Any] = {}
            for col in columns:
                row[col.name], problem, fix = convert(raw[col.name], col)
                if problem:
                    add(RowProblem(line, problem, col.name, fix))
                    continue
                value = row[col.name]
                if col.unique and value is not None:
                    if value in seen[col.name]:
                        add(RowProblem(line, f"duplicate {col.name} {value!r} (first on line "
                                             f"{seen[col.name][value]})", col.name, "give each row its own value"))
                    else:
                        seen[col.name][value] = line
                if col.references and value not in (None, []):
                    other, other_col = col.references.rsplit(":", 1)
                    valid = column_values(base / other, other_col)
                    for v in (value if isinstance(value, list) else [value]):
                        if str(v) not in valid:
                            add(RowProblem(line, f"{v!r} is not in {other} column '{other_col}'", col.name,
                                           f"use a value from {other}, or add it there with its source"))
            table.rows.append(row)
            table.raw.append(raw)
            table.lines.append(line)
    if not table.rows and not table.problems:
        add(RowProblem(2, "the file has no data rows", fix="add at least one row"))
    return table


def raise_problems(label: str, problems: list, limit: int = 20) -> None:
    """Raise one ContentError listing the problems (the first ``limit``), if there are any.

    One problem reads ``file: line 3, column 'x': what. Fix: how``; several are listed one a line.
    """
    problems = list(problems)
    if not problems:
        return
    if len(problems) == 1:
        raise ContentError(label, str(problems[0]))
    shown = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(f"and {len(problems) - limit} more")
    raise ContentError(label, f"{len(problems)} problems:\n  - " + "\n  - ".join(shown))
