"""Activity data → emission lines: scope, category, method, factor and data quality per line.

The calculation is vectorised: rows that share an activity, country, unit and scope are
resolved once (factor choice, unit conversion) and multiplied as arrays, so a million
activity lines take well under a second. :func:`calculate_rows_loop` is the plain
per-row reference used to check (and benchmark) it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.climate.data import activity_table, method_table
from workbook.climate.factors import Factor, find
from workbook.climate.units import UnitProblem, conversion
from workbook.errors import InputError, Problem

# The normalised activity table every reader (template, CSV, widget) produces.
ACTIVITY_COLUMNS = ["file", "sheet", "row", "year", "scope", "category", "activity", "description",
                    "country", "quantity", "unit", "factor_kg_co2e", "factor_unit", "data_quality"]

LINE_COLUMNS = ["sheet", "row", "year", "scope", "category", "scope2_method", "activity",
                "description", "country", "quantity", "unit", "method", "factor_id",
                "factor_kg_co2e", "factor_unit", "factor_source", "kg_co2e", "t_co2e",
                "data_quality", "memo", "verified", "note"]

GRID_BASES = ("generation", "lifecycle")
DEFAULT_COUNTRY = "NL"
MAX_PROBLEMS_PER_GROUP = 20


@dataclass(frozen=True)
class LineSpec:
    """One emission line to make from each activity row of a group."""

    scope: int
    category: int  # 0 = none
    scope2_method: str  # "location", "market" or ""
    factor: Factor | None  # None: the row's own (supplier) factor
    method: str
    memo: bool = False
    note: str = ""
    dq_method: str = ""  # the methods.csv row that gives the default data-quality score

    @property
    def quality_method(self) -> str:
        return self.dq_method or self.method


class PlanProblem(Exception):
    """A group of rows cannot be calculated; the message says why and what to do."""

    def __init__(self, message: str, column: str, fix: str):
        super().__init__(message)
        self.column, self.fix = column, fix


def empty_activities() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ACTIVITY_COLUMNS})


def _grid(country: str, factor_year: int) -> Factor | None:
    f = find("electricity", country, factor_year, GRID_BASES)
    if f is None:
        world = find("electricity", "WLD", factor_year, ("lifecycle",))
        if world is not None:
            return Factor(**{**world.__dict__, "note": f"no grid factor for {country}: used the world "
                             "average; look for a national factor"})
    return f


def plan(activity: str, country: str, scope: int, category: int, has_factor: bool,
         factor_year: int, gwp_set: str) -> list[LineSpec]:
    """The lines one activity row makes (pure: it depends only on its arguments and the data)."""
    acts = activity_table()
    if activity not in acts.index:
        if not has_factor:
            raise PlanProblem(f"unknown activity '{activity}'", "activity",
                              "pick an activity from the list (see `workbook factors`), or give "
                              "your own factor in factor_kg_co2e and factor_unit")
        if scope not in (1, 3):
            raise PlanProblem(f"'{activity}' is not an activity id; scope {scope or '(empty)'} "
                              "lines with an own factor need scope 1 or 3", "scope",
                              "for scope 2 use electricity or district_heat with the supplier's factor")
        if scope == 3 and not 1 <= category <= 15:
            raise PlanProblem("a scope 3 line needs its category (1-15)", "category",
                              "fill in the scope 3 category number")
        return [LineSpec(scope, category if scope == 3 else 0, "", None, "supplier-specific",
                         note="own factor for a free-text activity")]
    a = acts.loc[activity]
    if scope and scope != a["scope"]:
        raise PlanProblem(f"'{activity}' is scope {a['scope']}, not scope {scope}", "scope",
                          f"set scope to {a['scope']} or pick another activity")
    scope = int(a["scope"])
    allowed = a["categories"]
    if scope == 3:
        if not category:
            if len(allowed) != 1:
                raise PlanProblem(f"'{activity}' can be in categories {', '.join(map(str, allowed))}: "
                                  "say which", "category", "fill in the scope 3 category")
            category = allowed[0]
        elif category not in allowed:
            raise PlanProblem(f"'{activity}' belongs in category {' or '.join(map(str, allowed))}, "
                              f"not {category}", "category", "correct the category or the activity")
    elif category:
        raise PlanProblem(f"category {category} is given for a scope {scope} activity", "category",
                          "leave the category empty for scope 1 and 2")

    method = "supplier-specific" if has_factor else a["method"]
    memo = bool(a["memo"])
    if a["area"] == "fuels":
        main = None if has_factor else find(activity, country, factor_year, ("combustion",))
        wtt = find(activity, country, factor_year, ("wtt",))
        if main is None and not has_factor:
            raise _no_factor(activity, country)
        specs = [LineSpec(1, 0, "", main, method)]
        if wtt is not None:
            specs.append(LineSpec(3, 3, "", wtt, "average-data", note="well-to-tank of the fuel"))
        return specs
    if a["area"] == "refrigerants":
        main = None if has_factor else find(activity, None, factor_year, ("gwp",), gwp_set=gwp_set)
        if main is None and not has_factor:
            raise PlanProblem(f"no {gwp_set} GWP for '{activity}' in the database", "activity",
                              "give the GWP as factor_kg_co2e per kg, or choose the other GWP set")
        return [LineSpec(1, 0, "", main, method)]
    if a["area"] == "energy":
        return _plan_scope2(activity, country, has_factor, factor_year)
    main = None if has_factor else find(activity, country, factor_year, (
        "cradle_to_gate", "spend", "wtw", "ttw", "with_rf", "hotel", "waste",
        "waste_collection_processing", "lifecycle"))
    if main is None and not has_factor:
        raise _no_factor(activity, country)
    return [LineSpec(3, category, "", main, method, memo=memo,
                     note="memo item: optional, outside the totals" if memo else "")]


def _no_factor(activity: str, country: str) -> PlanProblem:
    return PlanProblem(f"no factor for '{activity}' ({country or 'any country'}) in the database",
                       "activity", "give the supplier's factor in factor_kg_co2e and factor_unit, "
                       "or pick a similar activity")


def _plan_scope2(activity: str, country: str, has_factor: bool, factor_year: int) -> list[LineSpec]:
    """Scope 2 in the GHG Protocol's order (Scope 2 Guidance, Table 6.3).

    Location-based: always the grid average of the country. Market-based: the contract's or
    supplier's rate (the row's own factor or a certificate activity), else the residual mix,
    else the grid average with a disclosure that no residual mix exists.
    """
    heat = activity in ("district_heat", "residual_heat")
    if heat:
        location = find(activity, country, factor_year, ("generation",))
        if location is None:
            raise _no_factor(activity, country)
        upstream = find(activity, country, factor_year, ("upstream",))
    else:
        location = _grid(country, factor_year)
        if location is None:
            raise _no_factor("electricity", country)
        upstream = None
        if location.basis == "generation":
            upstream = find(activity, country, factor_year, ("upstream",)) or find(
                "electricity", country, factor_year, ("upstream",))
    specs = [LineSpec(2, 0, "location", location, "location-based: grid average",
                      dq_method="purchased-energy")]
    if has_factor:
        specs.append(LineSpec(2, 0, "market", None, "market-based: supplier or contract rate",
                              dq_method="supplier-specific"))
    elif activity != "electricity" and not heat:
        instrument = find(activity, country, factor_year, ("generation",))
        if instrument is None:
            raise _no_factor(activity, country)
        specs.append(LineSpec(2, 0, "market", instrument, "market-based: contractual instrument",
                              dq_method="purchased-energy"))
    elif heat:
        specs.append(LineSpec(2, 0, "market", location, "market-based: supplier average",
                              dq_method="purchased-energy"))
    else:
        residual = find("electricity", country, factor_year, ("residual_mix",))
        if residual is not None and residual.value is not None:
            specs.append(LineSpec(2, 0, "market", residual, "market-based: residual mix",
                                  dq_method="purchased-energy", note=f"residual mix, AIB edition {residual.edition}"))
        else:
            why = (f"AIB publishes no residual mix for {country} for this year (not available)"
                   if residual is not None else f"no residual mix for {country} in the database")
            specs.append(LineSpec(2, 0, "market", location, "market-based: grid average (no residual mix)",
                                  dq_method="purchased-energy", note=f"{why}: the market-based line uses the grid average. "
                                       "Disclose this, or give the supplier's label factor"))
    if upstream is not None:
        specs.append(LineSpec(3, 3, "", upstream, "average-data",
                              note="upstream of purchased energy"))
    return specs


def _codes(df: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """Group rows by several columns fast: an integer group id per row, and each group's key."""
    codes = np.zeros(len(df), dtype=np.int64)
    uniques = []
    for c in columns:
        code, uniq = pd.factorize(df[c], use_na_sentinel=False)
        codes = codes * (len(uniq) + 1) + code
        uniques.append(uniq)
    group_ids, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    keys = [tuple(df[c].iat[i] for c in columns) for i in first]
    return inverse, keys


