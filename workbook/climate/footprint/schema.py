"""Declared schemas for the climate data files (``data/climate/schemas.yaml``).

A bad row fails with its file and line when the data is loaded, so a typo in a factor
breaks the build instead of reaching a participant as a wrong number. The typed reading and
the column checks are shared (:mod:`workbook.datafiles`); the unit check and the rules that
span columns are the climate extras kept here.
"""
from __future__ import annotations

from pathlib import Path

from workbook.climate.footprint.units import UnitProblem, parse
from workbook.datafiles import RowProblem, load_schemas, raise_problems, read_table
from workbook.units import CLIMATE_SCHEMA_KEYS


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


def _problems(path: Path) -> list[RowProblem] | None:
    schemas = load_schemas(path.parent / "schemas.yaml", extra_keys=CLIMATE_SCHEMA_KEYS)
    if path.name not in schemas:
        return None
    columns = schemas[path.name]
    table = read_table(path, columns)
    problems = list(table.problems)
    units = [c.name for c in columns if c.extra.get("unit")]
    for line, raw, row in zip(table.lines, table.raw, table.rows):
        for name in units:
            if row[name] is not None:
                try:
                    parse(row[name])
                except UnitProblem as exc:
                    problems.append(RowProblem(line, str(exc), name, "use a unit the course knows, e.g. kWh, kg, tkm"))
        problems += [RowProblem(line, m) for m in _rule_problems(path.name, raw)]
    return sorted(problems, key=lambda p: p.line)


def problems_in(path: str | Path) -> list[str]:
    """Every problem in one data file, each as 'file, line N: what is wrong'."""
    path = Path(path)
    problems = _problems(path)
    if problems is None:
        return [f"{path.name}: no schema declared in schemas.yaml"]
    return [f"{path.name}, {p}" for p in problems]


def check_file(path: str | Path) -> None:
    """Raise :class:`ContentError` listing every problem of a data file."""
    path = Path(path)
    problems = _problems(path)
    if problems is None:
        raise_problems(path.name, ["no schema declared in schemas.yaml"])
    raise_problems(path.name, problems or [])
