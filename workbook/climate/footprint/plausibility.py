"""Plausibility warnings on a participant's activity data: warnings, not errors.

The calculation runs anyway; each warning names the sheet, row and column to look at and
says why. The thresholds and the rule behind each check are data (``data/climate/
plausibility.yaml``, a stated course convention), shown with the warnings so a participant
knows what was tested. Checks:

- ``own_factor_ratio``: an own (supplier) factor far from the database factor of the same
  activity (usually a unit mix-up);
- ``year_on_year``: a large change in the quantity of the same activity from the previous
  reporting year in the file, or an activity that disappeared;
- ``expected_categories``: a scope 3 category the sector usually has that is empty.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.climate.footprint.calculate import (
    DEFAULT_COUNTRY,
    PlanProblem,
    clean_strings,
    plan_cached,
)
from workbook.climate.footprint.facts import activity_table, category_table, climate_dir
from workbook.climate.footprint.sheets import DATA_SHEETS, SHEET_BY_NAME, in_language
from workbook.climate.footprint.units import UnitProblem, conversion
from workbook.datafiles import RowProblem
from workbook.documents import LINE_KEY, LINES_KEY, line_of, strip_lines
from workbook.i18n import N_, tr, translate
from workbook.language import language, using
from workbook.paths import data_cache
from workbook.schemas import document_problems, entry_for, read_document

FILE = "plausibility.yaml"
OWN_FACTOR_ABOVE = N_("own factor {q:g} kg CO2e/{funit} for '{activity}' is {f:.3g} times the database factor "
                      "({value:g} kg CO2e/{unit}, {id}), above the usual range: check the unit (g or kg, per kg or "
                      "per tonne)")
OWN_FACTOR_BELOW = N_("own factor {q:g} kg CO2e/{funit} for '{activity}' is {f:.3g} times the database factor "
                      "({value:g} kg CO2e/{unit}, {id}), below the usual range: check the unit (g or kg, per kg or "
                      "per tonne)")
EXPECTED = N_("scope 3 category {category} ({name}) is empty, but for a {sector} company it is usually {rating}: "
              "add its activities, or note why it does not apply")
EXPECTED_UNVERIFIED = N_("scope 3 category {category} ({name}) is empty, but for a {sector} company it is usually "
                         "{rating} (a course rating, not verified): add its activities, or note why it does not apply")
KEY = ["sheet", "activity", "category", "country", "description"]


def threshold_rules(data: dict) -> list[RowProblem]:
    """The rules of the plausibility file that span keys (its types are declared in schemas.yaml)."""
    checks = data["checks"]
    problems = []
    for name, rule in checks.items():
        if name in (LINE_KEY, LINES_KEY):
            continue
        try:
            _format(name, rule)
        except (KeyError, ValueError, IndexError) as exc:
            problems.append(RowProblem(line_of(rule, "rule"), f"checks.{name}.rule cannot be filled in ({exc})",
                                       fix="name only the check's own keys in braces, e.g. {high:g}"))
    own, yoy = checks["own_factor_ratio"], checks["year_on_year"]
    if not 0 < own["low"] < 1 < own["high"]:
        problems.append(RowProblem(line_of(own), "checks.own_factor_ratio needs 0 < low < 1 < high"))
    if not yoy["max_change"] > 0:
        problems.append(RowProblem(line_of(yoy, "max_change"), "checks.year_on_year.max_change must be above 0"))
    return problems


def check_rules(data: object) -> list[str]:
    """Every problem of the plausibility file's content, each naming the key (empty when it is sound)."""
    path = climate_dir() / FILE
    return [f"{FILE}: {p}" for p in document_problems(path, entry_for(path), data)]


def _format(name: str, rule: dict) -> str:
    values = {k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in strip_lines(rule).items()}
    return rule["rule"].format(**values)


@data_cache
def rules() -> dict:
    """The plausibility rules, checked: a bad file fails here with its line and key, not as a silent check."""
    return read_document(climate_dir() / FILE)


def rule_texts() -> dict[str, str]:
    """Each check's rule in words, thresholds filled in (for the results file and the notebooks)."""
    return {name: _format(name, rule) for name, rule in rules()["checks"].items()}


class Num:
    """A number in a message: written with the reader's decimal and thousands separators."""

    def __init__(self, value) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        text = format(self.value, spec)
        return text if language() == "en" else text.translate(str.maketrans(",.", ".,"))

    def __str__(self) -> str:
        return format(self, "")


class CourseWord(str):
    """A word of the course's own vocabulary in a message (a sheet name, a sector): translated when shown."""

    def __format__(self, spec: str) -> str:
        return format(translate(str(self)), spec)


