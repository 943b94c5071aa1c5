"""Declared schemas for the climate data files (``data/climate/schemas.yaml``).

A bad row fails with its file and line when the data is loaded, so a typo in a factor
breaks the build instead of reaching a participant as a wrong number.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from workbook.errors import ContentError

TYPES = ("str", "int", "float", "bool")


@lru_cache(maxsize=4)
def _schemas(folder: str) -> dict:
    import yaml

    with open(Path(folder) / "schemas.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _cell_problem(name: str, spec: dict, value: str) -> str | None:
    if value == "":
        return f"column '{name}' is required" if spec.get("required") else None
    kind = spec.get("type", "str")
    try:
        if kind == "int":
            v: object = int(value)
        elif kind == "float":
            v = float(value)
        elif kind == "bool":
            if value.lower() not in ("true", "false"):
                raise ValueError
            v = value.lower() == "true"
        else:
            v = value
    except ValueError:
        return f"column '{name}' must be {kind}, found {value!r}"
    if "allowed" in spec and v not in spec["allowed"]:
        return f"column '{name}' must be one of {spec['allowed']}, found {value!r}"
    if "pattern" in spec and not re.fullmatch(spec["pattern"], value):
        return f"column '{name}' does not match {spec['pattern']!r}, found {value!r}"
    if "min" in spec and isinstance(v, (int, float)) and v < spec["min"]:
        return f"column '{name}' must be at least {spec['min']}, found {value!r}"
    if "max" in spec and isinstance(v, (int, float)) and v > spec["max"]:
        return f"column '{name}' must be at most {spec['max']}, found {value!r}"
    if spec.get("unit"):
        from workbook.climate.units import UnitProblem, parse

        try:
            parse(value)
        except UnitProblem as exc:
            return f"column '{name}': {exc}"
    return None


def _rule_problems(file: str, row: dict) -> list[str]:
    """Rules that span columns (kept here, next to the schema they refine)."""
    out = []
    if file == "emission_factors.csv":
        if row["kg_co2e_per_unit"] == "" and not (
                row["basis"] == "residual_mix" and row["notes"].startswith("not available")):
            out.append("kg_co2e_per_unit is empty but the row is not a residual mix marked "
                       "'not available'")
        if row["quality"] in ("W", "U") and row["verified"].lower() != "false":
            out.append(f"quality {row['quality']} requires verified: false")
    if file == "activities.csv":
        if row["scope"] == "3" and not row["categories"]:
            out.append("a scope 3 activity must list its categories")
        if row["scope"] in ("1", "2") and row["categories"]:
            out.append("a scope 1 or 2 activity lists no categories")
    return out


def problems_in(path: str | Path) -> list[str]:
    """Every problem in one data file, each as 'file, line N: what is wrong'."""
    path = Path(path)
    schemas = _schemas(str(path.parent))
    if path.name not in schemas:
        return [f"{path.name}: no schema declared in schemas.yaml"]
    columns: dict = schemas[path.name]["columns"]
    problems: list[str] = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        if header != list(columns):
            return [f"{path.name}, line 1: columns are {header}, the schema declares {list(columns)}"]
        seen: dict[str, dict[str, int]] = {c: {} for c, s in columns.items() if s.get("unique")}
        for line, values in enumerate(reader, start=2):
            if len(values) != len(header):
                problems.append(f"{path.name}, line {line}: {len(values)} fields, expected {len(header)}")
                continue
            row = dict(zip(header, values))
            for name, spec in columns.items():
                msg = _cell_problem(name, spec, row[name])
                if msg:
                    problems.append(f"{path.name}, line {line}: {msg}")
                if name in seen and row[name]:
                    if row[name] in seen[name]:
                        problems.append(f"{path.name}, line {line}: duplicate {name} {row[name]!r} "
                                        f"(first on line {seen[name][row[name]]})")
                    seen[name][row[name]] = line
                ref = spec.get("references")
                if ref and row[name]:
                    other, col = ref.split(":")
                    if row[name] not in _column_values(str(path.parent / other), col):
                        problems.append(f"{path.name}, line {line}: {name} {row[name]!r} is not in "
                                        f"{other} column {col}")
            problems += [f"{path.name}, line {line}: {m}" for m in _rule_problems(path.name, row)]
    return problems


@lru_cache(maxsize=16)
def _column_values(path: str, column: str) -> frozenset[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return frozenset(r[column] for r in csv.DictReader(f))


def check_file(path: str | Path) -> None:
    """Raise :class:`ContentError` listing every problem of a data file."""
    problems = problems_in(path)
    if problems:
        raise ContentError(str(Path(path).name), "; ".join(problems[:20]) + (
            f"; and {len(problems) - 20} more" if len(problems) > 20 else ""))
