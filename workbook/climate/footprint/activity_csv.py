"""Activity lines as CSV, for bulk data and other systems.

Columns: ``scope`` (1, 2 or 3), ``category`` (1-15 for scope 3), ``activity`` (an activity id,
or free text with an own factor), ``country`` (ISO 3166 alpha-2, optional), ``quantity``,
``unit``, and optionally ``factor_kg_co2e`` + ``factor_unit`` (a supplier-specific factor),
``year``, ``description`` and ``data_quality``; a quantity in two parts as ``quantity2`` and
``unit2`` (multiplied with the quantity: tonnes x km, employees x km, a share in %); for
electricity rows ``factor_location`` and ``factor_upstream`` (kg CO2e per kWh) and
``td_loss_pct``. Semicolon-separated files with decimal commas (as Dutch Excel saves them)
are read too.

The file is read through :mod:`workbook.safeinput` (encoding detected, strict CSV structure:
a wrong number of fields or an unclosed quote is an error with its row) and validated column
by column: each distinct value of a column is checked once, so a million lines read in about
a second. Numbers in a semicolon file follow the Dutch convention: ``12.500,5`` is twelve
thousand five hundred and a half. ``12.500`` alone is read with the file's convention when
the file shows it (decimal commas elsewhere: 12500; decimal points elsewhere: 12.5) and is
refused as ambiguous otherwise, naming the cell.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS
from workbook.climate.footprint.facts import country_codes
from workbook.errors import InputError, Problem
from workbook.i18n import N_, tr
from workbook.safeinput import decode_text, find_control_characters, read_bytes, read_csv_table, sniff_delimiter

REQUIRED = ("scope", "category", "activity", "country", "quantity", "unit")
OPTIONAL = ("factor_kg_co2e", "factor_unit", "year", "description", "data_quality",
            "quantity2", "unit2", "factor_location", "factor_upstream", "td_loss_pct")
MAX_CSV_BYTES = 500 * 1024 * 1024
MAX_PROBLEMS = 500  # listed; more are counted in one last line
TITLE = N_("The activity CSV has problems")
AMBIGUOUS = N_("ambiguous number: read with a Dutch thousands separator it is a thousand times larger than "
               "read with a decimal point, and the file does not show which is meant")
# Columns with few distinct values: kept as categories (a million lines stay small).
CATEGORICAL = ("scope", "category", "activity", "country", "unit", "factor_unit", "year", "data_quality", "unit2")

_PLAIN = re.compile(r"^[+-]?\d+$")
_COMMA_DECIMAL = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+$")   # 12,5  1.234,5
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")                    # 12.500  1.234.567


def _numbers(text: pd.Series, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool, bool]:
    """Parse stripped text: (values with NaN where not a number, ambiguous mask, grouped mask,
    decimal comma seen, decimal point seen)."""
    n = len(text)
    values = np.full(n, np.nan)
    ambiguous = np.zeros(n, dtype=bool)
    grouped = np.zeros(n, dtype=bool)
    if not n:
        return values, ambiguous, grouped, False, False
    s = text.astype(object)
    if not decimal_comma:
        values = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, copy=True)
        values[~np.isfinite(values)] = np.nan
        return values, ambiguous, grouped, False, False
    comma = s.str.contains(",", regex=False).to_numpy(dtype=bool)
    dot = s.str.contains(".", regex=False).to_numpy(dtype=bool)
    plain = ~comma & ~dot
    values[plain] = pd.to_numeric(s[plain], errors="coerce").to_numpy(dtype=float)
    comma_seen = dot_seen = False
    if comma.any():
        sub = s[comma]
        ok = sub.str.match(_COMMA_DECIMAL).to_numpy(dtype=bool)
        idx = np.flatnonzero(comma)[ok]
        values[idx] = pd.to_numeric(sub[ok].str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                                    errors="coerce").to_numpy(dtype=float)
        comma_seen = bool(ok.any())
    only_dot = dot & ~comma
    if only_dot.any():
        sub = s[only_dot]
        g = sub.str.match(_GROUPED).to_numpy(dtype=bool)
        idx = np.flatnonzero(only_dot)
        grouped[idx[g]] = True
        decimals = pd.to_numeric(sub[~g], errors="coerce").to_numpy(dtype=float)
        values[idx[~g]] = decimals
        dot_seen = bool(np.isfinite(decimals).any())
    values[~np.isfinite(values)] = np.nan
    return values, ambiguous, grouped, comma_seen, dot_seen


def _resolve_grouped(text: pd.Series, values: np.ndarray, grouped: np.ndarray, convention: str | None) -> np.ndarray:
    """Give '12.500'-like values their meaning under the file's convention; return the
    ambiguous mask (no convention)."""
    if not grouped.any():
        return grouped
    sub = text[grouped].astype(object)
    if convention == "comma":
        values[grouped] = pd.to_numeric(sub.str.replace(".", "", regex=False), errors="coerce").to_numpy(dtype=float)
        return np.zeros(len(values), dtype=bool)
    if convention == "dot":
        values[grouped] = pd.to_numeric(sub, errors="coerce").to_numpy(dtype=float)
        return np.zeros(len(values), dtype=bool)
    return grouped


class _Column:
    """One column of the file: stripped text per row, from its distinct values."""

    def __init__(self, table, index: int | None, n: int) -> None:
        self.floats = None
        if index is None:
            self.codes = np.zeros(n, dtype=np.int64)
            self.values = np.array([""], dtype=object)
            self._rows = None
            return
        col = table.columns[index]
        self.floats = None
        if getattr(col, "dtype", None) is not None and col.dtype.kind == "f":  # read as plain numbers
            self.floats = np.where(np.isfinite(col), col, np.nan)
            self.codes = None
            self._rows = None
            return
        if isinstance(col, pd.Categorical) or hasattr(col, "categories"):
            cats = np.asarray(col.categories, dtype=object)
            self.codes = np.asarray(col.codes, dtype=np.int64)
            self.values = np.array([str(c).strip() for c in cats] + [""], dtype=object)
            self.codes = np.where(self.codes < 0, len(cats), self.codes)
            self._rows = None
        else:
            self.codes = None
            self._rows = pd.Series([v.strip() for v in col], dtype=object)

    def text(self) -> pd.Series:
        if self.floats is not None:
            return pd.Series(self.floats).map(repr)
        if self._rows is not None:
            return self._rows
        return pd.Series(self.values[self.codes], dtype=object)

    def at(self, i: int) -> str:
        if self.floats is not None:
            return f"{self.floats[i]:g}"
        return self._rows.iat[i] if self._rows is not None else self.values[self.codes[i]]

    def empty(self) -> np.ndarray:
        if self.floats is not None:
            return np.zeros(len(self.floats), dtype=bool)
        if self._rows is not None:
            return (self._rows == "").to_numpy(dtype=bool)
        return (self.values == "")[self.codes]

    def per_value(self, func, dtype=object) -> np.ndarray:
        """``func`` applied to each distinct value once, spread over the rows."""
        if self._rows is not None:
            codes, uniq = pd.factorize(self._rows)
            return np.asarray([func(u) for u in uniq] + [func("")], dtype=dtype)[codes]
        return np.asarray([func(u) for u in self.values], dtype=dtype)[self.codes]


def read_activity_csv(path: str | Path) -> pd.DataFrame:
    """Validated activity rows (normalised columns); all problems raised together."""
    path = Path(path)
    name = path.name
    raw = read_bytes(path, max_bytes=MAX_CSV_BYTES,
                     missing=Problem(tr("the file does not exist"), file=str(path), fix=tr("check the path")))
    if raw.startswith(b"PK") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError([Problem(tr("this is an Excel file with a .csv name"), file=name,
                                  fix=tr("rename it to .xlsx, or save it as CSV"))], title=tr("Cannot read the file"))
    text = decode_text(raw, name)
    del raw
    delimiter = sniff_delimiter(text, ",;")
    decimal_comma = delimiter == ";"
    table = read_csv_table(text, name, delimiter=delimiter, categorical=CATEGORICAL,
                           numeric=() if decimal_comma else ("quantity",))
    del text
    header = [h.strip().lower() for h in table.header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([Problem(tr("missing column '{column}' (columns found: {found})", column=c,
                                     found=", ".join(header) or tr("none")),
                                  file=name, row=1, column=c,
                                  fix=tr("the header needs: {columns} (and optionally factor_kg_co2e, factor_unit, year)",
                                         columns=", ".join(REQUIRED)))
                          for c in missing], title=tr(TITLE))
    control = find_control_characters(table, name)
    if control:
        raise InputError(control, title=tr(TITLE))
    n = len(table)
    pos = {c: header.index(c) for c in REQUIRED + OPTIONAL if c in header}
    col = {c: _Column(table, pos.get(c), n) for c in REQUIRED + OPTIONAL}
    blank = np.ones(n, dtype=bool)
    for i in range(len(header)):
        blank &= _Column(table, i, n).empty() if i not in pos.values() else col[header[i]].empty()

    checks: list[tuple[str, np.ndarray, str, str]] = []  # (column, rows, message, fix) in check order

    def check(column: str, mask: np.ndarray, message: str, fix: str) -> None:
        mask = mask & ~blank
        if mask.any():
            checks.append((column, mask, tr(message), tr(fix)))

    scope_text = col["scope"].per_value(lambda t: t if t in ("1", "2", "3") else
                                        {"1.0": "1", "2.0": "2", "3.0": "3"}.get(t, t))
    scope_ok = np.isin(scope_text, ["1", "2", "3"])
    check("scope", ~scope_ok, N_("the scope must be 1, 2 or 3"), N_("type 1, 2 or 3"))

    def whole(lo: int, hi: int):
        def parse(t: str) -> float:  # NaN: empty; -1: not a whole number in range
            if not t:
                return np.nan
            try:
                v = float(t)
            except (ValueError, OverflowError):
                return -1.0
            return v if math.isfinite(v) and v.is_integer() and lo <= v <= hi else -1.0
        return parse

    cat = col["category"].per_value(whole(1, 15), dtype=float)
    cat_given = ~col["category"].empty()
    check("category", cat_given & np.equal(cat, -1), N_("the category must be a whole number 1-15"),
          N_("type the scope 3 category"))
    check("category", cat_given & ~np.equal(cat, -1) & np.isin(scope_text, ["1", "2"]),
          N_("only scope 3 rows have a category"), N_("leave it empty for scope 1 and 2"))
    check("activity", col["activity"].empty(), N_("the activity is empty"), N_("give an activity id (see `workbook factors`)"))
    codes = country_codes()
    country_bad = col["country"].per_value(lambda t: bool(t) and t.upper() not in codes).astype(bool)
    check("country", country_bad, N_("not an ISO 3166 alpha-2 code"), N_("use e.g. NL, CN, IN"))

    number_cols = [c for c in ("quantity", "factor_kg_co2e", "data_quality", "quantity2", "factor_location",
                               "factor_upstream", "td_loss_pct") if c in pos]
    parsed = {c: ((col[c].floats, np.zeros(n, bool), np.zeros(n, bool), False, False)
                  if col[c].floats is not None else _numbers(col[c].text(), decimal_comma)) for c in number_cols}
    comma_seen = any(p[3] for p in parsed.values())
    dot_seen = any(p[4] for p in parsed.values())
    convention = "comma" if comma_seen and not dot_seen else "dot" if dot_seen and not comma_seen else None
    numbers, ambiguous = {}, {}
    for c, (values, _, grouped, _, _) in parsed.items():
        ambiguous[c] = _resolve_grouped(col[c].text(), values, grouped, convention) if grouped.any() else grouped
        numbers[c] = values
    amb_fix = N_("write the number without a thousands separator (12500), or with a decimal comma for a "
                 "fraction (12,5)")

    q = numbers["quantity"]
    check("quantity", ambiguous["quantity"], AMBIGUOUS, amb_fix)
    check("quantity", np.isnan(q) & ~ambiguous["quantity"], N_("text or nothing where a number belongs"),
          N_("type a plain number"))
    check("quantity", q < 0, N_("a negative quantity"), N_("quantities are zero or more"))
    check("unit", col["unit"].empty(), N_("the unit is empty"), N_("e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR"))
    f_given = ~col["factor_kg_co2e"].empty()
    fn = numbers.get("factor_kg_co2e", np.full(n, np.nan))
    f_amb = ambiguous.get("factor_kg_co2e", np.zeros(n, dtype=bool))
    check("factor_kg_co2e", f_given & f_amb, AMBIGUOUS, amb_fix)
    check("factor_kg_co2e", f_given & ~f_amb & (np.isnan(fn) | (fn < 0)),
          N_("the factor must be a number of zero or more"), N_("type a plain number"))
    check("factor_unit", f_given & col["factor_unit"].empty(), N_("a factor needs the unit it is per"), N_("e.g. kg or kWh"))
    year = col["year"].per_value(whole(1990, 2100), dtype=float)
    check("year", ~col["year"].empty() & np.equal(year, -1), N_("not a year"), N_("e.g. 2025, or leave empty"))
    dq_given = ~col["data_quality"].empty()
    dq = numbers.get("data_quality", np.full(n, np.nan))
    check("data_quality", dq_given & ~((dq >= 1) & (dq <= 5)), N_("the data-quality score must be 1-5"),
          N_("or leave it empty"))

    # optional: a second part of the quantity, and the electricity extras (kg CO2e per kWh; T&D in %)
    extra = {}
    for c, limit in (("quantity2", None), ("factor_location", None), ("factor_upstream", None), ("td_loss_pct", 100)):
        given = ~col[c].empty()
        v = numbers.get(c, np.full(n, np.nan))
        amb = ambiguous.get(c, np.zeros(n, dtype=bool))
        check(c, given & amb, AMBIGUOUS, amb_fix)
        check(c, given & ~amb & (np.isnan(v) | (v < 0) | ((v > limit) if limit else False)),
              N_("must be a number of zero or more and at most 100") if limit else N_("must be a number of zero or more"),
              N_("type a plain number, or leave it empty"))
        extra[c] = np.where(given, v, np.nan)
    check("unit2", ~col["quantity2"].empty() & col["unit2"].empty(), N_("a second quantity needs its unit"),
          N_("e.g. km, or % for a share"))

    if checks:
        bad = np.zeros(n, dtype=bool)
        for _, mask, _, _ in checks:
            bad |= mask
        hits = []
        for order, (column, mask, message, fix) in enumerate(checks):
            hits += [(int(i), order) for i in np.flatnonzero(mask)[:MAX_PROBLEMS]]
        hits.sort()
        problems = [Problem(checks[o][2], file=name, row=int(table.rows[i]), column=checks[o][0],
                            value=col[checks[o][0]].at(i), fix=checks[o][3]) for i, o in hits[:MAX_PROBLEMS]]
        more = sum(int(m.sum()) for _, m, _, _ in checks) - len(problems)
        if more > 0:
            problems.append(Problem(tr("... and {more} more problems in {rows} rows", more=format(more, ","),
                                       rows=format(int(bad.sum()), ",")), file=name,
                                    fix=tr("fix the problems above (they are often all alike), then run again")))
        raise InputError(problems, title=tr(TITLE))

    keep = np.flatnonzero(~blank)

    def categories(values: np.ndarray, codes_: np.ndarray) -> pd.Categorical:
        uniq, inverse = np.unique(values.astype(str), return_inverse=True)
        cats = pd.Index(uniq, dtype=object)
        out = pd.Categorical.from_codes(inverse.reshape(-1)[codes_], categories=cats, validate=False) \
            if len(uniq) else pd.Categorical([None] * len(codes_))
        return out

    def category_column(c: str, upper: bool = False, empty_is_none: bool = False) -> pd.Categorical:
        column = col[c]
        vals = np.asarray([v.upper() if upper else v for v in column.values], dtype=object)
        codes_ = column.codes[keep]
        cat_ = categories(vals, codes_)
        if empty_is_none:
            cat_ = cat_.remove_categories([""]) if "" in cat_.categories else cat_
        return cat_

    def optional_int(values: np.ndarray) -> np.ndarray:
        return values[keep]

    out = {
        "file": pd.Categorical.from_codes(np.zeros(len(keep), dtype=np.int8), categories=pd.Index([name], dtype=object)),
        "sheet": np.full(len(keep), None, dtype=object),
        "row": table.rows[keep],
        "year": optional_int(year),
        "scope": np.asarray(scope_text[keep], dtype=object).astype(np.int64),
        "category": optional_int(cat),
        "activity": category_column("activity"),
        "description": col["description"].text().to_numpy(dtype=object)[keep],
        "country": category_column("country", upper=True, empty_is_none=True),
        "quantity": q[keep],
        "unit": category_column("unit"),
        "factor_kg_co2e": fn[keep],
        "factor_unit": category_column("factor_unit", empty_is_none=True),
        "data_quality": dq[keep],
        "quantity2": extra["quantity2"][keep],
        "unit2": category_column("unit2", empty_is_none=True),
        "factor_location": extra["factor_location"][keep],
        "factor_upstream": extra["factor_upstream"][keep],
        "td_loss_rate": extra["td_loss_pct"][keep] / 100,
    }
    if not np.isnan(out["year"]).any() and len(keep):
        out["year"] = out["year"].astype(np.int64)
    return pd.DataFrame(out, columns=ACTIVITY_COLUMNS)
