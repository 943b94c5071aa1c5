"""Forced-labour laws outside the EU (and the EU's other supply-chain laws), side by side.

The table is data (``data/forced_labour/flr/laws.csv``), each row with its source and the
date it was checked; points not confirmed are listed per row in ``unconfirmed``.
"""
from __future__ import annotations

from typing import Any

from workbook.errors import InputError, Problem
from workbook.forced_labour.flr.facts import load_table

COMPARE_COLUMNS = ("law", "jurisdiction", "type", "scope", "obligation", "enforcement", "key_dates")


def laws() -> list[dict[str, Any]]:
    return load_table("laws.csv")


def comparison(ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows for a comparison table, in data order; ``ids`` picks and orders a subset."""
    rows = {r["id"]: r for r in laws()}
    if ids is not None:
        unknown = [i for i in ids if i not in rows]
        if unknown:
            raise InputError([Problem(f"unknown law id {i!r}", column="ids",
                                      fix="use one of " + ", ".join(rows)) for i in unknown])
    chosen = [rows[i] for i in ids] if ids is not None else list(rows.values())
    return [{**{c: r[c] for c in COMPARE_COLUMNS},
             "not confirmed": r["unconfirmed"] or "",
             "source": r["source"], "checked": r["date_checked"].isoformat()} for r in chosen]


def by_type() -> dict[str, list[str]]:
    """Law names grouped by the kind of instrument (ban, disclosure, due diligence)."""
    out: dict[str, list[str]] = {}
    for r in laws():
        out.setdefault(r["type"], []).append(r["law"])
    return out
