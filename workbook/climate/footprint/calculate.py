"""Activity data → emission lines: scope, category, method, factor and data quality per line.

The calculation is vectorised: each text column is reduced to integer codes once (each
distinct value cleaned once), rows are grouped on one integer key, each group is planned once
(factor choice, unit conversion; plans and factor look-ups are cached), and the lines are
gathered from per-group arrays in input order, so a million activity lines take well under a
second (benchmarks/bench_footprint.py). :func:`calculate_rows_loop` is the plain per-row
reference used to check (and benchmark) it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbook.climate.footprint.factors import Factor, find
from workbook.climate.footprint.facts import activity_table, fuel_properties, grid_split, input_limits, method_table
from workbook.climate.footprint.units import UnitProblem, conversion, dimension_name, normalise
from workbook.errors import InputError, Problem
from workbook.i18n import N_, tr
from workbook.paths import data_cache

# The normalised activity table every reader (template, CSV, widget) produces.
ACTIVITY_COLUMNS = ["file", "sheet", "row", "year", "scope", "category", "activity", "description",
                    "country", "quantity", "unit", "factor_kg_co2e", "factor_unit", "data_quality",
                    # optional: a second part of the quantity (tonnes x km, employees x km, a share)
                    "quantity2", "unit2",
                    # optional, electricity only: own location-based and upstream factors (kg CO2e per
                    # kWh) and the grid's T&D loss rate (a fraction)
                    "factor_location", "factor_upstream", "td_loss_rate"]
# Bits of the electricity extras a row gives (they decide its lines, so rows are grouped on them).
OWN_LOCATION, OWN_UPSTREAM, TD_RATE = 1, 2, 4
# Where a line's factor comes from (LineSpec.own).
OWN_KINDS = {"": 0, "factor": 1, "location": 2, "upstream": 3, "td": 4, "td_own_location": 5}

LINE_COLUMNS = ["sheet", "row", "year", "scope", "category", "scope2_method", "activity",
                "description", "country", "quantity", "unit", "method", "factor_id",
                "factor_kg_co2e", "factor_unit", "factor_source", "kg_co2e", "t_co2e",
                "data_quality", "memo", "verified", "note"]

GRID_BASES = ("generation", "lifecycle")
OUTSIDE_SCOPES = 0  # the scope of a memo line outside the scopes (a gas outside the Kyoto basket)
NON_KYOTO_NOTE = ("not a Kyoto gas: reported apart as a memo line, not in scope 1 and not in the totals "
                  "(GHG Protocol Corporate Standard, ch. 4 and ch. 9)")
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
    # "" (the database factor, or the row's own factor when ``factor`` is None), "location" or
    # "upstream" (the row's own electricity factors), "td" (the grid factor x the row's T&D loss
    # rate) or "td_own_location" (the row's own location factor x its T&D loss rate)
    own: str = ""

    @property
    def quality_method(self) -> str:
        return self.dq_method or self.method


class PlanProblem(Exception):
    """A group of rows cannot be calculated; the message says why and what to do."""

    def __init__(self, message: str, column: str, fix: str):
        super().__init__(message)
        self.column, self.fix = column, fix


GAS_KWH_BASES = ("gross", "net")
DEFAULT_GAS_KWH_BASIS = "gross"  # gas bills in kWh (UK, BE, DE) state gross calorific value


def energy_content(activity: str, unit: str, factor: Factor | None,
                   gas_kwh_basis: str | None) -> tuple[float | None, str]:
    """The energy content (MJ per factor unit) to convert ``unit`` with, and a note on the basis.

    The Dutch list prints net calorific values. A gas quantity in an energy unit is read as gross
    (the default, as bills state it) or net, as the template says; gross is converted with the
    sourced gross/net ratio (``fuel_properties.csv``).
    """
    mj = factor.mj_per_unit if factor else None
    if not mj or not unit:
        return mj, ""
    try:
        if dimension_name(unit) != "energy" or dimension_name(factor.unit) == "energy":
            return mj, ""
    except UnitProblem:
        return mj, ""
    ratio = fuel_properties().get((activity, "gross_per_net"))
    if ratio is None:
        return mj, (f"{unit} converted with the net calorific value of the factor's source "
                    f"({mj:g} MJ per {factor.unit})")
    basis = gas_kwh_basis or DEFAULT_GAS_KWH_BASIS
    how = "as the template says" if gas_kwh_basis else "default: the template does not say; set it on the Company sheet"
    if basis == "net":
        return mj, (f"gas in {unit} read as net calorific value ({how}): {mj:g} MJ per {factor.unit}")
    gross = mj * ratio["value"]
    return gross, (f"gas in {unit} read as gross calorific value ({how}): {mj:g} MJ per {factor.unit} (net, "
                   f"the factor's source) × {ratio['value']:g} gross/net ({ratio['id']}) = {gross:.4g} MJ")


def _product_unit(u1: str, u2: str) -> str:
    """The unit of a quantity in two parts, e.g. t x km = tkm, employees x km = pkm, t x % = t."""
    try:
        return f"({normalise(u1)})*({normalise(u2)})"
    except UnitProblem:
        return f"{u1}*{u2}"


def _mass_for_volume(unit: str, to_unit: str) -> bool:
    try:
        return dimension_name(unit) == "mass" and dimension_name(to_unit) == "volume"
    except UnitProblem:
        return False


def empty_activities() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ACTIVITY_COLUMNS})


def _grid(country: str, factor_year: int) -> Factor | None:
    f = find("electricity", country, factor_year, GRID_BASES)
    if f is None:
        world = find("electricity", "WLD", factor_year, ("lifecycle",))
        if world is not None:
            return Factor(**{**world.__dict__, "note": f"no grid data for {country} in the course's sources: the "
                             "location-based line uses the world average, which can be far from that country's grid; "
                             "give the country's own location-based factor if you have one"})
    return f


def split_lifecycle(f: Factor) -> tuple[Factor, Factor]:
    """A life-cycle grid factor as (generation part for scope 2, upstream part for category 3).

    Scope 2 counts generation only (Scope 2 Guidance); the upstream part belongs in category 3.
    Where a source gives no direct grid factor, the life-cycle factor is split with the sourced
    generation share of ``grid_split.csv``; both parts say so and name the split's source.
    """
    split = grid_split()
    share = split["generation_share"]
    why = (f"life-cycle grid factor split with a generation share of {share:.4g} ({split['id']}: "
           f"{split['table']}; {split['source']}), a proxy: no direct grid factor for this country in "
           "the course's sources")
    note = "; ".join(n for n in (f.note, why) if n)
    verified = f.verified and split["verified"]
    source = f"{f.source}; split: {split['source']}"

    def part(name: str, fraction: float, basis: str) -> Factor:
        value = None if f.value is None else f.value * fraction
        return Factor(**{**f.__dict__, "id": f"{f.id}*{split['id']}:{name}", "value": value,
                         "source": source, "verified": verified, "basis": basis, "note": note})
    return part("generation", share, "generation"), part("upstream", 1 - share, "upstream")


def plan(activity: str, country: str, scope: int, category: int, has_factor: bool,
         factor_year: int, gwp_set: str, extras: int = 0) -> list[LineSpec]:
    """The lines one activity row makes (pure: it depends only on its arguments and the data).

    ``extras`` are the electricity extras the row gives (OWN_LOCATION | OWN_UPSTREAM | TD_RATE).
    """
    acts = activity_table()
    if extras and (activity not in acts.index or acts.loc[activity, "area"] != "energy"
                   or activity in ("district_heat", "residual_heat")):
        raise PlanProblem(tr("own location-based or upstream factors and a T&D loss rate are for electricity rows "
                             "only"), "activity",
                          tr("leave those columns empty on this row, or use an electricity activity"))
    if activity not in acts.index:
        if not has_factor:
            raise PlanProblem(tr("unknown activity '{activity}'", activity=activity), "activity",
                              tr("pick an activity from the list (see `workbook factors`), or give "
                                 "your own factor in factor_kg_co2e and factor_unit"))
        if scope not in (1, 3):
            raise PlanProblem(tr("'{activity}' is not an activity id; scope {scope} lines with an own factor need "
                                 "scope 1 or 3", activity=activity, scope=scope or tr("(empty)")), "scope",
                              tr("for scope 2 use electricity or district_heat with the supplier's factor"))
        if scope == 3 and not 1 <= category <= 15:
            raise PlanProblem(tr("a scope 3 line needs its category (1-15)"), "category",
                              tr("fill in the scope 3 category number"))
        return [LineSpec(scope, category if scope == 3 else 0, "", None, "supplier-specific",
                         note=N_("own factor for a free-text activity"))]
    a = acts.loc[activity]
    if scope and scope != a["scope"]:
        raise PlanProblem(tr("'{activity}' is scope {right}, not scope {scope}", activity=activity, right=a["scope"],
                             scope=scope), "scope",
                          tr("set scope to {right} or pick another activity", right=a["scope"]))
    scope = int(a["scope"])
    allowed = a["categories"]
    if scope == 3:
        if not category:
            if len(allowed) != 1:
                raise PlanProblem(tr("'{activity}' can be in categories {categories}: say which", activity=activity,
                                     categories=", ".join(map(str, allowed))), "category",
                                  tr("fill in the scope 3 category"))
            category = allowed[0]
        elif category not in allowed:
            raise PlanProblem(tr("'{activity}' belongs in category {categories}, not {category}", activity=activity,
                                 categories=tr(" or ").join(map(str, allowed)), category=category), "category",
                              tr("correct the category or the activity"))
    elif category:
        raise PlanProblem(tr("category {category} is given for a scope {scope} activity", category=category,
                             scope=scope), "category", tr("leave the category empty for scope 1 and 2"))

    method = "supplier-specific" if has_factor else a["method"]
    memo = bool(a["memo"])
    if a["area"] == "fuels":
        main = None if has_factor else find(activity, country, factor_year, ("combustion",))
        wtt = find(activity, country, factor_year, ("wtt",))
        if main is None and not has_factor:
            raise _no_factor(activity, country)
        specs = [LineSpec(1, 0, "", main, method)]
        if wtt is not None:
            specs.append(LineSpec(3, 3, "", wtt, "average-data", note=N_("well-to-tank of the fuel")))
        return specs
    if a["area"] == "refrigerants":
        main = None if has_factor else find(activity, None, factor_year, ("gwp",), gwp_set=gwp_set)
        if main is None and not has_factor:
            raise PlanProblem(tr("no {gwp_set} GWP for '{activity}' in the database", gwp_set=gwp_set,
                                 activity=activity), "activity",
                              tr("give the GWP as factor_kg_co2e per kg, or choose the other GWP set"))
        if memo:  # a gas outside the Kyoto basket: outside the scopes (OUTSIDE_SCOPES), a memo line
            return [LineSpec(OUTSIDE_SCOPES, 0, "", main, method, memo=True,
                             note=f"{a['label']}: {NON_KYOTO_NOTE}")]
        return [LineSpec(1, 0, "", main, method)]
    if a["area"] == "energy":
        return _plan_scope2(activity, country, has_factor, factor_year, extras)
    fuel = str(a.get("factor_activity") or "")
    if fuel and not has_factor:
        return _plan_carrier(activity, fuel, country, category, factor_year, gwp_set, method)
    main = None if has_factor else find(activity, country, factor_year, (
        "cradle_to_gate", "spend", "wtw", "ttw", "with_rf", "hotel", "waste",
        "waste_collection_processing", "lifecycle"))
    if main is None and not has_factor:
        raise _no_factor(activity, country)
    return [LineSpec(3, category, "", main, method, memo=memo,
                     note=N_("memo item: optional, outside the totals") if memo else "")]


def _plan_carrier(activity: str, fuel: str, country: str, category: int, factor_year: int, gwp_set: str,
                  method: str) -> list[LineSpec]:
    """A carrier's fuel or reefer refrigerant in category 4 or 9 (fuel-based method): the fuel's
    combustion factor (the carrier's scope 1, the minimum boundary), or the refrigerant's GWP."""
    area = activity_table().loc[fuel, "area"]
    if area == "refrigerants":
        main = find(fuel, None, factor_year, ("gwp",), gwp_set=gwp_set)
        if main is None:
            raise PlanProblem(tr("no {gwp_set} GWP for '{activity}' in the database", gwp_set=gwp_set,
                                 activity=fuel), "activity",
                              tr("give the GWP as factor_kg_co2e per kg, or choose the other GWP set"))
        return [LineSpec(3, category, "", main, method, note=N_("carrier's refrigerant leaks (kg x GWP)"))]
    main = find(fuel, country, factor_year, ("combustion",))
    if main is None:
        raise _no_factor(fuel, country)
    return [LineSpec(3, category, "", main, method,
                     note="carrier's fuel: combustion (the carrier's scope 1, the minimum boundary of categories 4 "
                          "and 9); the fuel's well-to-tank part is not added")]


def _no_factor(activity: str, country: str) -> PlanProblem:
    return PlanProblem(tr("no factor for '{activity}' ({country}) in the database", activity=activity,
                          country=country or tr("any country")),
                       "activity", tr("give the supplier's factor in factor_kg_co2e and factor_unit, "
                                      "or pick a similar activity"))


def _plan_scope2(activity: str, country: str, has_factor: bool, factor_year: int,
                 extras: int = 0) -> list[LineSpec]:
    """Scope 2 in the GHG Protocol's order (Scope 2 Guidance, Table 6.3).

    Location-based: always the grid average of the country. Market-based: the contract's or
    supplier's rate (the row's own factor or a certificate activity), else the residual mix,
    else the grid average with a disclosure that no residual mix exists.
    """
    heat = activity in ("district_heat", "residual_heat")
    td = None
    if heat:
        location = find(activity, country, factor_year, ("generation",))
        if location is None and has_factor:
            # No average heat-network factor for this country in the sources: the supplier's own
            # factor is the only one there is, in both totals (the course's reading of the Scope 2
            # Guidance, Appendix A on steam, heat and cooling; its text was not opened).
            note = (f"no average heat-network factor for {country} in the course's sources: the supplier's factor "
                    "is used in both the location- and the market-based total; upstream of the heat not included")
            return [LineSpec(2, 0, "location", None, N_("location-based: supplier's factor (no network average)"),
                             dq_method="supplier-specific", note=note),
                    LineSpec(2, 0, "market", None, N_("market-based: supplier or contract rate"),
                             dq_method="supplier-specific", note=note)]
        if location is None:
            raise PlanProblem(tr("no average heat-network factor for {country} in the database", country=country),
                              "activity", tr("give the heat supplier's factor (kg CO2e per GJ or kWh) in the "
                                             "own-factor columns"))
        upstream = find(activity, country, factor_year, ("upstream",))
    else:
        location = _grid(country, factor_year)
        if location is None:
            raise _no_factor("electricity", country)
        upstream = None
        if location.basis == "lifecycle":
            location, upstream = split_lifecycle(location)
        else:
            upstream = find(activity, country, factor_year, ("upstream",)) or find(
                "electricity", country, factor_year, ("upstream",))
        td = find("electricity", country, factor_year, ("td_losses",))
    own_location = bool(extras & OWN_LOCATION)
    if own_location:
        location_spec = LineSpec(2, 0, "location", None, N_("location-based: own grid factor"),
                                 dq_method="supplier-specific", own="location",
                                 note=N_("own location-based grid factor (given in the input)"))
        if upstream is not None and location.basis != "generation":
            upstream = None  # the split belonged to the database's life-cycle factor
    else:
        location_spec = LineSpec(2, 0, "location", location, N_("location-based: grid average"),
                                 dq_method="purchased-energy")
    if extras & OWN_UPSTREAM:
        upstream = None
    specs = [location_spec]
    if has_factor:
        specs.append(LineSpec(2, 0, "market", None, N_("market-based: supplier or contract rate"),
                              dq_method="supplier-specific"))
    elif activity != "electricity" and not heat:
        instrument = find(activity, country, factor_year, ("generation",))
        if instrument is None:
            raise _no_factor(activity, country)
        specs.append(LineSpec(2, 0, "market", instrument, N_("market-based: contractual instrument"),
                              dq_method="purchased-energy"))
    elif heat:
        specs.append(LineSpec(2, 0, "market", location, N_("market-based: supplier average"),
                              dq_method="purchased-energy"))
    else:
        residual = find("electricity", country, factor_year, ("residual_mix",))
        if residual is not None and residual.value is not None:
            specs.append(LineSpec(2, 0, "market", residual, N_("market-based: residual mix"),
                                  dq_method="purchased-energy", note=f"residual mix, AIB edition {residual.edition}"))
        else:
            why = (f"AIB publishes no residual mix for {country} for this year (not available)"
                   if residual is not None else f"no residual mix for {country} in the database")
            fallback = (LineSpec(2, 0, "market", None, N_("market-based: grid average (no residual mix)"),
                                 dq_method="purchased-energy", own="location",
                                 note=f"{why}: the market-based line uses the (own) grid average. Disclose this, "
                                      "or give the supplier's label factor")
                        if own_location else
                        LineSpec(2, 0, "market", location, N_("market-based: grid average (no residual mix)"),
                                 dq_method="purchased-energy", note=f"{why}: the market-based line uses the grid "
                                 "average. Disclose this, or give the supplier's label factor"))
            specs.append(fallback)
    if upstream is not None:
        specs.append(LineSpec(3, 3, "", upstream, "average-data",
                              note=N_("upstream of purchased energy")))
    if extras & OWN_UPSTREAM:
        specs.append(LineSpec(3, 3, "", None, "average-data", own="upstream",
                              note=N_("upstream of purchased energy: own upstream factor (given in the input)")))
    if extras & TD_RATE:
        note = ("transmission and distribution losses: consumption x the T&D loss rate given x the location-based "
                "generation factor (Scope 3 Technical Guidance, category 3 (d)); the upstream of the lost "
                "electricity is not added")
        if own_location:
            specs.append(LineSpec(3, 3, "", None, "average-data", own="td_own_location", note=note))
        else:
            specs.append(LineSpec(3, 3, "", location, "average-data", own="td", note=note))
    elif not heat and td is not None:
        specs.append(LineSpec(3, 3, "", td, "average-data",
                              note=N_("transmission and distribution losses of purchased electricity")))
    return specs


def _string_codes(values, upper: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a text column after stripping (and upper-casing), and the cleaned values.

    Each distinct raw value is cleaned once, not once per row; empty and missing values share
    the code of ``""``. Fast on a million rows because only the codes are touched afterwards.
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values, dtype=object)
    # A categorical column gives its codes for free; text is hashed fastest as a plain object array.
    codes, uniq = pd.factorize(values if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy(),
                               use_na_sentinel=True)
    cleaned = [str(u).strip() for u in uniq]
    if upper:
        cleaned = [u.upper() for u in cleaned]
    cleaned.append("")  # code -1 (missing) picks this trailing ""
    remap, clean_uniq = pd.factorize(np.array(cleaned, dtype=object))
    return remap[codes], np.asarray(clean_uniq, dtype=object)


def clean_strings(s: pd.Series, upper: bool = False) -> np.ndarray:
    """Strip (and upper-case) each distinct value once: the cleaned text per row."""
    codes, uniq = _string_codes(s, upper)
    return uniq[codes]


def _numbers(values) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").astype(float).to_numpy()


def prepare(activities: pd.DataFrame) -> pd.DataFrame:
    """Normalise types and fill defaults (scope/category 0 when empty)."""
    df = activities.copy()
    for c in ACTIVITY_COLUMNS:
        if c not in df.columns:
            df[c] = None
    df["activity"] = clean_strings(df["activity"])
    df["country"] = clean_strings(df["country"], upper=True)
    df["unit"] = clean_strings(df["unit"])
    df["factor_unit"] = clean_strings(df["factor_unit"])
    df["scope"] = pd.to_numeric(df["scope"], errors="coerce").fillna(0).astype(np.int64)
    df["category"] = pd.to_numeric(df["category"], errors="coerce").fillna(0).astype(np.int64)
    df["quantity"] = pd.to_numeric(df["quantity"], errors="coerce").astype(float)
    df["factor_kg_co2e"] = pd.to_numeric(df["factor_kg_co2e"], errors="coerce").astype(float)
    df["data_quality"] = pd.to_numeric(df["data_quality"], errors="coerce").astype(float)
    df["has_factor"] = df["factor_kg_co2e"].notna()
    return df.reset_index(drop=True)


@data_cache(maxsize=1024)
def upper_bound(part: str, unit: str) -> float:
    """The largest quantity (``part='quantity'``) or own factor (``'factor'``, kg CO2e per ``unit``)
    one line may have in ``unit`` (input_limits.yaml); infinity for a unit of no known kind."""
    try:
        spec = input_limits()[part].get(dimension_name(unit))
        if spec is None:
            return float("inf")
        per = conversion(unit, spec["unit"])  # how many of the bound's unit one ``unit`` is
    except (UnitProblem, ValueError, ZeroDivisionError):
        return float("inf")
    if not per:
        return float("inf")
    return spec["max"] / per if part == "quantity" else spec["max"] * per


def _problem(df: pd.DataFrame, i: int, message: str, column: str, fix: str, value=None) -> Problem:
    sheet = df["sheet"].iat[i]
    return Problem(message, file=df["file"].iat[i] or None, sheet=sheet or None,
                   row=int(df["row"].iat[i]) if pd.notna(df["row"].iat[i]) else None,
                   column=column, value=value, fix=fix)


@data_cache(maxsize=4096)
def plan_cached(activity: str, country: str, scope: int, category: int, has_factor: bool,
                factor_year: int, gwp_set: str, extras: int = 0) -> tuple[LineSpec, ...]:
    """:func:`plan`, remembered: a template has a few hundred distinct rows at most."""
    return tuple(plan(activity, country, scope, category, has_factor, factor_year, gwp_set, extras))


def _group_keys(parts: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """One integer per row for the combination of several integer codes (each < its size)."""
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    span = 1
    for codes, size in parts:
        size = max(int(size), 1)
        if span * size >= 2 ** 62:  # too many combinations for one int64: renumber first
            key, uniq = pd.factorize(key)
            span = len(uniq)
        key = key * size + codes
        span *= size
    return key


@dataclass
class _Blocks:
    """Per block (a group of equal rows × one of its line specs): the values its lines share."""

    columns: dict = field(default_factory=lambda: {c: [] for c in _BLOCK_COLUMNS})
    mult: list = field(default_factory=list)
    value: list = field(default_factory=list)   # the factor; NaN: the row's own factor
    own: list = field(default_factory=list)     # OWN_KINDS code: where the factor comes from
    dq: list = field(default_factory=list)      # the method's default data-quality score

    def __len__(self) -> int:
        return len(self.mult)


_BLOCK_COLUMNS = ("scope", "category", "scope2_method", "activity", "country", "unit", "method",
                  "factor_id", "factor_unit", "factor_source", "memo", "verified", "note")


def calculate_lines(activities: pd.DataFrame, *, reporting_year: int, gwp_set: str = "AR5",
                    factor_year: int | None = None, gas_kwh_basis: str | None = None) -> pd.DataFrame:
    """Emission lines for activity rows (already filtered to one reporting year).

    Rows are grouped on integer codes of what decides their lines (activity, country, unit,
    own-factor unit, scope, category); each group is planned once and every line is then
    gathered from per-group arrays, in input order. Raises :class:`InputError` listing every
    row that cannot be calculated.
    """
    factor_year = factor_year or reporting_year
    n = len(activities)
    col = lambda c: activities[c] if c in activities.columns else pd.Series([None] * n, dtype=object)  # noqa: E731
    quantity = _numbers(col("quantity"))
    own_factor = _numbers(col("factor_kg_co2e"))
    dq_given = _numbers(col("data_quality"))
    has_factor = ~np.isnan(own_factor)
    scope_v = np.nan_to_num(_numbers(col("scope")), nan=0.0).astype(np.int64)
    cat_v = np.nan_to_num(_numbers(col("category")), nan=0.0).astype(np.int64)
    act_c, act_u = _string_codes(col("activity"))
    ctry_c, ctry_u = _string_codes(col("country"), upper=True)
    # A quantity in two parts (tonnes x km, employees x km, a share of a total): multiply the
    # numbers and the units, so the product is converted like any other quantity.
    def optional_numbers(c: str) -> np.ndarray:  # absent or all-empty columns cost nothing
        if c not in activities.columns:
            return np.full(n, np.nan)
        return _numbers(activities[c])

    quantity2 = optional_numbers("quantity2")
    two = ~np.isnan(quantity2)
    units = col("unit")
    if two.any():
        unit2 = clean_strings(col("unit2"))
        units = pd.Series(np.where(two, [_product_unit(u1, u2) for u1, u2 in zip(clean_strings(units), unit2)],
                                   clean_strings(units)), dtype=object)
        quantity = np.where(two, quantity * quantity2, quantity)
    unit_c, unit_u = _string_codes(units)
    own_location = optional_numbers("factor_location")
    own_upstream = optional_numbers("factor_upstream")
    td_rate = optional_numbers("td_loss_rate")
    extras = ((~np.isnan(own_location)) * OWN_LOCATION + (~np.isnan(own_upstream)) * OWN_UPSTREAM
              + (~np.isnan(td_rate)) * TD_RATE).astype(np.int64)
    funit_c = np.full(n, -1, dtype=np.int64)  # the own factor's unit matters only where one is given
    funit_u = np.array([""], dtype=object)
    if has_factor.any():
        own_units = col("factor_unit")[has_factor]
        codes, funit_u = _string_codes(own_units)
        funit_c[has_factor] = codes
    funit_c[funit_c < 0] = len(funit_u)
    funit_u = np.append(funit_u, "")
    scope_c, scope_u = pd.factorize(scope_v)
    cat_c, cat_u = pd.factorize(cat_v)

    prepared: list[pd.DataFrame] = []

    def rows_frame() -> pd.DataFrame:  # only needed to describe problems
        if not prepared:
            prepared.append(prepare(activities))
        return prepared[0]

    problems: list[Problem] = []
    bad_qty = np.flatnonzero(np.isnan(quantity) | (quantity < 0))
    for i in bad_qty[:MAX_PROBLEMS_PER_GROUP * 5]:
        problems.append(_problem(rows_frame(), i, tr("the quantity must be a number of zero or more"), "quantity",
                                 tr("type a plain number (no unit, no formula)"), float(quantity[i])))

    q_max = np.array([upper_bound("quantity", u) if u else np.inf for u in unit_u] + [np.inf])
    too_big = np.flatnonzero(quantity > q_max[unit_c])
    for i in too_big[:MAX_PROBLEMS_PER_GROUP * 5]:
        unit = unit_u[unit_c[i]]
        problems.append(_problem(rows_frame(), i, tr("the quantity is more than any company reports for one line "
                                                     "in a year (at most {limit} {unit})",
                                                     limit=format(q_max[unit_c[i]], ".3g"), unit=unit), "quantity",
                                 tr("check the number and its unit (kWh where MWh was meant, or a thousands "
                                    "separator read as a decimal one)"), float(quantity[i])))
    if has_factor.any():
        f_max = np.array([upper_bound("factor", u) if u else np.inf for u in funit_u])
        too_big = np.flatnonzero(has_factor & (own_factor > f_max[funit_c]))
        for i in too_big[:MAX_PROBLEMS_PER_GROUP * 5]:
            problems.append(_problem(rows_frame(), i, tr("the own factor is far above any real factor (at most "
                                                         "{limit} kg CO2e per {unit})",
                                                         limit=format(f_max[funit_c[i]], ".3g"), unit=funit_u[funit_c[i]]),
                                     "factor_kg_co2e", tr("check the factor and the unit it is per (per kg or "
                                                          "per tonne?)"), float(own_factor[i])))
    for values, column, limit in ((own_location, "factor_location", None), (own_upstream, "factor_upstream", None),
                                  (td_rate, "td_loss_rate", 1.0)):
        bad = np.flatnonzero(~np.isnan(values) & ((values < 0) | ((values > limit) if limit else False)))
        for i in bad[:MAX_PROBLEMS_PER_GROUP]:
            problems.append(_problem(rows_frame(), i, tr("'{column}' must be a number of zero or more and at most "
                                                         "100 %", column=column) if limit else
                                     tr("'{column}' must be a number of zero or more", column=column), column,
                                     tr("type a plain number, or leave it empty"), float(values[i])))

    key = _group_keys([(act_c, len(act_u)), (ctry_c, len(ctry_u)), (unit_c, len(unit_u)),
                       (funit_c, len(funit_u)), (has_factor.astype(np.int64), 2),
                       (scope_c, len(scope_u)), (cat_c, len(cat_u)), (extras, 8)])
    group, group_keys = pd.factorize(key)  # group numbers in order of first appearance
    n_groups = len(group_keys)
    running = np.maximum.accumulate(group) if n else group
    first = np.flatnonzero(np.r_[True, running[1:] > running[:-1]]) if n else np.zeros(0, dtype=np.int64)
    members: list[np.ndarray] = []

    def rows_of(g: int) -> np.ndarray:  # the first rows of a group, for problem lists only
        if not members:
            order = np.argsort(group, kind="stable")
            bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
            members.append(order)
            members.append(bounds)
        order, bounds = members
        return order[bounds[g]:min(bounds[g + 1], bounds[g] + MAX_PROBLEMS_PER_GROUP)]

    methods = method_table()
    blocks = _Blocks()
    max_specs = 4
    spec_block = np.full((n_groups, max_specs), -1, dtype=np.int64)
    n_specs = np.zeros(n_groups, dtype=np.int64)
    for g, i in enumerate(first):
        activity, country, unit = act_u[act_c[i]], ctry_u[ctry_c[i]], unit_u[unit_c[i]]
        factor_unit, has = funit_u[funit_c[i]], bool(has_factor[i])
        blank = country == ""
        country = country or DEFAULT_COUNTRY
        try:
            specs = plan_cached(activity, country, int(scope_v[i]), int(cat_v[i]), has, factor_year, gwp_set,
                                int(extras[i]))
        except PlanProblem as exc:
            df = rows_frame()
            problems += [_problem(df, r, str(exc), exc.column, exc.fix, df[exc.column].iat[r]) for r in rows_of(g)]
            continue
        country_note = "country empty: assumed NL" if blank and any(s.scope == 2 for s in specs) else ""
        for spec in specs:
            to_unit = "kWh" if spec.own in ("location", "upstream", "td_own_location") else (
                spec.factor.unit if spec.factor else factor_unit)
            if spec.factor is None and not to_unit:
                problems += [_problem(rows_frame(), r, "an own factor needs the unit it is per", "factor_unit",
                                      "fill in factor_unit, e.g. kg or kWh") for r in rows_of(g)]
                break
            mj, energy_note = energy_content(activity, unit, spec.factor, gas_kwh_basis)
            try:
                mult = conversion(unit, to_unit, mj)
            except UnitProblem as exc:
                message, fix = f"the unit does not fit: {exc}", f"report '{activity}' in {to_unit} or a unit convertible to it"
                if spec.factor is not None and _mass_for_volume(unit, to_unit):
                    message = (f"the unit does not fit: '{activity}' is given by mass ({unit}) but its factor is per {to_unit}, and the "
                               "factor's source publishes no density or energy content per kg for it: the workbook "
                               "does not invent one")
                    fix = (f"report the {to_unit}s (your supplier's bill or bottle label gives them), or give the "
                           f"supplier's own factor per kg in the own-factor columns")
                problems += [_problem(rows_frame(), r, message, "unit", fix, unit) for r in rows_of(g)]
                break
            if spec.own in ("location", "upstream", "td_own_location"):
                value, verified = np.nan, True
                fid = {"location": "own location-based factor", "upstream": "own upstream factor",
                       "td_own_location": "T&D loss rate x own location-based factor"}[spec.own]
                fsrc = "given in the input (kg CO2e per kWh; T&D loss rate as a share)"
            elif spec.own == "td":
                value, verified = spec.factor.value, spec.factor.verified
                fid, fsrc = f"T&D loss rate x {spec.factor.id}", f"loss rate given in the input; {spec.factor.source}"
            elif spec.factor is None:
                value, fid, fsrc, verified = np.nan, "own factor", "supplier-specific (given in the input)", True
            else:
                if spec.factor.value is None:
                    continue
                value, fid, fsrc, verified = spec.factor.value, spec.factor.id, spec.factor.source, spec.factor.verified
            note = "; ".join(x for x in (spec.note, spec.factor.note if spec.factor else "", country_note,
                                         energy_note) if x)
            for c, v in zip(_BLOCK_COLUMNS, (spec.scope, spec.category, spec.scope2_method, activity, country,
                                             unit, spec.method, fid, to_unit, fsrc, spec.memo, verified, note)):
                blocks.columns[c].append(v)
            blocks.mult.append(mult)
            blocks.value.append(value)
            blocks.own.append(OWN_KINDS["factor"] if spec.factor is None and not spec.own else OWN_KINDS[spec.own])
            blocks.dq.append(float(methods.loc[spec.quality_method, "data_quality"]))
            if n_specs[g] == max_specs:  # never in practice (at most 3 lines per row); grow if it happens
                spec_block = np.hstack([spec_block, np.full_like(spec_block, -1)])
                max_specs *= 2
            spec_block[g, n_specs[g]] = len(blocks) - 1
            n_specs[g] += 1
    if problems:
        problems.sort(key=lambda p: (p.sheet or "", p.row or 0))
        raise InputError(problems, title=tr("Some activity rows cannot be calculated"))
    if not len(blocks):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LINE_COLUMNS})

    # Every row makes n_specs[its group] lines, one after another: gather them in input order.
    # A group's blocks are numbered consecutively, so line j of row i is block first_block + j.
    counts = n_specs[group]
    rows = np.repeat(np.arange(n), counts)
    starts = np.cumsum(counts) - counts
    block = np.arange(len(rows)) + (spec_block[:, 0][group] - starts)[rows]
    kind = np.asarray(blocks.own, dtype=np.int64)[block]
    f = np.asarray(blocks.value, dtype=float)[block]
    if kind.any():
        f = np.where(kind == OWN_KINDS["factor"], own_factor[rows], f)
        f = np.where((kind == OWN_KINDS["location"]) | (kind == OWN_KINDS["td_own_location"]), own_location[rows], f)
        f = np.where(kind == OWN_KINDS["upstream"], own_upstream[rows], f)
        f = np.where((kind == OWN_KINDS["td"]) | (kind == OWN_KINDS["td_own_location"]), f * td_rate[rows], f)
    kg = quantity[rows] * np.asarray(blocks.mult, dtype=float)[block] * f
    if not np.isfinite(kg).all():  # the bounds above make this impossible; never report a non-number
        i = int(rows[np.flatnonzero(~np.isfinite(kg))[0]])
        raise InputError([_problem(rows_frame(), i, tr("the emissions of this line are not a finite number"),
                                   "quantity", tr("check the quantity, its unit and the factor"), quantity[i])],
                         title=tr("Some activity rows cannot be calculated"))
    dq = dq_given[rows]
    dq = np.where(np.isnan(dq), np.asarray(blocks.dq, dtype=float)[block], dq)

    def per_row(c: str):
        if c in activities.columns:
            return activities[c].array.take(rows)  # keeps the column's dtype (no re-inference)
        return np.full(len(rows), None, dtype=object)

    cols: dict[str, object] = {
        "sheet": per_row("sheet"), "row": per_row("row"), "year": np.full(len(rows), reporting_year),
        "description": per_row("description"), "quantity": quantity[rows], "factor_kg_co2e": f,
        "kg_co2e": kg, "t_co2e": kg / 1000.0, "data_quality": dq,
    }
    for c in ("scope", "category", "memo", "verified"):
        dtype = bool if c in ("memo", "verified") else np.int64
        cols[c] = np.asarray(blocks.columns[c], dtype=dtype)[block]
    for c in ("scope2_method", "activity", "country", "unit", "method", "factor_id", "factor_unit",
              "factor_source", "note"):
        # Categorical: one string per block instead of one per line (a million lines stay fast).
        codes, uniq = pd.factorize(pd.Series(blocks.columns[c], dtype=object))
        codes = codes.astype(np.int8 if len(uniq) < 127 else np.int32)  # small codes: a cheaper gather
        cols[c] = pd.Categorical.from_codes(codes[block], categories=pd.Index(uniq, dtype=object), validate=False)
    return pd.DataFrame({c: cols[c] for c in LINE_COLUMNS}, copy=False)


def calculate_rows_loop(activities: pd.DataFrame, *, reporting_year: int, gwp_set: str = "AR5",
                        factor_year: int | None = None, gas_kwh_basis: str | None = None) -> list[float]:
    """Reference implementation: one row at a time, each row planned anew (for tests/benchmarks).

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
            mj, _ = energy_content(r.activity, r.unit, s.factor, gas_kwh_basis)
            kg += r.quantity * conversion(r.unit, unit_to, mj) * value
        totals.append(kg)
    return totals
