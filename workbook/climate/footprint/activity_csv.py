"""Activity lines as CSV, for bulk data and other systems.

Columns: ``scope`` (1, 2 or 3), ``category`` (1-15 for scope 3), ``activity`` (an activity id,
or free text with an own factor), ``country`` (ISO 3166 alpha-2, optional), ``quantity``,
``unit``, and optionally ``factor_kg_co2e`` + ``factor_unit`` (a supplier-specific factor),
``year``, ``description`` and ``data_quality``. Semicolon-separated files with decimal
commas (as Dutch Excel saves them) are read too.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS
from workbook.climate.footprint.facts import country_codes
from workbook.errors import InputError, Problem

REQUIRED = ("scope", "category", "activity", "country", "quantity", "unit")
OPTIONAL = ("factor_kg_co2e", "factor_unit", "year", "description", "data_quality")
MAX_CSV_BYTES = 500 * 1024 * 1024


def _num(text: str, decimal_comma: bool) -> float | None:
    t = text.strip()
    if decimal_comma:
        t = t.replace(".", "").replace(",", ".") if "," in t else t
    try:
        v = float(t)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def read_activity_csv(path: str | Path) -> pd.DataFrame:
    """Validated activity rows (normalised columns); all problems raised together."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError([Problem("the file does not exist", file=str(path), fix="check the path")],
                         title="Cannot read the file")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise InputError([Problem("the CSV file is larger than 500 MB", file=name, fix="split the file")],
                         title="The file is too large")
    raw = path.read_bytes()
    if raw.startswith(b"PK") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError([Problem("this is an Excel file with a .csv name", file=name,
                                  fix="rename it to .xlsx, or save it as CSV")], title="Cannot read the file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([Problem(f"missing column '{c}' (columns found: {', '.join(header) or 'none'})",
                                  file=name, row=1, column=c,
                                  fix="the header needs: " + ", ".join(REQUIRED) +
                                      " (and optionally factor_kg_co2e, factor_unit, year)")
                          for c in missing], title="The activity CSV has problems")
    pos = {c: header.index(c) for c in REQUIRED + OPTIONAL if c in header}
    codes = country_codes()
    problems: list[Problem] = []
    out = {c: [] for c in ACTIVITY_COLUMNS}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        get = lambda c: values[pos[c]].strip() if c in pos and pos[c] < len(values) else ""  # noqa: E731
        ok = True

        def bad(col: str, msg: str, fix: str) -> None:
            nonlocal ok
            ok = False
            problems.append(Problem(msg, file=name, row=line, column=col, value=get(col), fix=fix))

        scope = get("scope")
        if scope not in ("1", "2", "3"):
            bad("scope", "the scope must be 1, 2 or 3", "type 1, 2 or 3")
        cat = get("category")
        catn = None
        if cat:
            catn = _num(cat, False)
            if catn is None or not catn.is_integer() or not 1 <= catn <= 15:
                bad("category", "the category must be a whole number 1-15", "type the scope 3 category")
            elif scope in ("1", "2"):
                bad("category", "only scope 3 rows have a category", "leave it empty for scope 1 and 2")
        elif scope == "3":
            pass  # the activity may have only one category; the calculation checks it
        if not get("activity"):
            bad("activity", "the activity is empty", "give an activity id (see `workbook factors`)")
        country = get("country").upper()
        if country and country not in codes:
            bad("country", "not an ISO 3166 alpha-2 code", "use e.g. NL, CN, IN")
        q = _num(get("quantity"), decimal_comma)
        if q is None:
            bad("quantity", "text or nothing where a number belongs", "type a plain number")
        elif q < 0:
            bad("quantity", "a negative quantity", "quantities are zero or more")
        if not get("unit"):
            bad("unit", "the unit is empty", "e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR")
        f = get("factor_kg_co2e")
        fn = None
        if f:
            fn = _num(f, decimal_comma)
            if fn is None or fn < 0:
                bad("factor_kg_co2e", "the factor must be a number of zero or more", "type a plain number")
            if not get("factor_unit"):
                bad("factor_unit", "a factor needs the unit it is per", "e.g. kg or kWh")
        y = get("year")
        yn = None
        if y:
            yn = _num(y, False)
            if yn is None or not yn.is_integer() or not 1990 <= yn <= 2100:
                bad("year", "not a year", "e.g. 2025, or leave empty")
        dq = get("data_quality")
        dqn = None
        if dq:
            dqn = _num(dq, decimal_comma)
            if dqn is None or not 1 <= dqn <= 5:
                bad("data_quality", "the data-quality score must be 1-5", "or leave it empty")
        if not ok:
            continue
        out["file"].append(name)
        out["sheet"].append(None)
        out["row"].append(line)
        out["year"].append(int(yn) if yn else None)
        out["scope"].append(int(scope))
        out["category"].append(int(catn) if catn else None)
        out["activity"].append(get("activity"))
        out["description"].append(get("description"))
        out["country"].append(country or None)
        out["quantity"].append(q)
        out["unit"].append(get("unit"))
        out["factor_kg_co2e"].append(fn)
        out["factor_unit"].append(get("factor_unit") or None)
        out["data_quality"].append(dqn)
    if problems:
        raise InputError(problems, title="The activity CSV has problems")
    return pd.DataFrame(out, columns=ACTIVITY_COLUMNS)
