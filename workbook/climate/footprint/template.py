"""The Excel data template: written with openpyxl, read back fast with calamine, validated cell by cell.

Every problem names its sheet, row, column, the value found and what to do; all problems are
collected before anything is raised, so a participant fixes the file in one go.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS, GAS_KWH_BASES
from workbook.climate.footprint.facts import activity_table, category_table, country_codes
from workbook.climate.footprint.inventory import GWP_SETS, Company
from workbook.climate.footprint.sheets import (
    COMMON_UNITS,
    COMPANY_FIELDS,
    CONSOLIDATION,
    DATA_SHEETS,
    FIELDS_ADDED_LATER,
    FIRST_YEAR,
    LAST_YEAR,
    SCREENING_HEADER,
    SECTORS,
    SHEET_BY_NAME,
    VALIDATED_ROWS,
    DataSheet,
)
from workbook.climate.footprint.units import UnitProblem, parse
from workbook.errors import InputError, Problem
from workbook.excel import save_new, set_cell, write_table
from workbook.safeinput import MAX_XLSX_BYTES, finite_number, open_xlsx

MAX_FILE_BYTES = MAX_XLSX_BYTES  # a course template is a few MB even with 100,000 rows
# --------------------------------------------------------------------------- writing
def write_template(path: str | os.PathLike, company: Company | None = None,
                   rows: pd.DataFrame | None = None, screening: list[dict] | None = None,
                   protect: tuple = (), *, force: bool = False, rename: bool = True) -> Path:
    """Write the data template (blank, or filled with ``rows`` in the normalised activity columns).

    A template may have been filled in: an existing file is never replaced unless ``force``;
    by default the new one gets a free name beside it (``name (2).xlsx``), as in a notebook.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ins = wb.active
    ins.title = "Instructions"
    _write_instructions(ins)

    ws = wb.create_sheet("Company")
    write_table(ws, ["Field", "Value", "Help"], [], widths={1: 40, 2: 28, 3: 80})
    c = company or Company(name="", sector="", reporting_year=0, significance_threshold=0.05)
    values = {
        "name": c.name, "sector": c.sector, "country": c.country,
        "reporting_year": c.reporting_year or None, "base_year": c.base_year,
        "consolidation": c.consolidation, "gwp_set": c.gwp_set, "gas_kwh_basis": c.gas_kwh_basis,
        "factor_year": c.factor_year,
        "significance_threshold": round(c.significance_threshold * 100, 6) if c.significance_threshold else None,
        "employees": c.employees, "turnover_eur": c.turnover_eur,
    }
    for r, (key, label, help_) in enumerate(COMPANY_FIELDS, start=2):
        set_cell(ws, r, 1, label).font = Font(bold=True)
        set_cell(ws, r, 2, values[key])
        set_cell(ws, r, 3, help_)
    lists = wb.create_sheet("Lists")
    acts = activity_table()
    col = 1
    list_ranges: dict[str, str] = {}
    for sheet in DATA_SHEETS:
        ids = list(acts.index[acts["area"] == sheet.area])
        set_cell(lists, 1, col, f"{sheet.name} activities").font = Font(bold=True)
        for i, a in enumerate(ids, start=2):
            set_cell(lists, i, col, a)
            set_cell(lists, i, col + 1, acts.loc[a, "label"])
        letter = get_column_letter(col)
        list_ranges[sheet.name] = f"Lists!${letter}$2:${letter}${len(ids) + 1}"
        col += 2
    for name, values_ in (("units", COMMON_UNITS), ("countries", sorted(country_codes())),
                          ("categories", [str(i) for i in range(1, 16)])):
        set_cell(lists, 1, col, name).font = Font(bold=True)
        for i, v in enumerate(values_, start=2):
            set_cell(lists, i, col, v)
        letter = get_column_letter(col)
        list_ranges[name] = f"Lists!${letter}$2:${letter}${len(values_) + 1}"
        col += 1
    lists.sheet_state = "hidden"

    rows = rows if rows is not None else pd.DataFrame(columns=ACTIVITY_COLUMNS + ["notes"])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in DATA_SHEETS:
        ws = wb.create_sheet(sheet.name)
        cols = sheet.columns
        mine = rows[rows["sheet"] == sheet.name] if len(rows) else rows
        data = []
        for rec in mine.to_dict("records"):
            data.append([_clean(_to_percent(rec.get(f)) if f == "td_loss_rate" else rec.get(f)) for f, _, _ in cols])
        write_table(ws, [h for _, h, _ in cols], data,
                    widths={j: w for j, w in enumerate(
                        [8, 28] + ([10] if sheet.scope == 3 else []) + [32, 9, 12, 10, 18, 18, 16, 36], start=1)})
        for j, (_, header, help_) in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j)
            cell.comment = Comment(help_, "workbook")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = max(VALIDATED_ROWS, len(data) + 1000)
        letters = {f: get_column_letter(j) for j, (f, _, _) in enumerate(cols, start=1)}
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges[sheet.name]}", allow_blank=True,
                                     errorStyle="warning", error="Not an activity of this sheet: "
                                     "use your own factor columns for free-text activities",
                                     errorTitle="Activity"), letters["activity"], last)
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges['units']}", allow_blank=True,
                                     errorStyle="warning", error="Uncommon unit: check it",
                                     errorTitle="Unit"), letters["unit"], last)
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges['countries']}", allow_blank=True,
                                     error="Use an ISO 3166 two-letter code, e.g. NL", errorTitle="Country"),
                  letters["country"], last)
        _validate(ws, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                     allow_blank=True, error="A number of zero or more",
                                     errorTitle="Quantity"), letters["quantity"], last)
        _validate(ws, DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR),
                                     formula2=str(LAST_YEAR), allow_blank=True, error="A year, e.g. 2025",
                                     errorTitle="Year"), letters["year"], last)
        if "category" in letters:
            allowed = sorted({c for cs in acts.loc[acts["area"] == sheet.area, "categories"] for c in cs})
            _validate(ws, DataValidation(type="list", formula1='"' + ",".join(map(str, allowed)) + '"',
                                         allow_blank=True, error=f"Category {allowed} on this sheet",
                                         errorTitle="Category"), letters["category"], last)
    ws = wb.create_sheet("Screening")
    cats = category_table()
    scr = {int(s["category"]): s for s in (screening or [])}
    data = []
    for c in range(1, 16):
        s = scr.get(c, {})
        data.append([c, cats.loc[c, "name"], _clean(s.get("activity")), _clean(s.get("quantity")),
                     _clean(s.get("unit")), _clean(s.get("estimate_t")), _clean(s.get("notes"))])
    write_table(ws, list(SCREENING_HEADER), data, widths={1: 10, 2: 42, 3: 28, 4: 12, 5: 8, 6: 16, 7: 60})
    for name in ("Instructions", "Company", "Screening"):
        wb[name].sheet_properties.tabColor = "1F4E79"
    wb.move_sheet("Screening", offset=-(len(DATA_SHEETS) + 1))
    wb.move_sheet("Lists", offset=len(DATA_SHEETS) + 1)
    return save_new(wb, path, protect=protect, force=force, rename=rename and not force,
                    title="Cannot write the template")


