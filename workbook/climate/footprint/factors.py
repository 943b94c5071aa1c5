"""Choosing the emission factor for an activity, a country and a reporting year.

Rule, stated once: among the factors of the activity, take the country's own row, else a
row valid for any country (``ANY``); of those, the newest edition whose year is not after
the chosen factor year (by default the reporting year). When every edition is newer, the
oldest one is used and the line says so ("newer list used"); the footprint lists those
factors (``newer_editions``) so a participant can disclose it and compare years with care.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbook.climate.footprint.facts import factor_table
from workbook.paths import data_cache


@dataclass(frozen=True)
class Factor:
    id: str
    value: float | None
    unit: str
    mj_per_unit: float | None
    source: str
    verified: bool
    year: int
    edition: str
    basis: str
    note: str = ""

    @property
    def citation(self) -> str:
        return self.source


def _pick_year(rows: pd.DataFrame, factor_year: int) -> tuple[pd.Series, str]:
    older = rows[rows["year"] <= factor_year]
    if len(older):
        row = older.sort_values(["year", "id"]).iloc[-1]
        return row, ""
    row = rows.sort_values(["year", "id"]).iloc[0]
    return row, (f"newer list used: the {row['edition']} edition (the course's sources have no edition "
                 f"for {factor_year} or earlier)")


def edition_of(factor_id: str) -> tuple[int, str] | None:
    """(data year, edition) of a database factor, also for a split one (``id*split:part``)."""
    found = _by_id().get(str(factor_id).split("*", 1)[0])
    return None if found is None else (found[0], found[1])


def gwp_basis_of(factor_id: str) -> str | None:
    """The GWP set a database factor was published with (AR5, AR6, ..., or 'n/a'); None: not ours."""
    found = _by_id().get(str(factor_id).split("*", 1)[0])
    return None if found is None else found[2]


def publisher_of(factor_id: str) -> str | None:
    """The publisher part of a factor's source (before the title), for short disclosures."""
    found = _by_id().get(str(factor_id).split("*", 1)[0])
    return None if found is None else found[3]


@data_cache
def _by_id() -> dict[str, tuple[int, str, str, str]]:
    t = factor_table()
    return {i: (int(y), str(e), str(g), _publisher(str(src)))
            for i, y, e, g, src in zip(t["id"], t["year"], t["edition"], t["gwp_basis"], t["source"])}


def _publisher(source: str) -> str:
    if "co2emissiefactoren.nl" in source:
        return "the Dutch list (co2emissiefactoren.nl)"
    if source.startswith("IPCC"):
        return "IPCC (refrigerant GWPs)"
    return source.split(":", 1)[0].strip()


def _as_factor(row: pd.Series, note: str) -> Factor:
    value = row["kg_co2e_per_unit"]
    mj = row["energy_mj_per_unit"]
    notes = [n for n in (note, "" if row["verified"] else "UNVERIFIED factor (verified: false)") if n]
    return Factor(id=row["id"], value=None if pd.isna(value) else float(value), unit=row["unit"],
                  mj_per_unit=None if pd.isna(mj) else float(mj), source=row["source"],
                  verified=bool(row["verified"]), year=int(row["year"]), edition=str(row["edition"]),
                  basis=row["basis"], note="; ".join(notes))


def find(activity: str, country: str | None, factor_year: int, bases: tuple[str, ...],
         gwp_set: str | None = None, table: pd.DataFrame | None = None) -> Factor | None:
    """The factor for an activity (or None), following the rule in the module docstring.

    ``bases`` lists acceptable bases in order of preference (e.g. generation before
    lifecycle for a grid).
    """
    if table is None:
        return _find_in_database(activity, country, factor_year, tuple(bases), gwp_set)
    return _find(table, activity, country, factor_year, bases, gwp_set)


@data_cache(maxsize=8192)
def _find_in_database(activity: str, country: str | None, factor_year: int, bases: tuple[str, ...],
                      gwp_set: str | None) -> Factor | None:
    """:func:`find` on the factor database, remembered (Factor is immutable); per activity the
    search runs on that activity's few rows, not on the whole table."""
    rows = _by_activity().get(activity)
    if rows is None:
        return None
    return _find(rows, activity, country, factor_year, bases, gwp_set)


@data_cache
def _by_activity() -> dict[str, pd.DataFrame]:
    return {a: rows for a, rows in factor_table().groupby("activity", sort=False)}


def _find(t: pd.DataFrame, activity: str, country: str | None, factor_year: int, bases: tuple[str, ...],
          gwp_set: str | None) -> Factor | None:
    rows = t[(t["activity"] == activity) & t["basis"].isin(bases)]
    if gwp_set is not None and (rows["basis"] == "gwp").any():
        rows = rows[rows["gwp_basis"] == gwp_set]
    if rows.empty:
        return None
    for region in ([country] if country else []) + ["ANY"]:
        here = rows[rows["region"] == region]
        if here.empty:
            continue
        for basis in bases:
            same = here[here["basis"] == basis]
            if len(same):
                row, note = _pick_year(same, factor_year)
                return _as_factor(row, note)
    return None