def _clean_strings(s: pd.Series, upper: bool = False) -> np.ndarray:  # noqa: D401
    """Strip (and upper-case) each distinct value once, not once per row: fast on a million rows."""
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    cleaned = [str(u).strip() for u in uniq]
    if upper:
        cleaned = [u.upper() for u in cleaned]
    table = np.array(cleaned + [""], dtype=object)
    return table[codes]  # code -1 (empty) picks the trailing ""


def prepare(activities: pd.DataFrame) -> pd.DataFrame:
    """Normalise types and fill defaults (scope/category 0 when empty)."""
    df = activities.copy()
    for c in ACTIVITY_COLUMNS:
        if c not in df.columns:
            df[c] = None
    df["activity"] = _clean_strings(df["activity"])
    df["country"] = _clean_strings(df["country"], upper=True)
    df["unit"] = _clean_strings(df["unit"])
    df["factor_unit"] = _clean_strings(df["factor_unit"])
    df["scope"] = pd.to_numeric(df["scope"], errors="coerce").fillna(0).astype(np.int64)
    df["category"] = pd.to_numeric(df["category"], errors="coerce").fillna(0).astype(np.int64)
    df["quantity"] = pd.to_numeric(df["quantity"], errors="coerce").astype(float)
    df["factor_kg_co2e"] = pd.to_numeric(df["factor_kg_co2e"], errors="coerce").astype(float)
    df["data_quality"] = pd.to_numeric(df["data_quality"], errors="coerce").astype(float)
    df["has_factor"] = df["factor_kg_co2e"].notna()
    return df.reset_index(drop=True)