def _to_percent(share: Any) -> Any:
    """The T&D loss rate is a share in the engine and a percentage on the sheet."""
    try:
        return None if share is None or share != share else round(float(share) * 100, 9)
    except (TypeError, ValueError):
        return share


def _validate(ws, dv, letter: str, last: int) -> None:
    dv.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(dv)


def _clean(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def _write_instructions(ws) -> None:
    from openpyxl.styles import Font

    lines = [
        ("Climate data template", True),
        ("Fill in one sheet per data area. One row per activity: a meter, an invoice, a purchase, a route.", False),
        ("1. Company: name, sector, reporting year, base year, consolidation approach and GWP set.", False),
        ("2. Screening: a rough estimate for each of the 15 scope 3 categories (spend or t CO2e), or why it does not apply.", False),
        ("3. Data sheets: pick the activity from the drop-down list, type the quantity as a plain number and its unit.", False),
        ("   Own factor: optional supplier-specific factor (kg CO2e per the unit you give). For electricity it is the", False),
        ("   supplier's label (stroometiket) and counts in the market-based total only.", False),
        ("4. Several years: fill the Year column; `workbook footprint` computes the company's reporting year.", False),
        ("5. Run `workbook footprint THIS_FILE.xlsx --out results.xlsx`, or open notebook 02 and pick this file.", False),
        ("The results go to a new file; this file is never changed. Problems are listed with sheet, row and column.", False),
        ("", False),
        ("Example rows", True),
        ("Sheet | Year | Activity | Category | Description | Country | Quantity | Unit | Own factor | per unit", True),
        ("Fuels | 2025 | natural_gas | | Office boiler | NL | 12500 | m3 | | ", False),
        ("Energy | 2025 | electricity | | Warehouse, supplier label | NL | 180000 | kWh | 0.35 | kWh", False),
        ("Energy | 2025 | electricity_go_wind | | Head office, Dutch wind GOs | NL | 60000 | kWh | | ", False),
        ("Purchased goods | 2025 | garments | 1 | Knitwear, supplier X | CN | 42000 | kg | | ", False),
        ("Purchased goods | 2025 | Denim fabric (supplier LCA) | 1 | Mill Y | TR | 8000 | kg | 11.2 | kg", False),
        ("Transport | 2025 | sea_freight_tkm | 4 | Shanghai-Rotterdam | | 820000 | tkm | | ", False),
        ("Travel | 2025 | flight_international_non_uk_pkm | 6 | Supplier visits Asia (not via the UK) | | 48000 | pkm | | ", False),
    ]
    for r, (text, bold) in enumerate(lines, start=1):
        set_cell(ws, r, 1, text).font = Font(bold=bold, size=14 if r == 1 else 11)
    ws.column_dimensions["A"].width = 120


# --------------------------------------------------------------------------- reading
def check_file(path: Path):
    """Refuse what is not a readable, reasonably sized, sound .xlsx before opening it
    (see :func:`workbook.safeinput.open_xlsx`); return the opened package."""
    return open_xlsx(path, sheets=["Company", "Screening"] + [s.name for s in DATA_SHEETS],
                     max_bytes=MAX_FILE_BYTES,
                     not_xlsx_fix="save the template as Excel Workbook (.xlsx), or give an activity CSV")


# Columns a participant may add beside the template's own (notes, own references).
EXTRA_COLUMNS = 30


def _number(v: Any) -> float | None:
    return finite_number(v)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_template(path: str | os.PathLike, strict: bool = True):
    """Read and validate a filled template: ``(company, activities, screening, problems)``.

    With ``strict`` (the default) any problem raises :class:`InputError` listing all of them.
    """
    path = Path(path)
    book = check_file(path)
    name = path.name
    sheet_names = book.sheet_names
    problems: list[Problem] = []
    required = ["Company"] + [s.name for s in DATA_SHEETS]
    missing = [s for s in required if s not in sheet_names]
    for s in missing:
        problems.append(Problem(f"the sheet '{s}' is missing (sheets found: {', '.join(sheet_names)})",
                                file=name, sheet=s, fix="keep the template's sheet names; copy your data "
                                "into a fresh template from `workbook template`"))
    if "Company" in missing:
        book.close()
        raise InputError(problems, title="The template has problems")

    def rows_of(sheet: str) -> list[list[Any]]:
        width = {"Company": 3, "Screening": len(SCREENING_HEADER)}.get(sheet) or len(SHEET_BY_NAME[sheet].columns)
        return book.rows(sheet, max_columns=width + EXTRA_COLUMNS)

    formulas = {sheet: book.formulas(sheet) for sheet in required + ["Screening"]}
    company = _read_company(rows_of("Company"), name, problems, formulas.get("Company", set()))
    frames = []
    for sheet in DATA_SHEETS:
        if sheet.name in missing:
            continue
        frames.append(_read_data_sheet(sheet, rows_of(sheet.name), name, problems,
                                       formulas.get(sheet.name, set()), company))
    activities = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ACTIVITY_COLUMNS)
    screening = _read_screening(rows_of("Screening"), name, problems) if "Screening" in sheet_names else []
    book.close()
    if strict and problems:
        raise InputError(problems, title="The template has problems")
    return company, activities, screening, problems


