"""The Excel data template: written with openpyxl, read back fast with calamine, validated cell by cell.

Every problem names its sheet, row, column, the value found and what to do; all problems are
collected before anything is raised, so a participant fixes the file in one go.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.climate.footprint.calculate import ACTIVITY_COLUMNS, GAS_KWH_BASES
from workbook.climate.footprint.facts import activity_table, category_table, country_codes
from workbook.climate.footprint.inventory import GWP_SETS, Company
from workbook.climate.footprint.sheets import (
    COMMON_UNITS,
    COMPANY,
    COMPANY_FIELDS,
    COMPANY_HEADER,
    CONSOLIDATION,
    DATA_SHEETS,
    FIELDS_ADDED_LATER,
    FIRST_YEAR,
    INSTRUCTIONS,
    LAST_YEAR,
    LISTS,
    SCREENING,
    SCREENING_HEADER,
    SECTORS,
    SHEET_BY_NAME,
    VALIDATED_ROWS,
    DataSheet,
    find,
    in_language,
    template_language,
)
from workbook.climate.footprint.units import UnitProblem, parse
from workbook.errors import InputError, Problem
from workbook.excel import save_new, set_cell, write_table
from workbook.i18n import N_, spellings, tr
from workbook.language import LANGUAGES, language, using
from workbook.safeinput import MAX_XLSX_BYTES, finite_number, open_xlsx

MAX_FILE_BYTES = MAX_XLSX_BYTES  # a course template is a few MB even with 100,000 rows


# --------------------------------------------------------------------------- writing
def write_template(path: str | os.PathLike, company: Company | None = None,
                   rows: pd.DataFrame | None = None, screening: list[dict] | None = None,
                   protect: tuple = (), *, force: bool = False, rename: bool = True,
                   lang: str | None = None) -> Path:
    """Write the data template (blank, or filled with ``rows`` in the normalised activity columns).

    A template may have been filled in: an existing file is never replaced unless ``force``;
    by default the new one gets a free name beside it (``name (2).xlsx``), as in a notebook.
    Its sheets, headers, help and instructions are in ``lang`` (default: the participant's
    language); activity ids, units and country codes are the same in every language.
    """
    with using(lang or language()):
        return _write_template(path, company, rows, screening, protect, force=force, rename=rename)


def _sheet_ref(name: str) -> str:
    """A sheet name as a formula names it (quoted when it is more than letters and digits)."""
    return name if name.isalnum() else "'" + name.replace("'", "''") + "'"


def _write_template(path: str | os.PathLike, company: Company | None, rows: pd.DataFrame | None,
                    screening: list[dict] | None, protect: tuple, *, force: bool, rename: bool) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ins = wb.active
    ins.title = tr(INSTRUCTIONS)
    _write_instructions(ins)

    ws = wb.create_sheet(tr(COMPANY))
    write_table(ws, [tr(h) for h in COMPANY_HEADER], [], widths={1: 40, 2: 28, 3: 80})
    c = company or Company(name="", sector="", reporting_year=0, significance_threshold=0.05)
    values = {
        "name": c.name, "sector": tr(c.sector) if c.sector in SECTORS else c.sector, "country": c.country,
        "reporting_year": c.reporting_year or None, "base_year": c.base_year,
        "consolidation": c.consolidation, "gwp_set": c.gwp_set, "gas_kwh_basis": c.gas_kwh_basis,
        "factor_year": c.factor_year,
        "significance_threshold": round(c.significance_threshold * 100, 6) if c.significance_threshold else None,
        "employees": c.employees, "turnover_eur": c.turnover_eur,
    }
    for r, (key, label, help_) in enumerate(COMPANY_FIELDS, start=2):
        set_cell(ws, r, 1, tr(label)).font = Font(bold=True)
        set_cell(ws, r, 2, values[key])
        set_cell(ws, r, 3, tr(help_))
    lists_name = tr(LISTS)
    lists = wb.create_sheet(lists_name)
    acts = activity_table()
    col = 1
    list_ranges: dict[str, str] = {}
    for sheet in DATA_SHEETS:
        ids = list(acts.index[acts["area"] == sheet.area])
        set_cell(lists, 1, col, tr("{sheet} activities", sheet=tr(sheet.name))).font = Font(bold=True)
        for i, a in enumerate(ids, start=2):
            set_cell(lists, i, col, a)
            set_cell(lists, i, col + 1, acts.loc[a, "label"])
        letter = get_column_letter(col)
        list_ranges[sheet.name] = f"{_sheet_ref(lists_name)}!${letter}$2:${letter}${len(ids) + 1}"
        col += 2
    for key, name, values_ in (("units", N_("units"), COMMON_UNITS),
                               ("countries", N_("countries"), sorted(country_codes())),
                               ("categories", N_("categories"), [str(i) for i in range(1, 16)])):
        set_cell(lists, 1, col, tr(name)).font = Font(bold=True)
        for i, v in enumerate(values_, start=2):
            set_cell(lists, i, col, v)
        letter = get_column_letter(col)
        list_ranges[key] = f"{_sheet_ref(lists_name)}!${letter}$2:${letter}${len(values_) + 1}"
        col += 1
    lists.sheet_state = "hidden"

    rows = rows if rows is not None else pd.DataFrame(columns=ACTIVITY_COLUMNS + ["notes"])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in DATA_SHEETS:
        ws = wb.create_sheet(tr(sheet.name))
        cols = sheet.columns
        mine = rows[rows["sheet"] == sheet.name] if len(rows) else rows
        data = []
        for rec in mine.to_dict("records"):
            data.append([_clean(_to_percent(rec.get(f)) if f == "td_loss_rate" else rec.get(f)) for f, _, _ in cols])
        write_table(ws, [tr(h) for _, h, _ in cols], data,
                    widths={j: w for j, w in enumerate(
                        [8, 28] + ([10] if sheet.scope == 3 else []) + [32, 9, 12, 10, 18, 18, 16, 36], start=1)})
        for j, (_, header, help_) in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j)
            cell.comment = Comment(tr(help_), "workbook")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = max(VALIDATED_ROWS, len(data) + 1000)
        letters = {f: get_column_letter(j) for j, (f, _, _) in enumerate(cols, start=1)}
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges[sheet.name]}", allow_blank=True,
                                     errorStyle="warning", error=tr("Not an activity of this sheet: "
                                     "use your own factor columns for free-text activities"),
                                     errorTitle=tr("Activity")), letters["activity"], last)
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges['units']}", allow_blank=True,
                                     errorStyle="warning", error=tr("Uncommon unit: check it"),
                                     errorTitle=tr("Unit")), letters["unit"], last)
        _validate(ws, DataValidation(type="list", formula1=f"={list_ranges['countries']}", allow_blank=True,
                                     error=tr("Use an ISO 3166 two-letter code, e.g. NL"), errorTitle=tr("Country")),
                  letters["country"], last)
        _validate(ws, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                     allow_blank=True, error=tr("A number of zero or more"),
                                     errorTitle=tr("Quantity")), letters["quantity"], last)
        _validate(ws, DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR),
                                     formula2=str(LAST_YEAR), allow_blank=True, error=tr("A year, e.g. 2025"),
                                     errorTitle=tr("Year")), letters["year"], last)
        if "category" in letters:
            allowed = sorted({c for cs in acts.loc[acts["area"] == sheet.area, "categories"] for c in cs})
            _validate(ws, DataValidation(type="list", formula1='"' + ",".join(map(str, allowed)) + '"',
                                         allow_blank=True, error=tr("Category {allowed} on this sheet",
                                                                    allowed=str(allowed)),
                                         errorTitle=tr("Category")), letters["category"], last)
    ws = wb.create_sheet(tr(SCREENING))
    cats = category_table()
    scr = {int(s["category"]): s for s in (screening or [])}
    data = []
    for c in range(1, 16):
        s = scr.get(c, {})
        data.append([c, cats.loc[c, "name"], _clean(s.get("activity")), _clean(s.get("quantity")),
                     _clean(s.get("unit")), _clean(s.get("estimate_t")), _clean(s.get("notes"))])
    write_table(ws, [tr(h) for h in SCREENING_HEADER], data, widths={1: 10, 2: 42, 3: 28, 4: 12, 5: 8, 6: 16, 7: 60})
    for name in (INSTRUCTIONS, COMPANY, SCREENING):
        wb[tr(name)].sheet_properties.tabColor = "1F4E79"
    wb.move_sheet(tr(SCREENING), offset=-(len(DATA_SHEETS) + 1))
    wb.move_sheet(lists_name, offset=len(DATA_SHEETS) + 1)
    return save_new(wb, path, protect=protect, force=force, rename=rename and not force,
                    title=tr("Cannot write the template"))


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


# The instructions sheet, line by line (bold lines are headings); the example rows name the
# sheets and columns as the template in the participant's language does.
INSTRUCTION_LINES = (
    (N_("Climate data template"), True),
    (N_("Fill in one sheet per data area. One row per activity: a meter, an invoice, a purchase, a route."), False),
    (N_("1. Company: name, sector, reporting year, base year, consolidation approach and GWP set."), False),
    (N_("2. Screening: a rough estimate for each of the 15 scope 3 categories (spend or t CO2e), or why it does not apply."), False),
    (N_("3. Data sheets: pick the activity from the drop-down list, type the quantity as a plain number and its unit."), False),
    (N_("   Own factor: optional supplier-specific factor (kg CO2e per the unit you give). For electricity it is the"), False),
    (N_("   supplier's label (stroometiket) and counts in the market-based total only."), False),
    (N_("4. Several years: fill the Year column; `workbook footprint` computes the company's reporting year."), False),
    (N_("5. Run `workbook footprint THIS_FILE.xlsx --out results.xlsx`, or open notebook 02 and pick this file."), False),
    (N_("The results go to a new file; this file is never changed. Problems are listed with sheet, row and column."), False),
    ("", False),
    (N_("Example rows"), True),
    (N_("Sheet | Year | Activity | Category | Description | Country | Quantity | Unit | Own factor | per unit"), True),
    (N_("Fuels | 2025 | natural_gas | | Office boiler | NL | 12500 | m3 | | "), False),
    (N_("Energy | 2025 | electricity | | Warehouse, supplier label | NL | 180000 | kWh | 0.35 | kWh"), False),
    (N_("Energy | 2025 | electricity_go_wind | | Head office, Dutch wind GOs | NL | 60000 | kWh | | "), False),
    (N_("Purchased goods | 2025 | garments | 1 | Knitwear, supplier X | CN | 42000 | kg | | "), False),
    (N_("Purchased goods | 2025 | Denim fabric (supplier LCA) | 1 | Mill Y | TR | 8000 | kg | 11.2 | kg"), False),
    (N_("Transport | 2025 | sea_freight_tkm | 4 | Shanghai-Rotterdam | | 820000 | tkm | | "), False),
    (N_("Travel | 2025 | flight_international_non_uk_pkm | 6 | Supplier visits Asia (not via the UK) | | 48000 | pkm | | "), False),
)


def _write_instructions(ws) -> None:
    from openpyxl.styles import Font

    for r, (text, bold) in enumerate(INSTRUCTION_LINES, start=1):
        set_cell(ws, r, 1, tr(text) if text else text).font = Font(bold=bold, size=14 if r == 1 else 11)
    ws.column_dimensions["A"].width = 120


# --------------------------------------------------------------------------- reading
def check_file(path: Path):
    """Refuse what is not a readable, reasonably sized, sound .xlsx before opening it
    (see :func:`workbook.safeinput.open_xlsx`); return the opened package."""
    names = [COMPANY, SCREENING] + [s.name for s in DATA_SHEETS]
    return open_xlsx(path, sheets=list(dict.fromkeys(in_language(n, lang) for lang in LANGUAGES for n in names)),
                     max_bytes=MAX_FILE_BYTES,
                     not_xlsx_fix=tr("save the template as Excel Workbook (.xlsx), or give an activity CSV"))


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


@dataclass(frozen=True)
class FilledTemplate:
    """What a filled template holds, and the language it names its sheets and columns in."""

    company: Company
    activities: pd.DataFrame
    screening: list[dict]
    problems: list[Problem]
    language: str = "en"


def read_template(path: str | os.PathLike, strict: bool = True):
    """Read and validate a filled template: ``(company, activities, screening, problems)``.

    With ``strict`` (the default) any problem raises :class:`InputError` listing all of them.
    """
    t = read_filled_template(path, strict)
    return t.company, t.activities, t.screening, t.problems


def read_filled_template(path: str | os.PathLike, strict: bool = True) -> FilledTemplate:
    """Read and validate a filled template in any of the course's languages.

    The sheets, headers and company fields are recognised by their English or translated names;
    the activity rows carry the English sheet names (the engine's), so the same data gives the
    same footprint in every language. Problems name the sheet and column as the file names them,
    in the participant's language.
    """
    path = Path(path)
    book = check_file(path)
    name = path.name
    sheet_names = book.sheet_names
    lang = template_language(sheet_names)
    problems: list[Problem] = []
    required = [COMPANY] + [s.name for s in DATA_SHEETS]
    named = {s: find(s, sheet_names, lang) for s in required + [SCREENING]}
    missing = [s for s in required if named[s] is None]
    for s in missing:
        problems.append(Problem(tr("the sheet '{sheet}' is missing (sheets found: {found})",
                                   sheet=in_language(s, lang), found=", ".join(sheet_names)),
                                file=name, sheet=in_language(s, lang),
                                fix=tr("keep the template's sheet names; copy your data "
                                       "into a fresh template from `workbook template`")))
    if COMPANY in missing:
        book.close()
        raise InputError(problems, title=tr("The template has problems"))

    def rows_of(sheet: str) -> list[list[Any]]:
        width = {COMPANY: 3, SCREENING: len(SCREENING_HEADER)}.get(sheet) or len(SHEET_BY_NAME[sheet].columns)
        return book.rows(named[sheet], max_columns=width + EXTRA_COLUMNS)

    formulas = {sheet: book.formulas(named[sheet]) for sheet in required + [SCREENING] if named[sheet] is not None}
    company = _read_company(rows_of(COMPANY), name, problems, formulas.get(COMPANY, set()), lang, named[COMPANY])
    frames = []
    for sheet in DATA_SHEETS:
        if sheet.name in missing:
            continue
        frames.append(_read_data_sheet(sheet, rows_of(sheet.name), name, problems,
                                       formulas.get(sheet.name, set()), company, lang, named[sheet.name]))
    activities = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ACTIVITY_COLUMNS)
    screening = (_read_screening(rows_of(SCREENING), name, problems, lang, named[SCREENING])
                 if named[SCREENING] is not None else [])
    book.close()
    if strict and problems:
        raise InputError(problems, title=tr("The template has problems"))
    return FilledTemplate(company, activities, screening, problems, lang)


def _read_company(rows: list[list[Any]], file: str, problems: list[Problem], formulas: set[str],
                  lang: str, sheet_name: str) -> Company:
    by_label = {_text(r[0]): (i + 1, r[1] if len(r) > 1 else None) for i, r in enumerate(rows) if r}
    vals: dict[str, Any] = {}
    value_column = in_language(COMPANY_HEADER[1], lang)
    label_of = {k: in_language(label, lang) for k, label, _ in COMPANY_FIELDS}

    def bad(label: str, row: int, value: Any, msg: str, fix: str) -> None:
        problems.append(Problem(msg, file=file, sheet=sheet_name, row=row, column=value_column, value=value, fix=fix))

    for key, label, help_ in COMPANY_FIELDS:
        found = find(label, by_label, lang)
        if found is None:
            if key in FIELDS_ADDED_LATER:  # an older template: the default applies (and is noted)
                continue
            problems.append(Problem(tr("the field '{field}' is missing", field=label_of[key]), file=file,
                                    sheet=sheet_name, column=in_language(COMPANY_HEADER[0], lang),
                                    fix=tr("keep the template's field names in column A")))
            continue
        row, v = by_label[found]
        if f"B{row}" in formulas:
            bad(label, row, v, tr("'{field}' is a formula", field=label_of[key]), tr("type the value itself"))
            continue
        vals[key] = (row, v)

    def year(key: str, required: bool) -> int | None:
        if key not in vals:
            return None
        row, v = vals[key]
        n = _number(v)
        if _text(v) == "":
            if required:
                bad(key, row, v, tr("the reporting year is empty"),
                    tr("type the year this footprint is for, e.g. 2025"))
            return None
        if n is None or not n.is_integer() or not FIRST_YEAR <= n <= LAST_YEAR:
            bad(key, row, v, tr("'{field}' must be a year", field=label_of[key]),
                tr("type a year between {first} and {last}, e.g. 2025", first=FIRST_YEAR, last=LAST_YEAR))
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
        worded = {in_language(a, other).lower(): a for a in allowed for other in LANGUAGES}
        if t.lower() in worded:  # a word of the template's language (kleding for clothing)
            return worded[t.lower()]
        bad(key, row, v, tr("'{value}' is not one of {allowed}", value=t, allowed=", ".join(allowed)),
            tr("choose one of {allowed}", allowed=", ".join(allowed)))
        return default

    def number(key: str, lo: float, hi: float) -> float | None:
        if key not in vals:
            return None
        row, v = vals[key]
        if _text(v) == "":
            return None
        n = _number(v)
        if n is None or not lo <= n <= hi:
            bad(key, row, v, tr("'{field}' must be a number between {low} and {high}", field=key,
                                low=format(lo, "g"), high=format(hi, "g")), tr("type a plain number"))
            return None
        return n

    reporting = year("reporting_year", True)
    base = year("base_year", False)
    if base and reporting and base > reporting:
        bad("base_year", vals["base_year"][0], base, tr("the base year is after the reporting year"),
            tr("use a base year at or before the reporting year"))
    country = _text(vals.get("country", (0, "NL"))[1]).upper() or "NL"
    if country not in country_codes():
        bad("country", vals["country"][0], country, tr("not an ISO 3166 two-letter country code"), tr("e.g. NL"))
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


def _is_header(got: str, english: str, lang: str) -> bool:
    """A column header as the template's language, English or another language writes it."""
    return got in spellings(english)


def _read_data_sheet(sheet: DataSheet, rows: list[list[Any]], file: str, problems: list[Problem],
                     formulas: set[str], company: Company, lang: str, sheet_name: str) -> pd.DataFrame:
    from openpyxl.utils import get_column_letter

    cols = sheet.columns
    headers = [h for _, h, _ in cols]
    found = [_text(v) for v in (rows[0] if rows else [])]
    base = len(headers) - len(sheet.optional_columns)  # an older template stops here
    present = base + next((k for k, h in enumerate(headers[base:]) if k + base >= len(found)
                           or not _is_header(found[k + base], h, lang)), len(headers) - base)
    if (len(found) < base or not all(_is_header(f, h, lang) for f, h in zip(found[:base], headers[:base]))
            or any(f for f in found[present:len(headers)])):
        for j, h in enumerate(headers):
            got = found[j] if j < len(found) else ""
            if j >= present and got == "":
                continue
            if not _is_header(got, h, lang):
                problems.append(Problem(tr("column {letter} should be '{header}'", letter=get_column_letter(j + 1),
                                           header=in_language(h, lang)), file=file,
                                        sheet=sheet_name, row=1, column=get_column_letter(j + 1), value=got,
                                        fix=tr("keep the template's columns in their order; do not rename, "
                                               "insert or delete columns")))
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    cols = cols[:present]  # the optional columns this template has
    acts = activity_table()
    here = set(acts.index[acts["area"] == sheet.area])
    areas = acts["area"]
    sheet_of_area = {s.area: in_language(s.name, lang) for s in DATA_SHEETS}
    codes = country_codes()
    pos = {f: j for j, (f, _, _) in enumerate(cols)}
    letters = {f: get_column_letter(j + 1) for f, j in pos.items()}
    header_of = {f: in_language(h, lang) for f, h, _ in cols}
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
            problems.append(Problem(msg, file=file, sheet=sheet_name, row=r, column=header_of[field],
                                    value=value, fix=fix))

        for f in ("year", "quantity", "factor_kg_co2e", "data_quality", "category", "quantity2",
                  "factor_location", "factor_upstream", "td_loss_rate"):
            if f in pos and f"{letters[f]}{r}" in formulas:
                bad(f, cells[pos[f]], tr("a formula where a number belongs"),
                    tr("replace the formula by its value (copy, then Paste special > Values)"))
        y = cells[pos["year"]]
        if _text(y) == "":
            rec["year"] = company.reporting_year or None
        else:
            yn = _number(y)
            if yn is None or not yn.is_integer() or not FIRST_YEAR <= yn <= LAST_YEAR:
                bad("year", y, tr("not a year"), tr("type a year such as {year}, "
                                                    "or leave it empty for the reporting year",
                                                    year=company.reporting_year or 2025))
            else:
                rec["year"] = int(yn)
        a = _text(cells[pos["activity"]])
        own = cells[pos["factor_kg_co2e"]]
        own_n = _number(own)
        has_own = _text(own) != ""
        if has_own and (own_n is None or own_n < 0):
            bad("factor_kg_co2e", own, tr("the own factor must be a number of zero or more"),
                tr("type the supplier's factor as a plain number, or leave it empty"))
        funit = _text(cells[pos["factor_unit"]])
        if has_own and not funit:
            bad("factor_unit", funit, tr("an own factor needs the unit it is per"), tr("e.g. kg, kWh, piece"))
        if a == "":
            bad("activity", a, tr("the activity is empty"), tr("pick an activity from the list"))
        elif a not in here:
            if a in acts.index:
                bad("activity", a, tr("'{activity}' does not belong on this sheet", activity=a),
                    tr("move the row to the sheet '{sheet}'", sheet=sheet_of_area.get(areas[a], "?")))
            elif not has_own:
                bad("activity", a, tr("'{activity}' is not an activity of this sheet", activity=a),
                    tr("pick one from the list, or give your own factor (kg CO2e and per unit) "
                       "for a free-text activity"))
            elif sheet.scope == 2:
                bad("activity", a, tr("scope 2 needs an activity from the list"),
                    tr("use electricity or district_heat and put the supplier's factor in the own-factor columns"))
        cat = 0
        if "category" in pos:
            cv = cells[pos["category"]]
            if _text(cv) != "":
                cn = _number(cv)
                if cn is None or not cn.is_integer() or not 1 <= cn <= 15:
                    bad("category", cv, tr("the category must be a whole number from 1 to 15"),
                        tr("pick the category from the list"))
                else:
                    cat = int(cn)
            if a and a not in acts.index and not cat:
                bad("category", cv, tr("a free-text activity needs its scope 3 category"),
                    tr("type the category number (1-15)"))
        country = _text(cells[pos["country"]]).upper()
        if country and country not in codes:
            bad("country", cells[pos["country"]], tr("not an ISO 3166 two-letter country code"),
                tr("use a code such as NL, CN, IN, BD, TR, PT or IT"))
        q = cells[pos["quantity"]]
        qn = _number(q)
        if _text(q) == "":
            bad("quantity", q, tr("the quantity is empty"), tr("type the amount as a plain number"))
        elif qn is None:
            bad("quantity", q, tr("text where a number belongs"),
                tr("type a plain number without unit or thousands separators (the unit goes in '{unit}')",
                   unit=header_of["unit"]))
        elif qn < 0:
            bad("quantity", q, tr("a negative quantity"), tr("type the amount as zero or more; "
                                                             "report returns or credits separately"))
        unit = _text(cells[pos["unit"]])
        if unit == "":
            bad("unit", unit, tr("the unit is empty"), tr("pick a unit, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR"))
        else:
            try:
                parse(unit)
            except UnitProblem as exc:
                bad("unit", unit, str(exc), tr("pick a unit from the list, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR"))
        dq = cells[pos["data_quality"]]
        dqn = None
        if _text(dq) != "":
            dqn = _number(dq)
            if dqn is None or not 1 <= dqn <= 5:
                bad("data_quality", dq, tr("the data-quality score must be a number from 1 to 5"),
                    tr("1 very good, 2 good, 3 fair, 4 poor, 5 unknown; or leave it empty"))
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
            bad(f, cells[pos[f]], tr("must be a number of zero or more and at most 100") if limit
                else tr("must be a number of zero or more"), tr("type a plain number, or leave it empty"))
            continue
        out[f] = n / 100 if f == "td_loss_rate" else n
    if "unit2" in pos:
        u2 = _text(cells[pos["unit2"]])
        if out["quantity2"] is not None and not u2:
            bad("unit2", u2, tr("a second quantity needs its unit"), tr("e.g. km, or % for a share"))
        elif u2:
            try:
                parse(u2)
            except UnitProblem as exc:
                bad("unit2", u2, str(exc), tr("e.g. km, or % for a share"))
            out["unit2"] = u2
    return out


def _read_screening(rows: list[list[Any]], file: str, problems: list[Problem], lang: str = "en",
                    sheet_name: str = SCREENING) -> list[dict]:
    out = []
    for r, raw in enumerate(rows[1:], start=2):
        cells = list(raw[:7]) + [None] * (7 - len(raw[:7]))
        cat = _number(cells[0])
        if cat is None or not cat.is_integer() or not 1 <= cat <= 15:
            if any(_text(v) for v in cells):
                problems.append(Problem(tr("the category must be 1-15"), file=file, sheet=sheet_name, row=r,
                                        column=in_language(SCREENING_HEADER[0], lang), value=cells[0],
                                        fix=tr("keep the prefilled categories")))
            continue
        rec = {"category": int(cat), "activity": _text(cells[2]) or None, "quantity": None,
               "unit": _text(cells[4]) or None, "estimate_t": None, "notes": _text(cells[6])}
        for key, j in (("quantity", 3), ("estimate_t", 5)):
            if _text(cells[j]) != "":
                n = _number(cells[j])
                if n is None or n < 0:
                    problems.append(Problem(tr("a number of zero or more is needed"), file=file, sheet=sheet_name,
                                            row=r, column=in_language(SCREENING_HEADER[j], lang), value=cells[j],
                                            fix=tr("type a plain number")))
                else:
                    rec[key] = n
        out.append(rec)
    return out