class Message(str):
    """A warning's English text, as the footprint JSON keeps it, that can also be read in the
    participant's language (:meth:`translated`): the template and its fields travel with it."""

    template: str
    fields: dict

    def __new__(cls, template: str, **fields):
        with using("en"):
            obj = super().__new__(cls, template.format(**fields))
        obj.template, obj.fields = template, fields
        return obj

    def __reduce__(self):
        return (_message, (self.template, self.fields))

    def __format__(self, spec: str) -> str:
        return format(self.translated() if language() != "en" else str(self), spec)

    def translated(self) -> str:
        """The message in the current language."""
        return tr(self.template, **self.fields)


def _message(template: str, fields: dict) -> Message:
    return Message(template, **fields)


def warning_message(w: dict) -> str:
    """A warning's message in the reader's language."""
    m = w.get("message") or ""
    return m.translated() if isinstance(m, Message) else translate(m)


def warning_place(w: dict, lang: str = "en") -> list:
    """[sheet, row, column] of a warning, named as a template in ``lang`` names them."""
    return [in_language(w["sheet"], lang) if w.get("sheet") else w.get("sheet"), w.get("row"),
            in_language(w["column"], lang) if w.get("column") else w.get("column")]


def warning(check: str, message: str, sheet=None, row=None, column=None) -> dict:
    return {"sheet": sheet or None, "row": None if row is None or pd.isna(row) else int(row),
            "column": column, "message": message, "check": check}


# --------------------------------------------------------------------------- the checks
def own_factor_warnings(lines: pd.DataFrame, *, factor_year: int, gwp_set: str,
                        limit: int | None = None) -> list[dict]:
    """Own factors more than ``high`` times, or less than ``low`` times, the database factor."""

    rule = rules()["checks"]["own_factor_ratio"]
    own = lines[lines["factor_id"] == "own factor"]
    acts = activity_table()
    own = own[own["activity"].astype(object).isin(acts.index)]
    if own.empty:
        return []
    parts = []
    keys = ["activity", "country", "scope", "category", "factor_unit"]
    for (activity, country, scope, category, funit), grp in own.groupby(keys, observed=True, sort=False):
        try:
            specs = plan_cached(activity, country or DEFAULT_COUNTRY, int(scope), int(category), False,
                                 factor_year, gwp_set)
        except PlanProblem:
            continue
        ref = next((s.factor for s in specs if s.factor is not None and s.factor.value
                    and s.scope2_method in ("", "location")), None)
        if ref is None:
            continue
        try:
            per_ref_unit = conversion(ref.unit, funit)  # own factor is per funit; compare per ref.unit
        except UnitProblem:
            continue
        ratio = grp["factor_kg_co2e"].to_numpy(dtype=float) * per_ref_unit / ref.value
        low_checked = acts.loc[activity, "area"] not in rule["no_low_check_areas"]
        flag = (ratio > rule["high"]) | (low_checked & (ratio < rule["low"]))
        if flag.any():
            parts.append(pd.DataFrame({"sheet": grp["sheet"].to_numpy()[flag], "row": grp["row"].to_numpy()[flag],
                                       "q": grp["factor_kg_co2e"].to_numpy()[flag], "f": ratio[flag],
                                       "activity": activity, "funit": funit, "ref": [ref] * int(flag.sum())}))
    if not parts:
        return []
    found = _first_rows(pd.concat(parts, ignore_index=True), limit)
    out = [warning("own_factor_ratio",
                   Message(OWN_FACTOR_ABOVE if r.f > 1 else OWN_FACTOR_BELOW, q=Num(r.q), funit=r.funit,
                           activity=r.activity, f=Num(r.f), value=Num(r.ref.value), unit=r.ref.unit, id=r.ref.id),
                   r.sheet, r.row, "factor_kg_co2e")
           for r in found.head(limit).itertuples(index=False)]
    return out + _more("own_factor_ratio", len(found), limit)