def _problem(df: pd.DataFrame, i: int, message: str, column: str, fix: str, value=None) -> Problem:
    sheet = df["sheet"].iat[i]
    return Problem(message, file=df["file"].iat[i] or None, sheet=sheet or None,
                   row=int(df["row"].iat[i]) if pd.notna(df["row"].iat[i]) else None,
                   column=column, value=value, fix=fix)


def calculate_lines(activities: pd.DataFrame, *, reporting_year: int, gwp_set: str = "AR5",
                    factor_year: int | None = None) -> pd.DataFrame:
    """Emission lines for activity rows (already filtered to one reporting year).

    Raises :class:`InputError` listing every row that cannot be calculated.
    """
    factor_year = factor_year or reporting_year
    df = prepare(activities)
    problems: list[Problem] = []
    bad_qty = df.index[df["quantity"].isna() | (df["quantity"] < 0)]
    for i in bad_qty[:MAX_PROBLEMS_PER_GROUP * 5]:
        problems.append(_problem(df, i, "the quantity must be a number of zero or more", "quantity",
                                 "type a plain number (no unit, no formula)", df["quantity"].iat[i]))
    blank_country = df["country"] == ""
    keys_cols = ["activity", "country", "unit", "factor_unit", "has_factor", "scope", "category"]
    work = df.assign(country=df["country"].where(~blank_country, DEFAULT_COUNTRY))
    inverse, keys = _codes(work, keys_cols)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(keys) + 1))
    methods = method_table()

    # Per line: the input row and the block (group × line spec) it came from; per block: the
    # values shared by all its lines. Columns are assembled once at the end (fast for 1M rows).
    idx_parts, block_parts, kg_parts, f_parts, dq_parts, spec_parts = [], [], [], [], [], []
    blocks: list[dict] = []
    quantity = df["quantity"].to_numpy()
    own_factor = df["factor_kg_co2e"].to_numpy()
    dq_given = df["data_quality"].to_numpy()
    for g, key in enumerate(keys):
        idx = order[bounds[g]:bounds[g + 1]]
        activity, country, unit, factor_unit, has_factor, scope, category = key
        try:
            specs = plan(activity, country, int(scope), int(category), bool(has_factor),
                         factor_year, gwp_set)
        except PlanProblem as exc:
            problems += [_problem(df, i, str(exc), exc.column, exc.fix, df[exc.column].iat[i])
                         for i in idx[:MAX_PROBLEMS_PER_GROUP]]
            continue
        qty = quantity[idx]
        dq_row = dq_given[idx]
        country_note = ("country empty: assumed NL" if blank_country.iat[idx[0]]
                        and any(s.scope == 2 for s in specs) else "")
        for k, spec in enumerate(specs):
            to_unit = spec.factor.unit if spec.factor else factor_unit
            if spec.factor is None and not to_unit:
                problems += [_problem(df, i, "an own factor needs the unit it is per", "factor_unit",
                                      "fill in factor_unit, e.g. kg or kWh") for i in idx[:MAX_PROBLEMS_PER_GROUP]]
                break
            try:
                mult = conversion(unit, to_unit, spec.factor.mj_per_unit if spec.factor else None)
            except UnitProblem as exc:
                problems += [_problem(df, i, f"the unit does not fit: {exc}", "unit",
                                      f"report '{activity}' in {to_unit} or a unit convertible to it", unit)
                             for i in idx[:MAX_PROBLEMS_PER_GROUP]]
                break
            if spec.factor is None:
                fvals = own_factor[idx]
                fid, fsrc, verified = "own factor", "supplier-specific (given in the input)", True
            else:
                if spec.factor.value is None:
                    continue
                fvals = np.full(len(idx), spec.factor.value)
                fid, fsrc, verified = spec.factor.id, spec.factor.source, spec.factor.verified
            default_dq = methods.loc[spec.quality_method, "data_quality"]
            note = "; ".join(x for x in (spec.note, spec.factor.note if spec.factor else "", country_note) if x)
            blocks.append({"scope": spec.scope, "category": spec.category, "scope2_method": spec.scope2_method,
                           "activity": activity, "country": country, "unit": unit, "method": spec.method,
                           "factor_id": fid, "factor_unit": to_unit, "factor_source": fsrc,
                           "memo": spec.memo, "verified": verified, "note": note})
            idx_parts.append(idx)
            block_parts.append(np.full(len(idx), len(blocks) - 1, dtype=np.int32))
            spec_parts.append(np.full(len(idx), k, dtype=np.int8))
            kg_parts.append(qty * mult * fvals)
            f_parts.append(fvals)
            dq_parts.append(np.where(np.isnan(dq_row), default_dq, dq_row))
    if problems:
        problems.sort(key=lambda p: (p.sheet or "", p.row or 0))
        raise InputError(problems, title="Some activity rows cannot be calculated")
    if not blocks:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LINE_COLUMNS})
    rows = np.concatenate(idx_parts)
    block = np.concatenate(block_parts)
    sort = np.lexsort((np.concatenate(spec_parts), rows))  # input order, then the row's own lines
    rows, block = rows[sort], block[sort]
    kg = np.concatenate(kg_parts)[sort]
    cols: dict[str, object] = {
        "sheet": df["sheet"].to_numpy()[rows], "row": df["row"].to_numpy()[rows],
        "year": np.full(len(rows), reporting_year), "description": df["description"].to_numpy()[rows],
        "quantity": quantity[rows], "factor_kg_co2e": np.concatenate(f_parts)[sort],
        "kg_co2e": kg, "t_co2e": kg / 1000.0, "data_quality": np.concatenate(dq_parts)[sort],
    }
    for c in ("scope", "category", "memo", "verified"):
        dtype = bool if c in ("memo", "verified") else np.int64
        cols[c] = np.array([b[c] for b in blocks], dtype=dtype)[block]
    for c in ("scope2_method", "activity", "country", "unit", "method", "factor_id", "factor_unit",
              "factor_source", "note"):
        # Categorical: one string per block instead of one per line (a million lines stay fast).
        codes, uniq = pd.factorize(pd.Series([b[c] for b in blocks], dtype=object))
        cols[c] = pd.Categorical.from_codes(codes[block], categories=pd.Index(uniq, dtype=object))
    return pd.DataFrame({c: cols[c] for c in LINE_COLUMNS})


def calculate_rows_loop(activities: pd.DataFrame, *, reporting_year: int, gwp_set: str = "AR5",
                        factor_year: int | None = None) -> list[float]:
    """Reference implementation: one row at a time, no caching of plans (for tests/benchmarks).

    Returns the location-based kg CO2e per activity row (memo items excluded).
    """
    factor_year = factor_year or reporting_year
    df = prepare(activities)
    totals = []
    for r in df.itertuples():
        specs = plan(r.activity, r.country or DEFAULT_COUNTRY, int(r.scope), int(r.category),
                     bool(r.has_factor), factor_year, gwp_set)
        kg = 0.0
        for s in specs:
            if s.scope2_method == "market" or s.memo:
                continue
            unit_to = s.factor.unit if s.factor else r.factor_unit
            value = s.factor.value if s.factor else r.factor_kg_co2e
            if value is None:
                continue
            kg += r.quantity * conversion(r.unit, unit_to, s.factor.mj_per_unit if s.factor else None) * value
        totals.append(kg)
    return totals