def _read_company(rows: list[list[Any]], file: str, problems: list[Problem], formulas: set[str]) -> Company:
    by_label = {_text(r[0]): (i + 1, r[1] if len(r) > 1 else None) for i, r in enumerate(rows) if r}
    vals: dict[str, Any] = {}

    def bad(label: str, row: int, value: Any, msg: str, fix: str) -> None:
        problems.append(Problem(msg, file=file, sheet="Company", row=row, column="Value", value=value, fix=fix))

    for key, label, help_ in COMPANY_FIELDS:
        if label not in by_label:
            if key in FIELDS_ADDED_LATER:  # an older template: the default applies (and is noted)
                continue
            problems.append(Problem(f"the field '{label}' is missing", file=file, sheet="Company",
                                    column="Field", fix="keep the template's field names in column A"))
            continue
        row, v = by_label[label]
        if f"B{row}" in formulas:
            bad(label, row, v, f"'{label}' is a formula", "type the value itself")
            continue
        vals[key] = (row, v)

    def year(key: str, required: bool) -> int | None:
        if key not in vals:
            return None
        row, v = vals[key]
        n = _number(v)
        if _text(v) == "":
            if required:
                bad(key, row, v, "the reporting year is empty", "type the year this footprint is for, e.g. 2025")
            return None
        if n is None or not n.is_integer() or not FIRST_YEAR <= n <= LAST_YEAR:
            bad(key, row, v, f"'{dict((k, l) for k, l, _ in COMPANY_FIELDS)[key]}' must be a year",
                f"type a year between {FIRST_YEAR} and {LAST_YEAR}, e.g. 2025")
            return None
        return int(n)

    def choice(key: str, allowed: tuple, default: str) -> str:
        if key not in vals:
            return default
        row, v = vals[key]
        t = _text(v)
        if t == "":
            return default
        if t.upper() in allowed:
            return t.upper()
        if t.lower() in allowed:
            return t.lower()
        bad(key, row, v, f"'{t}' is not one of {', '.join(allowed)}", f"choose one of {', '.join(allowed)}")
        return default

    def number(key: str, lo: float, hi: float) -> float | None:
        if key not in vals:
            return None
        row, v = vals[key]
        if _text(v) == "":
            return None
        n = _number(v)
        if n is None or not lo <= n <= hi:
            bad(key, row, v, f"'{key}' must be a number between {lo:g} and {hi:g}", "type a plain number")
            return None
        return n

    reporting = year("reporting_year", True)
    base = year("base_year", False)
    if base and reporting and base > reporting:
        bad("base_year", vals["base_year"][0], base, "the base year is after the reporting year",
            "use a base year at or before the reporting year")
    country = _text(vals.get("country", (0, "NL"))[1]).upper() or "NL"
    if country not in country_codes():
        bad("country", vals["country"][0], country, "not an ISO 3166 two-letter country code", "e.g. NL")
        country = "NL"
    gas_basis = choice("gas_kwh_basis", GAS_KWH_BASES, "") or None
    threshold = number("significance_threshold", 0, 100)
    employees = number("employees", 0, 10_000_000)
    turnover = number("turnover_eur", 0, 1e13)
    return Company(
        name=_text(vals.get("name", (0, ""))[1]) or "(unnamed company)",
        sector=choice("sector", SECTORS, "other"),
        reporting_year=reporting or 0, base_year=base,
        consolidation=choice("consolidation", CONSOLIDATION, "operational_control"),
        gwp_set=choice("gwp_set", GWP_SETS, "AR5"),
        factor_year=year("factor_year", False),
        significance_threshold=(threshold / 100) if threshold is not None else 0.05,
        employees=int(employees) if employees is not None else None,
        turnover_eur=turnover, country=country, gas_kwh_basis=gas_basis)