def _first_rows(df: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """In sheet and row order; only the first ``limit`` are turned into messages (the count is kept)."""
    order = df.assign(_s=df["sheet"].fillna("").astype(str), _r=pd.to_numeric(df["row"], errors="coerce"))
    return order.sort_values(["_s", "_r"], kind="stable").drop(columns=["_s", "_r"])


def _more(check: str, total: int, limit: int | None) -> list[dict]:
    if limit is None or total <= limit:
        return []
    return [warning(check, Message(N_("... and {n:,} more rows like these ({check}): alike warnings are "
                                      "usually one mistake repeated; fix it and run again"),
                                   n=Num(total - limit), check=check))]


def year_on_year_warnings(activities: pd.DataFrame, reporting_year: int, limit: int | None = None) -> list[dict]:
    """Same activity, previous reporting year in the file: a change above the threshold, or gone."""

    if activities is None or not len(activities) or "year" not in activities.columns:
        return []
    rule = rules()["checks"]["year_on_year"]
    years = pd.to_numeric(activities["year"], errors="coerce")
    earlier = years[years < reporting_year]
    if earlier.empty:
        return []
    prev = int(earlier.max())
    df = activities[(years == reporting_year) | (years == prev)]
    acts = activity_table()
    col = lambda c: df[c] if c in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)  # noqa: E731
    d = pd.DataFrame({
        "year": years[df.index].astype(int).to_numpy(),
        "sheet": clean_strings(col("sheet")),
        "row": pd.to_numeric(col("row"), errors="coerce").to_numpy(dtype=float),
        "activity": clean_strings(col("activity")),
        "category": pd.to_numeric(col("category"), errors="coerce").fillna(0).astype(int).to_numpy(),
        "country": clean_strings(col("country"), upper=True),
        "description": clean_strings(col("description")),
        "unit": clean_strings(col("unit")),
        "quantity": pd.to_numeric(col("quantity"), errors="coerce").to_numpy(dtype=float),
    })
    # One unit per activity: the database's, where the row's unit converts to it.
    to_ref = {}
    for activity, unit in d[["activity", "unit"]].drop_duplicates().itertuples(index=False):
        ref = acts.loc[activity, "unit"] if activity in acts.index else unit
        try:
            to_ref[(activity, unit)] = (conversion(unit, ref), ref)
        except UnitProblem:
            to_ref[(activity, unit)] = (1.0, unit)
    conv = [to_ref[k] for k in zip(d["activity"], d["unit"])]
    d["q"] = d["quantity"] * np.array([c for c, _ in conv], dtype=float)
    d["ref_unit"] = [u for _, u in conv]
    g = d.groupby(KEY + ["ref_unit", "year"], sort=False).agg(q=("q", "sum"), row=("row", "first")).reset_index()
    now = g[g["year"] == reporting_year].set_index(KEY + ["ref_unit"])
    before = g[g["year"] == prev].set_index(KEY + ["ref_unit"])
    both = now.merge(before, how="outer", left_index=True, right_index=True, suffixes=("_now", "_prev"))
    out = []
    limit_change = rule["max_change"]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = both["q_now"].to_numpy() / both["q_prev"].to_numpy() - 1
    gone = both["q_now"].isna().to_numpy()
    flagged = gone | ((both["q_prev"].to_numpy() > 0) & (np.abs(np.nan_to_num(change)) > limit_change))
    hits = both[flagged].reset_index()
    hits["sheet_row"] = hits["row_now"].where(hits["q_now"].notna(), hits["row_prev"])
    hits = _first_rows(hits.assign(row=hits["sheet_row"]), limit)
    for r in hits.head(limit).itertuples(index=False):
        name = f"'{r.activity}'" + (f" ({r.description})" if r.description else "")
        if pd.isna(r.q_now):
            out.append(warning("year_on_year", Message(
                N_("{name} was reported for {prev} ({q_prev:,.6g} {unit}) but not for {year}: forgotten, stopped, "
                   "or now under another activity?"), name=name, prev=prev, q_prev=Num(r.q_prev), unit=r.ref_unit,
                year=reporting_year), r.sheet, r.row_prev, "quantity"))
        else:
            change = r.q_now / r.q_prev - 1
            out.append(warning("year_on_year", Message(
                N_("{name}: {q_now:,.6g} {unit} in {year} against {q_prev:,.6g} in {prev} ({change:+.0%}, more "
                   "than ±{limit:.0%}): check the number and its unit"), name=name, q_now=Num(r.q_now),
                unit=r.ref_unit, year=reporting_year, q_prev=Num(r.q_prev), prev=prev, change=Num(change),
                limit=Num(limit_change)), r.sheet, r.row_now, "quantity"))
    out += _more("year_on_year", len(hits), limit)
    return out


def expected_category_warnings(lines: pd.DataFrame, sector: str) -> list[dict]:
    """Scope 3 categories the sector usually has (by the rating in the data) that are empty."""
    rule = rules()["checks"]["expected_categories"]
    if sector not in rule["sectors"]:
        return []
    with using("en"):  # the warning keeps the English name; it is translated where it is shown
        cats = category_table()
    expected = cats[cats["relevance_textile_furniture"].isin(rule["ratings"])]
    counted = lines[(lines["scope"] == 3) & ~lines["memo"].astype(bool) & (lines["scope2_method"] != "market")]
    present = set(counted.loc[counted["t_co2e"] > 0, "category"].astype(int))

    acts = activity_table()
    out = []
    for c, r in expected.iterrows():
        if c in present:
            continue
        areas = {a for a, cs in zip(acts["area"], acts["categories"]) if c in cs}
        sheet = next((s.name for s in DATA_SHEETS if s.area in areas and s.area != "transport"), None) or next(
            (s.name for s in DATA_SHEETS if s.area in areas), None)
        template = EXPECTED if r["relevance_verified"] else EXPECTED_UNVERIFIED
        out.append(warning("expected_categories",
                           Message(template, category=c, name=CourseWord(r["name"]), sector=CourseWord(sector),
                                   rating=r["relevance_textile_furniture"]), sheet, None, None))
    return out


