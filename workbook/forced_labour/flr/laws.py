"""Forced-labour laws outside the EU (and the EU's other supply-chain laws), side by side.

The table is data (``data/forced_labour/flr/laws.csv``), each row with its source and the
date it was checked; points not confirmed are listed per row in ``unconfirmed``. The table's
column names and the kind of law are shown in the reader's language; ``by_type`` keeps the codes.
"""
from __future__ import annotations

from typing import Any

from workbook.errors import InputError, Problem
from workbook.forced_labour.flr.facts import load_table
from workbook.i18n import N_, tr

COMPARE_COLUMNS = ("law", "jurisdiction", "type", "scope", "obligation", "enforcement", "key_dates")
COLUMN_NAMES = {"law": N_("law"), "jurisdiction": N_("jurisdiction"), "type": N_("type"), "scope": N_("scope"),
                "obligation": N_("obligation"), "enforcement": N_("enforcement"), "key_dates": N_("key_dates"),
                "not confirmed": N_("not confirmed"), "source": N_("source"), "checked": N_("checked")}
TYPES = (N_("product ban"), N_("import ban"), N_("disclosure"), N_("due diligence"), N_("disclosure and import ban"),
         N_("ban and due diligence"))  # the allowed values of laws.csv's type, shown with tr()


def laws() -> list[dict[str, Any]]:
    return load_table("laws.csv")


def comparison(ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows for a comparison table, in data order; ``ids`` picks and orders a subset."""
    rows = {r["id"]: r for r in laws()}
    if ids is not None:
        unknown = [i for i in ids if i not in rows]
        if unknown:
            raise InputError([Problem(tr("unknown law id {id}", id=repr(i)), column="ids",
                                      fix=tr("use one of {choices}", choices=", ".join(rows))) for i in unknown])
    chosen = [rows[i] for i in ids] if ids is not None else list(rows.values())
    name = {c: tr(n) for c, n in COLUMN_NAMES.items()}
    return [{**{name[c]: (tr(r[c]) if c == "type" else r[c]) for c in COMPARE_COLUMNS},
             name["not confirmed"]: r["unconfirmed"] or "",
             name["source"]: r["source"], name["checked"]: r["date_checked"].isoformat()} for r in chosen]


def by_type() -> dict[str, list[str]]:
    """Law names grouped by the kind of instrument (ban, disclosure, due diligence)."""
    out: dict[str, list[str]] = {}
    for r in laws():
        out.setdefault(r["type"], []).append(r["law"])
    return out
