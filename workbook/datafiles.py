"""Typed CSV data files checked against a declared schema.

Every fact table under ``data/`` declares its columns in a YAML file (type, required, allowed
values, pattern, min/max, unique, references to another file). This module reads a CSV,
converts each cell to its declared type and collects every problem with its file, line and
column and the fix, so a typo in a fact breaks the build instead of reaching a participant.

A schema file maps each CSV name to ``{description: ..., columns: {name: spec}}``; a spec is
``{type, required, allowed, pattern, min, max, unique, references: "other.csv:column", fix}``.
Types: str, int, float, bool (true/false), date (YYYY-MM-DD), list (separated by ';').
Every file must declare a required ``source`` column: no fact without its source. Top-level keys
starting with ``_`` hold shared YAML anchors and are not data files.
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
_SPEC_KEYS = {"type", "required", "allowed", "pattern", "min", "max", "unique", "references", "fix",
              "description"}
_TYPE_NAME = {"int": "a whole number", "float": "a number", "bool": "true or false", "date": "a date"}
_TYPE_FIX = {"int": "write a whole number (digits only)", "float": "write a number with a dot as decimal mark",
             "bool": "write true or false", "date": "write the date as YYYY-MM-DD"}


@dataclass(frozen=True)
class Column:
    """One declared column of a data file."""

    name: str
    type: str = "str"
    required: bool = False
    allowed: tuple = ()
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    unique: bool = False
    references: str | None = None  # "other.csv:column", relative to the checked file's folder
    fix: str | None = None  # how to fix a value that does not match, when the default is too vague
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # a module's own keys


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in a data file: where it is, what is wrong and how to fix it."""

    line: int
    message: str
    column: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}" + (f". Fix: {self.fix}" if self.fix else "")


@dataclass
class Table:
    """A read data file: typed rows, the raw text rows, each row's line, and every problem."""

    label: str
    rows: list[dict[str, Any]]
    raw: list[dict[str, str]]
    lines: list[int]
    problems: list[RowProblem]


def parse_schemas(specs: dict, schema_file: str, extra_keys: tuple[str, ...] = ()) -> dict[str, tuple[Column, ...]]:
    """The declared files of a schema mapping, as columns; a malformed declaration is a ContentError."""
    out = {}
    for name, decl in specs.items():
        if name.startswith("_"):  # a holder of shared YAML anchors, not a data file
            continue
        if not isinstance(decl, dict) or not isinstance(decl.get("columns"), dict):
            raise ContentError(schema_file, f"{name}: needs a 'columns' mapping")
        cols = []
        for col, spec in decl["columns"].items():
            spec = dict(spec or {})
            unknown = set(spec) - _SPEC_KEYS - set(extra_keys)
            if unknown or spec.get("type", "str") not in TYPES:
                raise ContentError(schema_file, f"{name}, column '{col}': unknown keys {sorted(unknown)} "
                                                f"or type {spec.get('type')!r}; types are {', '.join(TYPES)}")
            extra = {k: spec.pop(k) for k in list(spec) if k in extra_keys}
            spec.pop("description", None)
            spec["allowed"] = tuple(spec.get("allowed", ()))
            cols.append(Column(col, extra=extra, **spec))
        source = next((c for c in cols if c.name == "source"), None)
        if source is None or not source.required:
            raise ContentError(schema_file, f"{name}: every data file declares a required 'source' column")
        out[name] = tuple(cols)
    return out


@lru_cache(maxsize=8)
def _load_yaml(path: str, mtime: float) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def load_schemas(path: str | Path, section: str | None = None,
                 extra_keys: tuple[str, ...] = ()) -> dict[str, tuple[Column, ...]]:
    """Read a schema YAML file (optionally one top-level section of it)."""
    path = Path(path)
    doc = _load_yaml(str(path), path.stat().st_mtime)
    return parse_schemas(doc[section] if section else doc, path.name, extra_keys)


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


@lru_cache(maxsize=32)
def _column_values(path: str, column: str, mtime: float) -> frozenset[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return frozenset(r.get(column) or "" for r in csv.DictReader(f))


def read_table(path: str | Path, columns: tuple[Column, ...], label: str | None = None) -> Table:
    """Read one CSV and check every cell and row; never raises for a data problem."""
    path = Path(path)
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
                    other, other_col = col.references.split(":")
                    target = path.parent / other
                    valid = _column_values(str(target), other_col, target.stat().st_mtime) if target.is_file() else ()
                    for v in (value if isinstance(value, list) else [value]):
                        if v not in valid:
                            add(RowProblem(line, f"{v!r} is not in {other} column '{other_col}'", col.name,
                                        f"use a value from {other}, or add it there with its source"))
            table.rows.append(row)
            table.raw.append(raw)
            table.lines.append(line)
    if not table.rows and not table.problems:
        add(RowProblem(2, "the file has no data rows", fix="add at least one row"))
    return table


def raise_problems(label: str, problems: list, limit: int = 20) -> None:
    """Raise one ContentError listing the problems (the first ``limit``), if there are any."""
    if problems:
        text = "; ".join(str(p) for p in problems[:limit])
        if len(problems) > limit:
            text += f"; and {len(problems) - limit} more"
        raise ContentError(label, text)


def read_checked(path: str | Path, columns: tuple[Column, ...], label: str | None = None) -> list[dict[str, Any]]:
    """The typed rows of a CSV; a ContentError naming file, line, column and fix if any row is bad."""
    table = read_table(path, columns, label)
    raise_problems(table.label, table.problems)
    return table.rows