def _folded(value) -> str:
    """Stripped and lower-case text (the same object when it already is: no copy per row)."""
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text if text.islower() or not any(c.isupper() for c in text) else text.lower()


def duplicate_row_warnings(activities: pd.DataFrame | None, reporting_year: int, limit: int | None = None) -> list[dict]:
    """Rows of the reporting year that repeat another row's year, activity, description, quantity
    and unit: each named together with the row it repeats."""
    if activities is None or not len(activities):
        return []
    keys = rules()["checks"]["duplicate_rows"]["keys"]
    acts = activities[pd.to_numeric(activities["year"], errors="coerce") == reporting_year] \
        if "year" in activities.columns else activities
    if not len(acts):
        return []
    # one integer per row for its (stripped, lower-case) key values; each distinct value cleaned once
    combined = np.zeros(len(acts), dtype=np.int64)
    for k in keys:
        if k in acts.columns:
            codes, uniq = pd.factorize(acts[k], use_na_sentinel=False)
            norm, _ = pd.factorize(np.asarray([_folded(u) for u in uniq], dtype=object))
            combined, _ = pd.factorize(combined * (len(uniq) + 1) + norm[codes])
            del codes, uniq, norm
    group, _ = pd.factorize(combined)
    first_pos = np.full(group.max() + 1 if len(group) else 0, -1, dtype=np.int64)
    first_pos[group[::-1]] = np.arange(len(group))[::-1]  # the first row of each group
    duplicate = np.arange(len(group)) != first_pos[group]
    repeated = acts[duplicate]
    first_label = pd.Series(acts.index[first_pos[group]], index=acts.index)
    out = []
    for i, row in _first_rows(repeated, limit).head(limit or len(repeated)).iterrows():
        first = acts.loc[first_label[i]]
        other_sheet = first.get("sheet") and first.get("sheet") != row.get("sheet")
        if pd.notna(first.get("row")):
            where = (Message(N_("row {row} of sheet '{sheet}'"), row=int(first["row"]), sheet=CourseWord(first["sheet"]))
                     if other_sheet else Message(N_("row {row}"), row=int(first["row"])))
        else:
            where = (Message(N_("another row of sheet '{sheet}'"), sheet=CourseWord(first["sheet"])) if other_sheet
                     else Message(N_("another row")))
        described = row.get("description") or Message(N_("no description"))
        out.append(warning("duplicate_rows", Message(N_("the same as {where} ({activity}, {description}, "
                                                        "{quantity:g} {unit}): counted twice if both stay"),
                                                     where=where, activity=row["activity"], description=described,
                                                     quantity=Num(row["quantity"]), unit=row["unit"]),
                           row.get("sheet"), row.get("row"), "quantity"))
    return out + _more("duplicate_rows", len(repeated), limit)


def check_inventory(lines: pd.DataFrame, activities: pd.DataFrame | None, *, reporting_year: int,
                    sector: str, factor_year: int | None = None, gwp_set: str = "AR5") -> list[dict]:
    """All plausibility warnings of one reporting year: ``{sheet, row, column, message, check}``.

    ``activities`` may hold every year of the file (for the year-on-year check).
    """
    cap = rules()["max_per_check"]
    out = own_factor_warnings(lines, factor_year=factor_year or reporting_year, gwp_set=gwp_set, limit=cap)
    out += year_on_year_warnings(activities, reporting_year, limit=cap)
    out += duplicate_row_warnings(activities, reporting_year, limit=cap)
    out += expected_category_warnings(lines, sector)  # at most 15
    return _with_headers(out)


def _with_headers(warnings: list[dict]) -> list[dict]:
    """On template sheets, name the column by its header, as the participant sees it."""

    for w in warnings:
        sheet = SHEET_BY_NAME.get(w["sheet"] or "")
        if sheet and w["column"]:
            w["column"] = {f: h for f, h, _ in sheet.columns}.get(w["column"], w["column"])
    return warnings


def as_text(w: dict, lang: str = "en") -> str:
    """A warning in one line for the reader: where (as a template in ``lang`` names it) and why."""
    sheet, row, column = warning_place(w, lang)
    where = ", ".join(p for p in (tr("sheet '{sheet}'", sheet=sheet) if sheet else "",
                                  tr("row {row}", row=row) if row is not None else "",
                                  tr("column '{column}'", column=column) if column else "") if p)
    return (where + ": " if where else "") + warning_message(w)