def _read_data_sheet(sheet: DataSheet, rows: list[list[Any]], file: str, problems: list[Problem],
                     formulas: set[str], company: Company) -> pd.DataFrame:
    from openpyxl.utils import get_column_letter

    cols = sheet.columns
    headers = [h for _, h, _ in cols]
    found = [_text(v) for v in (rows[0] if rows else [])]
    base = len(headers) - len(sheet.optional_columns)  # an older template stops here
    present = base + next((k for k, h in enumerate(headers[base:]) if k + base >= len(found)
                           or found[k + base] != h), len(headers) - base)
    if found[:base] != headers[:base] or any(f for f in found[present:len(headers)]):
        for j, h in enumerate(headers):
            got = found[j] if j < len(found) else ""
            if j >= present and got == "":
                continue
            if got != h:
                problems.append(Problem(f"column {get_column_letter(j + 1)} should be '{h}'", file=file,
                                        sheet=sheet.name, row=1, column=get_column_letter(j + 1), value=got,
                                        fix="keep the template's columns in their order; do not rename, "
                                            "insert or delete columns"))
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    cols = cols[:present]  # the optional columns this template has
    acts = activity_table()
    here = set(acts.index[acts["area"] == sheet.area])
    areas = acts["area"]
    sheet_of_area = {s.area: s.name for s in DATA_SHEETS}
    codes = country_codes()
    pos = {f: j for j, (f, _, _) in enumerate(cols)}
    letters = {f: get_column_letter(j + 1) for f, j in pos.items()}
    header_of = {f: h for f, h, _ in cols}
    out = {c: [] for c in ACTIVITY_COLUMNS}
    n = len(cols)
    for r, raw in enumerate(rows[1:], start=2):
        cells = list(raw[:n]) + [None] * (n - len(raw[:n]))
        if all(_text(v) == "" for v in cells):
            continue
        rec: dict[str, Any] = {}
        ok = True

        def bad(field: str, value: Any, msg: str, fix: str) -> None:
            nonlocal ok
            ok = False
            problems.append(Problem(msg, file=file, sheet=sheet.name, row=r, column=header_of[field],
                                    value=value, fix=fix))

        for f in ("year", "quantity", "factor_kg_co2e", "data_quality", "category", "quantity2",
                  "factor_location", "factor_upstream", "td_loss_rate"):
            if f in pos and f"{letters[f]}{r}" in formulas:
                bad(f, cells[pos[f]], "a formula where a number belongs",
                    "replace the formula by its value (copy, then Paste special > Values)")
        y = cells[pos["year"]]
        if _text(y) == "":
            rec["year"] = company.reporting_year or None
        else:
            yn = _number(y)
            if yn is None or not yn.is_integer() or not FIRST_YEAR <= yn <= LAST_YEAR:
                bad("year", y, "not a year", f"type a year such as {company.reporting_year or 2025}, "
                                             "or leave it empty for the reporting year")
            else:
                rec["year"] = int(yn)
        a = _text(cells[pos["activity"]])
        own = cells[pos["factor_kg_co2e"]]
        own_n = _number(own)
        has_own = _text(own) != ""
        if has_own and (own_n is None or own_n < 0):
            bad("factor_kg_co2e", own, "the own factor must be a number of zero or more",
                "type the supplier's factor as a plain number, or leave it empty")
        funit = _text(cells[pos["factor_unit"]])
        if has_own and not funit:
            bad("factor_unit", funit, "an own factor needs the unit it is per", "e.g. kg, kWh, piece")
        if a == "":
            bad("activity", a, "the activity is empty", "pick an activity from the list")
        elif a not in here:
            if a in acts.index:
                bad("activity", a, f"'{a}' does not belong on this sheet",
                    f"move the row to the sheet '{sheet_of_area.get(areas[a], '?')}'")
            elif not has_own:
                bad("activity", a, f"'{a}' is not an activity of this sheet",
                    "pick one from the list, or give your own factor (kg CO2e and per unit) "
                    "for a free-text activity")
            elif sheet.scope == 2:
                bad("activity", a, "scope 2 needs an activity from the list",
                    "use electricity or district_heat and put the supplier's factor in the own-factor columns")
        cat = 0
        if "category" in pos:
            cv = cells[pos["category"]]
            if _text(cv) != "":
                cn = _number(cv)
                if cn is None or not cn.is_integer() or not 1 <= cn <= 15:
                    bad("category", cv, "the category must be a whole number from 1 to 15",
                        "pick the category from the list")
                else:
                    cat = int(cn)
            if a and a not in acts.index and not cat:
                bad("category", cv, "a free-text activity needs its scope 3 category",
                    "type the category number (1-15)")
        country = _text(cells[pos["country"]]).upper()
        if country and country not in codes:
            bad("country", cells[pos["country"]], "not an ISO 3166 two-letter country code",
                "use a code such as NL, CN, IN, BD, TR, PT or IT")
        q = cells[pos["quantity"]]
        qn = _number(q)
        if _text(q) == "":
            bad("quantity", q, "the quantity is empty", "type the amount as a plain number")
        elif qn is None:
            bad("quantity", q, "text where a number belongs",
                "type a plain number without unit or thousands separators (the unit goes in 'Unit')")
        elif qn < 0:
            bad("quantity", q, "a negative quantity", "type the amount as zero or more; "
                                                     "report returns or credits separately")
        unit = _text(cells[pos["unit"]])
        if unit == "":
            bad("unit", unit, "the unit is empty", "pick a unit, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR")
        else:
            try:
                parse(unit)
            except UnitProblem as exc:
                bad("unit", unit, str(exc), "pick a unit from the list, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR")
        dq = cells[pos["data_quality"]]
        dqn = None
        if _text(dq) != "":
            dqn = _number(dq)
            if dqn is None or not 1 <= dqn <= 5:
                bad("data_quality", dq, "the data-quality score must be a number from 1 to 5",
                    "1 very good, 2 good, 3 fair, 4 poor, 5 unknown; or leave it empty")
                dqn = None
        extra = _optional_values(cells, pos, bad)
        if not ok:
            continue
        for k, v in extra.items():
            out[k].append(v)
        out["file"].append(file)
        out["sheet"].append(sheet.name)
        out["row"].append(r)
        out["year"].append(rec.get("year"))
        out["scope"].append(sheet.scope)
        out["category"].append(cat or None)
        out["activity"].append(a)
        out["description"].append(_text(cells[pos["description"]]))
        out["country"].append(country or None)
        out["quantity"].append(qn)
        out["unit"].append(unit)
        out["factor_kg_co2e"].append(own_n if has_own else None)
        out["factor_unit"].append(funit or None)
        out["data_quality"].append(dqn)
    return pd.DataFrame(out, columns=ACTIVITY_COLUMNS)


