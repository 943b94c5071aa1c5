"""Materiality screening: a rough estimate for each of the 15 scope 3 categories, ranked.

The rule (``data/climate/screening.yaml``) is a stated course convention: a category is
material when it is at least a minimum share of the screened total, or among the largest
categories that together reach a cumulative share.
"""
from __future__ import annotations

import pandas as pd

from workbook.climate.footprint.calculate import calculate_lines
from workbook.climate.footprint.facts import category_table, screening_rule
from workbook.i18n import N_, tr

NOT_SCREENED, ESTIMATE, TIMES_FACTOR = N_("not screened"), N_("estimate (t CO2e)"), N_("{activity} × factor")


def rule_text() -> str:
    r = screening_rule()
    return r["rule"].format(min_share=r["min_share"], cumulative_share=r["cumulative_share"])


def screening_basis(basis: str) -> str:
    """The basis of a screening estimate as the reader reads it (the table keeps the English)."""
    if basis in (NOT_SCREENED, ESTIMATE):
        return tr(basis)
    suffix = TIMES_FACTOR.split("}", 1)[1]
    return tr(TIMES_FACTOR, activity=basis[:-len(suffix)]) if basis.endswith(suffix) else basis


def screen(rows: list[dict], reporting_year: int) -> pd.DataFrame:
    """Rank the 15 categories by their screening estimate (t CO2e) and mark the material ones.

    Each row: ``category`` plus either ``estimate_t`` or ``activity`` + ``quantity`` + ``unit``
    (e.g. a spend activity in EUR), and optional ``notes``.
    """
    rule = screening_rule()
    est = {c: 0.0 for c in range(1, 16)}
    basis = {c: NOT_SCREENED for c in range(1, 16)}
    notes = {c: "" for c in range(1, 16)}
    calc = []
    for r in rows:
        c = int(r["category"])
        notes[c] = r.get("notes") or ""
        if r.get("estimate_t") is not None:
            est[c] += float(r["estimate_t"])
            basis[c] = ESTIMATE
        elif r.get("activity") and r.get("quantity") is not None:
            calc.append({"file": None, "sheet": "Screening", "row": c + 1, "year": reporting_year,
                         "scope": 3, "category": c, "activity": r["activity"], "description": "",
                         "country": None, "quantity": r["quantity"], "unit": r.get("unit"),
                         "factor_kg_co2e": None, "factor_unit": None, "data_quality": None})
            basis[c] = TIMES_FACTOR.format(activity=r["activity"])
    if calc:
        lines = calculate_lines(pd.DataFrame(calc), reporting_year=reporting_year)
        lines = lines[lines["category"] == lines["row"] - 1]  # the category's own line, not its WTT
        for c, t in lines.groupby("category")["t_co2e"].sum().items():
            est[int(c)] += float(t)
    names = category_table()["name"]
    df = pd.DataFrame({"category": list(est), "name": [names.loc[c] for c in est],
                       "estimate_t_co2e": list(est.values()), "basis": [basis[c] for c in est],
                       "notes": [notes[c] for c in est]})
    total = df["estimate_t_co2e"].sum()
    df = df.sort_values(["estimate_t_co2e", "category"], ascending=[False, True]).reset_index(drop=True)
    df["share"] = df["estimate_t_co2e"] / total if total else 0.0
    df["cumulative_share"] = df["share"].cumsum()
    before = df["cumulative_share"] - df["share"]
    df["material"] = (df["estimate_t_co2e"] > 0) & (
        (df["share"] >= rule["min_share"]) | (before < rule["cumulative_share"]))
    df["rank"] = range(1, 16)
    return df[["rank", "category", "name", "estimate_t_co2e", "share", "cumulative_share", "material",
               "basis", "notes"]]
