"""Yearly use: compare two reporting years line by line, and test for a base-year recalculation."""
from __future__ import annotations

import pandas as pd

from workbook.climate.footprint.factors import edition_of
from workbook.climate.footprint.inventory import Inventory, location_view, newer_editions, totals
from workbook.climate.footprint.plausibility import rules
from workbook.i18n import percent, tr
from workbook.language import language

KEY = ["scope", "category", "activity", "country", "description"]


def compare_years(a: Inventory, b: Inventory) -> pd.DataFrame:
    """Location-based t CO2e per activity in year A and year B, with the change and its cause.

    ``cause`` separates a change in activity data from a change in the factor (a new
    edition), because a year-on-year drop from a new factor edition is not a reduction;
    ``editions`` gives the data year of the factors in each year, and ``attrs["mixed_edition"]``
    says whether either year uses a newer list than itself (:func:`edition_check`).
    """
    def agg(inv: Inventory) -> pd.DataFrame:
        v = location_view(inv.lines).copy()
        v["category"] = v["category"].astype(int)
        g = v.groupby(KEY, dropna=False).agg(quantity=("quantity", "sum"), t_co2e=("t_co2e", "sum"),
                                              factor_id=("factor_id", lambda s: ", ".join(sorted(set(s)))))
        return g
    ga, gb = agg(a), agg(b)
    ya, yb = a.reporting_year, b.reporting_year
    df = ga.reset_index().merge(gb.reset_index(), on=KEY, how="outer", suffixes=(f"_{ya}", f"_{yb}"))
    for c in (f"t_co2e_{ya}", f"t_co2e_{yb}", f"quantity_{ya}", f"quantity_{yb}"):
        df[c] = df[c].fillna(0.0)
    df["change_t"] = df[f"t_co2e_{yb}"] - df[f"t_co2e_{ya}"]
    df["change_pct"] = (df["change_t"] / df[f"t_co2e_{ya}"].where(df[f"t_co2e_{ya}"] > 0)) * 100

    def cause(r) -> str:
        if r[f"t_co2e_{ya}"] == 0:
            return tr("new in {year}", year=yb)
        if r[f"t_co2e_{yb}"] == 0:
            return tr("gone in {year}", year=yb)
        parts = []
        if r[f"quantity_{ya}"] != r[f"quantity_{yb}"]:
            parts.append(tr("activity data"))
        if r[f"factor_id_{ya}"] != r[f"factor_id_{yb}"]:
            parts.append(tr("factor edition"))
        return tr(" and ").join(parts) or tr("no change")
    df["cause"] = df.apply(cause, axis=1)

    def editions(r) -> str:
        parts, newer = [], []
        for y in (ya, yb):
            ids = r[f"factor_id_{y}"]
            found = [edition_of(i) for i in str(ids).split(", ")] if isinstance(ids, str) else []
            years = sorted({f[0] for f in found if f})
            parts.append("/".join(map(str, years)) or "-")
            if any(f[0] > y for f in found if f):
                newer.append(y)
        text = " / ".join(parts)
        if len(newer) == 2:
            return text + tr(" (newer list in both years)")
        return text + (tr(" (newer list in {year})", year=newer[0]) if newer else "")
    df["editions"] = df.apply(editions, axis=1) if len(df) else pd.Series(dtype=object)

    limit = rules()["checks"]["year_on_year"]["max_change"] * 100  # course convention, in the data
    df["plausibility"] = [tr("change above {limit}%: check the data", limit=format(limit, "g"))
                          if pd.notna(p) and abs(p) > limit else ""
                          for p in df["change_pct"]]
    out = df.sort_values("change_t", key=abs, ascending=False).reset_index(drop=True)
    out.attrs["mixed_edition"] = edition_check(a, b)["mixed"]
    return out


def edition_check(a: Inventory, b: Inventory) -> dict:
    """Is the comparison of two years mixed-edition? Yes when either year uses factors from a list
    newer than that year: those factors do not change with the year while the others do."""
    na, nb = newer_editions(a), newer_editions(b)
    parts = [tr("{year} uses {n} factor(s) from a newer list ({editions}: {factors})", year=inv.reporting_year,
                n=len(n), editions=", ".join(sorted(set(n.values()))), factors=", ".join(n))
             for inv, n in ((a, na), (b, nb)) if n]
    if not parts:
        return {"mixed": False, "text": tr("Every factor comes from the edition of its reporting year or an older one.")}
    return {"mixed": True, "text": tr("Mixed-edition comparison: {parts}. A change on those lines can hide or "
                                      "exaggerate a change of factor edition: compare them with care.",
                                      parts="; ".join(parts))}


def needs_recalculation(base: Inventory, structural_change_t: float, threshold: float | None = None) -> dict:
    """Whether a structural change (acquisition, divestment, outsourcing, method change) is
    significant against the base year, under the company's own threshold.

    The GHG Protocol leaves the threshold to the company (it gives 10% only as an example).
    """
    threshold = base.company.significance_threshold if threshold is None else threshold
    base_total = totals(base)["total_location"]
    share = abs(structural_change_t) / base_total if base_total else float("inf")
    return {"base_year_total_t": base_total, "change_t": structural_change_t, "share": share,
            "threshold": threshold, "recalculate": share >= threshold,
            "why": (tr("the change is {share} of the base-year total, at or above the threshold of {threshold}",
                       share=_share(share, 1), threshold=_share(threshold, 0)) if share >= threshold else
                    tr("the change is {share} of the base-year total, below the threshold of {threshold}",
                       share=_share(share, 1), threshold=_share(threshold, 0)))}


def _share(value: float, decimals: int) -> str:
    """A share as the reader writes it (English as it always was: ``12.5%``)."""
    return f"{value:.{decimals}%}" if language() == "en" else percent(value, decimals)