def _optional_values(cells: list[Any], pos: dict[str, int], bad) -> dict[str, Any]:
    """The optional columns of a data row (None where the template has no such column or it is empty)."""
    out: dict[str, Any] = {"quantity2": None, "unit2": None, "factor_location": None, "factor_upstream": None,
                           "td_loss_rate": None}
    for f in ("quantity2", "factor_location", "factor_upstream", "td_loss_rate"):
        if f not in pos or _text(cells[pos[f]]) == "":
            continue
        n = _number(cells[pos[f]])
        limit = 100 if f == "td_loss_rate" else None
        if n is None or n < 0 or (limit is not None and n > limit):
            bad(f, cells[pos[f]], "must be a number of zero or more" + (" and at most 100" if limit else ""),
                "type a plain number, or leave it empty")
            continue
        out[f] = n / 100 if f == "td_loss_rate" else n
    if "unit2" in pos:
        u2 = _text(cells[pos["unit2"]])
        if out["quantity2"] is not None and not u2:
            bad("unit2", u2, "a second quantity needs its unit", "e.g. km, or % for a share")
        elif u2:
            try:
                parse(u2)
            except UnitProblem as exc:
                bad("unit2", u2, str(exc), "e.g. km, or % for a share")
            out["unit2"] = u2
    return out


def _read_screening(rows: list[list[Any]], file: str, problems: list[Problem]) -> list[dict]:
    out = []
    for r, raw in enumerate(rows[1:], start=2):
        cells = list(raw[:7]) + [None] * (7 - len(raw[:7]))
        cat = _number(cells[0])
        if cat is None or not cat.is_integer() or not 1 <= cat <= 15:
            if any(_text(v) for v in cells):
                problems.append(Problem("the category must be 1-15", file=file, sheet="Screening", row=r,
                                        column="Category", value=cells[0], fix="keep the prefilled categories"))
            continue
        rec = {"category": int(cat), "activity": _text(cells[2]) or None, "quantity": None,
               "unit": _text(cells[4]) or None, "estimate_t": None, "notes": _text(cells[6])}
        for key, j, col in (("quantity", 3, "Quantity"), ("estimate_t", 5, "Estimate (t CO2e)")):
            if _text(cells[j]) != "":
                n = _number(cells[j])
                if n is None or n < 0:
                    problems.append(Problem("a number of zero or more is needed", file=file, sheet="Screening",
                                            row=r, column=col, value=cells[j], fix="type a plain number"))
                else:
                    rec[key] = n
        out.append(rec)
    return out
