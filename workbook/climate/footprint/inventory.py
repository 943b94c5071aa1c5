"""The GHG inventory of one reporting year: emission lines plus totals by scope and category.

This is the stable interface other modules build on (the targets engine, the results file,
the notebooks): :func:`compute_inventory` makes an :class:`Inventory` from activity rows,
:func:`totals` sums it, and :func:`footprint_json` gives the CLI's JSON contract.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbook.climate.footprint.calculate import OUTSIDE_SCOPES, calculate_lines
from workbook.climate.footprint.facts import category_table
from workbook.climate.footprint.factors import edition_of, gwp_basis_of, publisher_of
from workbook.climate.footprint.plausibility import check_inventory
from workbook.errors import InputError, Problem
from workbook.i18n import N_, tr, translate
from workbook.language import language

SCOPE3_CATEGORIES = tuple(range(1, 16))
GWP_SETS = ("AR5", "AR6")


@dataclass(frozen=True)
class Company:
    """What the inventory is of: the company sheet of the template."""

    name: str = "(unnamed company)"
    sector: str = "other"
    reporting_year: int = 0
    base_year: int | None = None
    consolidation: str = "operational_control"
    gwp_set: str = "AR5"
    factor_year: int | None = None
    significance_threshold: float = 0.05
    employees: int | None = None
    turnover_eur: float | None = None
    country: str = "NL"
    gas_kwh_basis: str | None = None  # "gross" or "net"; None: not said (gross assumed, and noted)


@dataclass(frozen=True)
class Inventory:
    """Emission lines of one reporting year and how they were made."""

    reporting_year: int
    lines: pd.DataFrame
    company: Company = field(default_factory=Company)
    notes: tuple[str, ...] = ()
    input_file: str | None = None
    input_sha256: str | None = None
    # Plausibility warnings (not errors): {sheet, row, column, message, check}; see plausibility.py.
    warnings: tuple[dict, ...] = ()
    # The language the input file names its sheets and columns in (the warnings name them so).
    language: str = "en"

    @property
    def sources(self) -> list[str]:
        used = self.lines.loc[self.lines["factor_id"] != "own factor", "factor_source"]
        return sorted(set(used))

    @property
    def unverified_factors(self) -> list[str]:
        return sorted(set(self.lines.loc[~self.lines["verified"].astype(bool), "factor_id"]))


def compute_inventory(activities: pd.DataFrame, *, reporting_year: int | None = None,
                      company: Company | None = None, input_file: str | None = None,
                      input_sha256: str | None = None) -> Inventory:
    """The inventory of one reporting year from normalised activity rows.

    Rows with an empty year belong to the reporting year. Pure: no files are read.
    """
    company = company or Company()
    year = int(reporting_year or company.reporting_year)
    if not year:
        raise InputError([Problem("no reporting year", column="reporting_year",
                                  fix="fill in the reporting year")])
    acts = activities
    if len(acts) and "year" in acts.columns:
        years = pd.to_numeric(acts["year"], errors="coerce")
        keep = (years.isna() | (years == year)).to_numpy(dtype=bool)
        if not keep.all():  # a copy only when another year is in the file
            acts = acts[keep]
    lines = calculate_lines(acts, reporting_year=year, gwp_set=company.gwp_set,
                            factor_year=company.factor_year, gas_kwh_basis=company.gas_kwh_basis)
    notes = [gwp_note(lines, company.gwp_set)]
    notes += sorted({part for n in lines["note"].unique() for part in str(n).split("; ") if part})
    newer = newer_editions_of(lines, company.factor_year or year)
    if newer:
        notes.append(f"Newer factor list used for {company.factor_year or year}: the course's sources have no "
                     f"edition for that year of {', '.join(sorted(newer))}, so their newer edition is used "
                     f"({', '.join(sorted(set(newer.values())))}). The rule is to use the list of the reporting "
                     "year: disclose this, and compare years with care (mixed editions).")

    warnings = check_inventory(lines, activities, reporting_year=year, sector=company.sector,
                               factor_year=company.factor_year, gwp_set=company.gwp_set)
    return Inventory(year, lines, company, tuple(notes), input_file, input_sha256, tuple(warnings))


def gwp_sets_of(lines: pd.DataFrame) -> dict[str, list[str]]:
    """{GWP set: publishers} of the database factors behind the lines ('n/a' sets left out)."""
    out: dict[str, set[str]] = {}
    for fid in lines["factor_id"].astype(str).unique() if len(lines) else ():
        gwp = gwp_basis_of(fid)
        if gwp and gwp != "n/a":
            out.setdefault(gwp, set()).add(publisher_of(fid) or "")
    return {k: sorted(v) for k, v in sorted(out.items())}


def gwp_basis(lines: pd.DataFrame, chosen: str) -> str:
    """'mixed' when the factors behind the lines were published with more than one GWP set."""
    sets = list(gwp_sets_of(lines))
    return "mixed" if len(sets) > 1 else (sets[0] if sets else chosen)


def gwp_note(lines: pd.DataFrame, chosen: str) -> str:
    sets = gwp_sets_of(lines)
    which = "; ".join(f"{k}: {', '.join(v)}" for k, v in sets.items())
    if len(sets) > 1:
        return (f"GWP: mixed ({', '.join(sets)}). Refrigerant leaks use the chosen set ({chosen}); the other "
                f"factors are used as their sources publish them ({which}), so the inventory is not on one GWP "
                "set. Disclose both (see each factor's gwp_basis).")
    return (f"GWP: {gwp_basis(lines, chosen)}. Refrigerant leaks use the chosen set ({chosen}); the other factors "
            f"with a stated GWP set use the same one{f' ({which})' if which else ''}. Factors marked n/a "
            "(Ember, Kering, US EPA) state no GWP set.")


def newer_editions_of(lines: pd.DataFrame, year: int) -> dict[str, str]:
    """Database factors used from an edition newer than ``year``: {factor id: edition}."""
    out = {}
    for fid in lines["factor_id"].astype(str).unique() if len(lines) else ():
        found = edition_of(fid)
        if found and found[0] > year:
            out[fid] = found[1]
    return dict(sorted(out.items()))


def countries_without_grid_data(inv: Inventory) -> list[str]:
    """Countries whose electricity used the world average because the sources have no grid data."""
    ln = inv.lines
    if ln.empty:
        return []
    world = ln["factor_id"].astype(str).str.contains("-grid-world") & (ln["country"].astype(str) != "WLD")
    return sorted(set(ln.loc[world, "country"].astype(str)))


def newer_editions(inv: Inventory) -> dict[str, str]:
    """The inventory's factors taken from a list newer than its reporting (or factor) year."""
    return newer_editions_of(inv.lines, inv.company.factor_year or inv.reporting_year)


