"""The climate data files' rules that span columns (declared in words in ``data/climate/schemas.yaml``).

The columns, their types and the unit check are declared in the schemas.yaml and checked by
:mod:`workbook.schemas`; a rule that needs two columns of a row is checked here, named by the
entry's ``rules_checked_by``.
"""
from __future__ import annotations

from workbook.datafiles import RowProblem, Table


def factor_rules(table: Table) -> list[RowProblem]:
    """emission_factors.csv: an empty factor only for a residual mix marked not available;
    a weak or unverified source is never marked verified."""
    out = []
    for line, row in zip(table.lines, table.raw):
        if row["kg_co2e_per_unit"] == "" and not (
                row["basis"] == "residual_mix" and row["notes"].startswith("not available")):
            out.append(RowProblem(line, "kg_co2e_per_unit is empty but the row is not a residual mix marked "
                                        "'not available'"))
        if row["quality"] in ("W", "U") and row["verified"].lower() != "false":
            out.append(RowProblem(line, f"quality {row['quality']} requires verified: false"))
    return out


def activity_rules(table: Table) -> list[RowProblem]:
    """activities.csv: scope 3 activities list their categories, scope 1 and 2 list none."""
    out = []
    for line, row in zip(table.lines, table.raw):
        if row["scope"] == "3" and not row["categories"]:
            out.append(RowProblem(line, "a scope 3 activity must list its categories"))
        if row["scope"] in ("1", "2") and row["categories"]:
            out.append(RowProblem(line, "a scope 1 or 2 activity lists no categories"))
    return out