def _arrays(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns the totals need, as plain arrays (no copies of the whole table)."""
    return {"t": lines["t_co2e"].to_numpy(dtype=float), "kg": lines["kg_co2e"].to_numpy(dtype=float),
            "memo": lines["memo"].to_numpy(dtype=bool), "scope": lines["scope"].to_numpy(dtype=np.int64),
            "category": lines["category"].to_numpy(dtype=np.int64),
            "market": (lines["scope2_method"] == "market").to_numpy(dtype=bool),
            "location": (lines["scope2_method"] == "location").to_numpy(dtype=bool)}


def totals(inv: Inventory) -> dict:
    """Totals in t CO2e by scope, scope 2 method and scope 3 category (memo items apart).

    Memo items are outside the totals: optional scope 3 items by category (``memo``), and gases
    outside the Kyoto basket by activity (``memo_outside_scopes``), which are in no scope at all.
    """
    a = _arrays(inv.lines)
    counted = ~a["memo"]
    t = a["t"]
    s1 = float(t[counted & (a["scope"] == 1)].sum())
    s2l = float(t[counted & (a["scope"] == 2) & a["location"]].sum())
    s2m = float(t[counted & (a["scope"] == 2) & a["market"]].sum())
    s3_mask = counted & (a["scope"] == 3)
    s3 = pd.Series(t[s3_mask]).groupby(a["category"][s3_mask]).sum()
    cats = {str(c): float(s3.get(c, 0.0)) for c in SCOPE3_CATEGORIES}
    memo_mask = ~counted & (a["scope"] == 3)
    memo_sum = pd.Series(t[memo_mask]).groupby(a["category"][memo_mask]).sum()
    memo = {str(c): float(v) for c, v in memo_sum.items()}
    out_mask = ~counted & (a["scope"] == OUTSIDE_SCOPES)
    outside_sum = pd.Series(t[out_mask]).groupby(inv.lines["activity"].astype(str).to_numpy()[out_mask]).sum()
    memo_outside = {str(k): float(v) for k, v in outside_sum.items()}
    s3_total = float(sum(cats.values()))
    out = {
        "scope1": s1, "scope2_location": s2l, "scope2_market": s2m, "scope3": cats,
        "scope3_total": s3_total, "total_location": s1 + s2l + s3_total,
        "total_market": s1 + s2m + s3_total,
        "memo": memo,
        "memo_outside_scopes": memo_outside,
    }
    if not all(np.isfinite(v) for v in (s1, s2l, s2m, s3_total, *memo.values(), *memo_outside.values())):
        raise InputError([Problem("a total is not a finite number: a quantity or factor is far too large",
                                  column="quantity", fix="check the largest quantities and their units")],
                         title="The footprint cannot be added up")
    return out


def _location_mask(lines: pd.DataFrame) -> np.ndarray:
    return ~(lines["scope2_method"] == "market").to_numpy(dtype=bool) & ~lines["memo"].to_numpy(dtype=bool)


def location_view(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines of the location-based total (market-based scope 2 and memo items left out)."""
    return lines[_location_mask(lines)]


def data_quality_score(inv: Inventory) -> float | None:
    """Emission-weighted mean data-quality score (1 very good … 5 unknown), location view."""
    mask = _location_mask(inv.lines)
    w = inv.lines["kg_co2e"].to_numpy(dtype=float)[mask]
    if w.sum() <= 0:
        return None
    return float(np.average(inv.lines["data_quality"].to_numpy(dtype=float)[mask], weights=w))


def by_category(inv: Inventory) -> pd.DataFrame:
    """One row per scope / scope 3 category: t CO2e and share of the location-based total."""
    t = totals(inv)

    names = category_table()["name"]
    rows = [(N_("Scope 1"), tr("Direct emissions"), t["scope1"]),
            (N_("Scope 2 (location-based)"), tr("Purchased energy"), t["scope2_location"])]
    rows += [(f"Scope 3.{c}", names.loc[c], t["scope3"][str(c)]) for c in SCOPE3_CATEGORIES]
    df = pd.DataFrame(rows, columns=["part", "name", "t_co2e"])
    total = t["total_location"]
    df["share"] = df["t_co2e"] / total if total else 0.0
    v = location_view(inv.lines)
    key = np.where(v["scope"] == 3, "Scope 3." + v["category"].astype(str),
                   np.where(v["scope"] == 1, "Scope 1", "Scope 2 (location-based)"))
    dq = v.assign(part=key, w=v["kg_co2e"] * v["data_quality"]).groupby("part")[["w", "kg_co2e"]].sum()
    df["data_quality"] = df["part"].map((dq["w"] / dq["kg_co2e"].where(dq["kg_co2e"] > 0)).to_dict())
    return df


# The calculation's notes as the engine writes them (in English, into the footprint JSON), with
# {fields} for what varies: :func:`note_text` reads a note back against these and shows it in the
# reader's language. A note no template matches is shown as it is.
NOTE_TEMPLATES = (
    N_("GWP: {basis}. Refrigerant leaks use the chosen set ({chosen}); the other factors with a stated GWP set use "
       "the same one{which}. Factors marked n/a (Ember, Kering, US EPA) state no GWP set."),
    N_("GWP: mixed ({sets}). Refrigerant leaks use the chosen set ({chosen}); the other factors are used as their "
       "sources publish them ({which}), so the inventory is not on one GWP set. Disclose both (see each factor's "
       "gwp_basis)."),
    N_("Newer factor list used for {year}: the course's sources have no edition for that year of {factors}, so "
       "their newer edition is used ({editions}). The rule is to use the list of the reporting year: disclose "
       "this, and compare years with care (mixed editions)."),
    N_("newer list used: the {edition} edition (the course's sources have no edition for {year} or earlier)"),
    N_("AIB publishes no residual mix for {country} for this year (not available): the market-based line uses the "
       "grid average. Disclose this, or give the supplier's label factor"),
    N_("AIB publishes no residual mix for {country} for this year (not available): the market-based line uses the "
       "(own) grid average. Disclose this, or give the supplier's label factor"),
    N_("no residual mix for {country} in the database: the market-based line uses the grid average. Disclose this, "
       "or give the supplier's label factor"),
    N_("no residual mix for {country} in the database: the market-based line uses the (own) grid average. "
       "Disclose this, or give the supplier's label factor"),
    N_("residual mix, AIB edition {edition}"),
    N_("life-cycle grid factor split with a generation share of {share} ({detail}"),
    N_("{source}, a proxy: no direct grid factor for this country in the course's sources"),
    N_("no grid data for {country} in the course's sources: the location-based line uses the world average, which "
       "can be far from that country's grid"),
    N_("{label}: not a Kyoto gas: reported apart as a memo line, not in scope 1 and not in the totals "
       "(GHG Protocol Corporate Standard, ch. 4 and ch. 9)"),
    N_("reporting year not given: assumed {year} (last calendar year); pass --year to choose"),
    N_("country empty: assumed NL"),
    N_("UNVERIFIED factor (verified: false)"),
    N_("give the country's own location-based factor if you have one"),
    N_("no average heat-network factor for {country} in the course's sources: the supplier's factor is used in both "
       "the location- and the market-based total"),
    N_("upstream of the heat not included"),
    N_("carrier's fuel: combustion (the carrier's scope 1, the minimum boundary of categories 4 and 9)"),
    N_("the fuel's well-to-tank part is not added"),
    N_("transmission and distribution losses: consumption x the T&D loss rate given x the location-based "
       "generation factor (Scope 3 Technical Guidance, category 3 (d))"),
    N_("the upstream of the lost electricity is not added"),
    N_("{unit} converted with the net calorific value of the factor's source ({mj} MJ per {per})"),
    N_("gas in {unit} read as gross calorific value (as the template says): {mj} MJ per {per} (net, the factor's "
       "source) × {ratio} gross/net ({id}) = {gross} MJ"),
    N_("gas in {unit} read as net calorific value (as the template says): {mj} MJ per {per}"),
    N_("gas in {unit} read as gross calorific value (default: the template does not say"),
    N_("gas in {unit} read as net calorific value (default: the template does not say"),
    N_("set it on the Company sheet): {mj} MJ per {per} (net, the factor's source) × {ratio} gross/net ({id}) = "
       "{gross} MJ"),
    N_("set it on the Company sheet): {mj} MJ per {per}"),
)


@functools.lru_cache(maxsize=1)
def _note_patterns() -> list[tuple[str, Any]]:
    out = []
    for template in NOTE_TEMPLATES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
        out.append((template, re.compile(regex + r"\Z", re.S)))
    return out


def note_text(note: str) -> str:
    """A note of the calculation in the reader's language (the footprint JSON keeps the English)."""
    if language() == "en" or not note:
        return note
    found = translate(note)
    if found != note:
        return found
    for template, pattern in _note_patterns():
        match = pattern.match(note)
        if match:
            return tr(template, **{k: translate(v) for k, v in match.groupdict().items()})
    return note


def part_name(part: str) -> str:
    """A part of the footprint (``Scope 1``, ``Scope 2 (location-based)``, ``Scope 3.4``) as the reader names it."""
    return part if part.startswith("Scope 3.") else tr(part)


def scope3_by_activity(inv: Inventory, digits: int = 3) -> dict[str, dict[str, float]]:
    """Scope 3 t CO2e per category and activity (location view): lets the targets engine take a
    lever's affected share from the company's own footprint (e.g. air freight in category 4)."""
    v = location_view(inv.lines)
    s3 = v[v["scope"] == 3]
    if s3.empty:
        return {}
    g = s3.groupby([s3["category"].astype(int), s3["activity"].astype(str)])["t_co2e"].sum()
    out: dict[str, dict[str, float]] = {}
    for (cat, activity), t in g.items():
        out.setdefault(str(cat), {})[activity] = round(float(t), digits)
    return {k: out[k] for k in sorted(out, key=int)}


def supplier_share(inv: Inventory) -> float:
    """Share of scope 3 emissions calculated with supplier-specific data (a Scope 3 disclosure)."""
    ln = inv.lines
    mask = _location_mask(ln) & (ln["scope"].to_numpy() == 3)
    t = ln["t_co2e"].to_numpy(dtype=float)[mask]
    total = t.sum()
    own = (ln["method"] == "supplier-specific").to_numpy(dtype=bool)[mask]
    return float(t[own].sum() / total) if total else 0.0


def footprint_json(inv: Inventory, digits: int = 3) -> dict:
    """The footprint as the CLI's JSON contract (t CO2e); extra keys may be added, never removed."""
    t = totals(inv)
    r = lambda x: round(float(x), digits)  # noqa: E731
    dq = data_quality_score(inv)
    return {
        "reporting_year": inv.reporting_year,
        "unit": "t CO2e",
        "company": inv.company.name,
        "base_year": inv.company.base_year,
        "gwp_set": inv.company.gwp_set,
        "gwp_basis": gwp_basis(inv.lines, inv.company.gwp_set),
        "gwp_sets_used": list(gwp_sets_of(inv.lines)),
        "scope1": r(t["scope1"]),
        "scope2_location": r(t["scope2_location"]),
        "scope2_market": r(t["scope2_market"]),
        "scope3": {k: r(v) for k, v in t["scope3"].items()},
        "scope3_total": r(t["scope3_total"]),
        "total_location": r(t["total_location"]),
        "total_market": r(t["total_market"]),
        "memo": {k: r(v) for k, v in t["memo"].items()},
        "memo_outside_scopes": {k: r(v) for k, v in t["memo_outside_scopes"].items()},
        "scope3_by_activity": scope3_by_activity(inv, digits),
        "data_quality": None if dq is None else round(dq, 2),
        "supplier_specific_share_scope3": round(supplier_share(inv), 4),
        "unverified_factors": inv.unverified_factors,
        "newer_editions": newer_editions(inv),
        "countries_without_grid_data": countries_without_grid_data(inv),
        "notes": list(inv.notes),
        "warnings": [dict(w) for w in inv.warnings],
        "sources": inv.sources,
    }


def as_inventory(shown: Any) -> Inventory:
    """The inventory of what a notebook shows: an Inventory itself, or anything that holds one
    (the loaded company file, the participant's company)."""
    return shown if isinstance(shown, Inventory) else shown.inventory
