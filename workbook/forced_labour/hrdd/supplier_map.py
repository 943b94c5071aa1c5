"""The supplier map: a blank Excel template, and a reader that validates a filled one.

The participant lists suppliers (tier, country, process, goods, material and its origin,
workforce, migrant share, recruitment channel, audit findings, red flags). The reader
accepts the template (.xlsx) or a CSV with at least ``supplier``, ``country``, ``tier``
and ``goods``, collects every problem with its sheet, row, column, value and fix, and
never writes to the input. Unknown names get the closest valid names as suggestions.
"""
from __future__ import annotations

import csv
import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from workbook.errors import InputError, Problem
from workbook.excel import save_new, set_cell, write_table
from workbook.forced_labour.hrdd import facts as hrdd_data
from workbook.paths import data_cache

SHEET = "Suppliers"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class MapColumn:
    key: str
    required: bool
    help: str
    example: str


COLUMNS: tuple[MapColumn, ...] = (
    MapColumn("supplier", True, "Supplier or site name (one row per site and product)", "Dhaka Knit Ltd"),
    MapColumn("tier", True, "1 = finished goods, 2 = fabric/leather/components, 3 = yarn/tanning/sawmill, 4 = raw material", "1"),
    MapColumn("country", True, "Country of the site, ISO 3166 two-letter code (BD, TR, CN, NL ...)", "BD"),
    MapColumn("goods", True, "What the site makes, e.g. garments, fabric, yarn, cotton, footwear, leather, timber, furniture", "garments"),
    MapColumn("process", False, "Production stage, e.g. cut make trim, spinning, tanning, furniture assembly", "cut make trim"),
    MapColumn("material", False, "Main raw material or input, e.g. cotton, leather, timber, polyester", "cotton"),
    MapColumn("material_origin", False, "Country where that material comes from (ISO code), or 'unknown'", "unknown"),
    MapColumn("workforce", False, "Number of workers at the site", "850"),
    MapColumn("migrant_agency_share_pct", False, "Share of migrant or agency workers, in percent (0-100)", "10"),
    MapColumn("recruitment_channel", False, "How workers are recruited (see the Lists sheet)", "direct hire"),
    MapColumn("audit_findings", False, "Result of the latest social audit (see the Lists sheet)", "minor findings"),
    MapColumn("red_flags", False, "Known red flags, separated by ';' (codes or labels from the Lists sheet)", ""),
    MapColumn("notes", False, "Anything else (not scored)", ""),
)
KEYS = [c.key for c in COLUMNS]
REQUIRED = [c.key for c in COLUMNS if c.required]


@dataclass
class SupplierMap:
    """A validated supplier map: one row per supplier line, canonical values."""

    table: pd.DataFrame
    source: Path | None = None
    warnings: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- vocabularies

@dataclass(frozen=True)
class Vocabulary:
    """Valid names with their aliases, for resolving and for suggesting the closest names."""

    what: str
    lookup: dict[str, str]          # lower-case name or alias -> canonical name
    display: dict[str, str]         # canonical -> how to show it in a suggestion

    def resolve(self, text: str) -> str | None:
        return self.lookup.get(" ".join(str(text).strip().lower().split()))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        t = " ".join(str(text).strip().lower().split())
        if t in self.lookup:  # an exact name (e.g. a country name where a code is needed)
            return [self.display[self.lookup[t]]]
        hits = difflib.get_close_matches(t, list(self.lookup), n=8, cutoff=0.6)
        if not hits:  # fall back to names that contain the text or are contained in it
            hits = [k for k in self.lookup if t and (t in k or k in t)]
        out: list[str] = []
        for h in hits:
            shown = self.display[self.lookup[h]]
            if shown not in out:
                out.append(shown)
        return out[:n]


def _vocab(what: str, rows, key: str, aliases: str | None = "aliases", label: str | None = None) -> Vocabulary:
    lookup, display = {}, {}
    for r in rows:
        canon = r[key]
        display[canon] = canon
        lookup[canon.lower()] = canon
        if label and r.get(label):
            lookup.setdefault(r[label].lower(), canon)
        for a in (r.get(aliases) or []) if aliases else []:
            lookup.setdefault(a.lower(), canon)
    return Vocabulary(what, lookup, display)


@data_cache
def goods_vocabulary() -> Vocabulary:
    return _vocab("goods", hrdd_data.table("goods.csv"), "good")


@data_cache
def process_vocabulary() -> Vocabulary:
    return _vocab("process", hrdd_data.table("process_risk.csv"), "process", label="label")


@data_cache
def red_flag_vocabulary() -> Vocabulary:
    return _vocab("red flag", hrdd_data.table("red_flags.csv"), "code", label="label")


@data_cache
def country_vocabulary() -> Vocabulary:
    rows = hrdd_data.table("iso3166.csv")
    lookup, display = {}, {}
    for r in rows:
        display[r["iso2"]] = f"{r['iso2']} ({r['name']})"
        lookup[r["iso2"].lower()] = r["iso2"]
    # names are accepted for suggestions only: the column takes codes
    names = {r["name"].lower(): r["iso2"] for r in rows}
    return Vocabulary("country", {**names, **lookup}, display)


def _choices(key: str) -> list[str]:
    tmpl = hrdd_data.scoring()["template"]
    if key == "recruitment_channel":
        return [c["value"] for c in tmpl["recruitment_channels"]]
    if key == "audit_findings":
        return [c["value"] for c in tmpl["audit_findings"]]
    raise KeyError(key)


# ---------------------------------------------------------------- template

def write_template(path: str | Path, rows: list[dict] | None = None) -> Path:
    """Write a blank (or pre-filled) supplier-map template with instructions and drop-downs."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    body = [[r.get(k, "") if r.get(k) is not None else "" for k in KEYS] for r in (rows or [])]
    write_table(ws, KEYS, body, widths={1: 28, 4: 16, 5: 20, 6: 14, 7: 16, 9: 24, 10: 26, 11: 26, 12: 40, 13: 30})

    lists = wb.create_sheet("Lists")
    columns = {
        "country": [r["iso2"] for r in hrdd_data.table("iso3166.csv")],
        "country_name": [r["name"] for r in hrdd_data.table("iso3166.csv")],
        "goods": [r["good"] for r in hrdd_data.table("goods.csv")],
        "process": [r["process"] for r in hrdd_data.table("process_risk.csv")],
        "recruitment_channel": _choices("recruitment_channel"),
        "audit_findings": _choices("audit_findings"),
        "red_flags": [r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]],
        "red_flag_label": [r["label"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]],
        "tier": ["1", "2", "3", "4"],
    }
    from openpyxl.utils import get_column_letter
    refs = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        set_cell(lists, 1, j, name)
        for i, v in enumerate(values, start=2):
            set_cell(lists, i, j, v)
        letter = get_column_letter(j)
        refs[name] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
        lists.column_dimensions[letter].width = 28

    last = 5000
    for key, ref in (("tier", refs["tier"]), ("country", refs["country"]), ("goods", refs["goods"]),
                     ("process", refs["process"]), ("material", refs["goods"]),
                     ("recruitment_channel", refs["recruitment_channel"]),
                     ("audit_findings", refs["audit_findings"])):
        col = get_column_letter(KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True,
                            showErrorMessage=key not in ("material",))
        dv.error = f"Choose a value from the list (sheet Lists, column {key})."
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    info = wb.create_sheet("Instructions", 0)
    lines = [
        ("Supplier map for the forced-labour risk assessment", ""),
        ("How to fill it", "One row per supplier site and product on the sheet 'Suppliers'. "
                           "Required: supplier, tier, country, goods. Fill what you know; leave the rest empty "
                           "(empty is scored as 'no data', never as 'no risk')."),
        ("Check it", "In the notebook, or with: workbook risk supplier_map.xlsx"),
        ("", ""),
        ("column", "what to enter"),
    ] + [(c.key + (" (required)" if c.required else ""), f"{c.help}. Example: {c.example}" if c.example
          else c.help) for c in COLUMNS]
    for i, (a, b) in enumerate(lines, start=1):
        set_cell(info, i, 1, a)
        set_cell(info, i, 2, b)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 110
    from openpyxl.styles import Font
    info["A1"].font = Font(bold=True, size=14)
    info["A5"].font = info["B5"].font = Font(bold=True)
    wb.active = 1
    return save_new(wb, path)


# ---------------------------------------------------------------- reading

def _raw_rows(path: Path) -> tuple[list[str], list[tuple[int, list]], str | None]:
    """Header and (row number, values) pairs from an .xlsx sheet or a CSV file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # corrupt, encrypted, not really xlsx
            raise InputError([Problem("the file cannot be opened as an Excel workbook", file=path.name,
                                      value=str(exc)[:120],
                                      fix="save it again from Excel as .xlsx, or export the sheet to CSV")],
                             title="Cannot read the supplier map") from None
        if SHEET not in wb.sheet_names:
            raise InputError([Problem(f"there is no sheet named '{SHEET}'", file=path.name,
                                      value=", ".join(wb.sheet_names),
                                      fix=f"put the suppliers on a sheet named '{SHEET}' (as in the template)")],
                             title="Cannot read the supplier map")
        data = wb.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
        if not data:
            return [], [], SHEET
        header = [str(h).strip() for h in data[0]]
        return header, [(i, list(r)) for i, r in enumerate(data[1:], start=2)], SHEET
    if suffix in (".csv", ".txt"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="cp1252")
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
        except csv.Error:
            pass
        rows = list(csv.reader(text.splitlines(), dialect))
        if not rows:
            return [], [], None
        return [h.strip() for h in rows[0]], [(i, r) for i, r in enumerate(rows[1:], start=2)], None
    raise InputError([Problem("unsupported file type", file=path.name, value=path.suffix,
                              fix="use the supplier-map template (.xlsx) or a .csv file")],
                     title="Cannot read the supplier map")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


def _text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _number(v) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    t = str(v).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _choice(raw: Any, choices: dict[str, str], report: Callable[[str], None]) -> str:
    """The canonical value of an optional pick-list cell ('' when empty); an unknown value is
    reported with the closest choices and the full list."""
    if _blank(raw):
        return ""
    key = _text(raw).lower()
    if key in choices:
        return choices[key]
    close = difflib.get_close_matches(key, list(choices), n=2)
    report((f"did you mean {' or '.join(repr(choices[x]) for x in close)}? " if close else "")
           + f"choose one of: {', '.join(choices.values())}")
    return ""


def _suggest_fix(vocab: Vocabulary, value, hint: str) -> str:
    s = vocab.suggest(value)
    return (f"did you mean {' or '.join(repr(x) for x in s)}? " if s else "") + hint


def read_supplier_map(path: str | Path) -> SupplierMap:
    """Read and validate a supplier map (template .xlsx or CSV); raise InputError with every problem."""
    path = Path(path)
    if not path.exists():
        raise InputError([Problem("the file does not exist", file=str(path),
                                  fix="check the path and the file name; a blank template comes with the notebook 02_hrdd_in_practice")],
                         title="Cannot read the supplier map")
    header, rows, sheet = _raw_rows(path)
    return validate_rows(header, rows, file=path.name, sheet=sheet, source=path)


def validate_rows(header: list[str], rows: list[tuple[int, list]], file: str | None = None,
                  sheet: str | None = None, source: Path | None = None) -> SupplierMap:
    """Validate raw rows; every problem names file, sheet, row, column, value and the fix."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    norm = [" ".join(h.lower().replace("-", "_").split()).replace(" ", "_") for h in header]
    index = {h: i for i, h in enumerate(norm) if h}
    for key in REQUIRED:
        if key not in index:
            close = difflib.get_close_matches(key, [h for h in norm if h], n=1)
            problems.append(Problem(f"the required column '{key}' is missing", file=file, sheet=sheet, row=1,
                                    value=header[norm.index(close[0])] if close else None,
                                    fix=(f"rename the column to '{key}'" if close else
                                         f"add a column '{key}' to the header row (row 1)")))
    if problems:
        raise InputError(problems, title="The supplier map has problems")

    goods_v, proc_v, flag_v, ctry_v = goods_vocabulary(), process_vocabulary(), red_flag_vocabulary(), country_vocabulary()
    iso = {r["iso2"] for r in hrdd_data.table("iso3166.csv")}
    channels = {c.lower(): c for c in _choices("recruitment_channel")}
    findings = {c.lower(): c for c in _choices("audit_findings")}
    typed_flags = {r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]}
    proc_tier = {r["process"]: r["typical_tier"] for r in hrdd_data.table("process_risk.csv")}

    out: list[dict] = []
    for rownum, values in rows:
        cell = {k: (values[index[k]] if k in index and index[k] < len(values) else None) for k in KEYS}
        if all(_blank(v) for v in cell.values()):
            continue  # empty line

        def bad(col, message, value, fix):
            problems.append(Problem(message, file=file, sheet=sheet, row=rownum, column=col, value=value, fix=fix))

        rec: dict = {"row": rownum}
        if _blank(cell["supplier"]):
            bad("supplier", "the supplier name is empty", None, "enter the supplier or site name")
        rec["supplier"] = _text(cell["supplier"]) if not _blank(cell["supplier"]) else ""

        tier = None if _blank(cell["tier"]) else _number(str(cell["tier"]).lower().replace("tier", ""))
        if tier is None or not float(tier).is_integer() or not 1 <= tier <= 4:
            bad("tier", "the tier must be a whole number from 1 to 4", cell["tier"],
                "1 = finished goods, 2 = fabric/leather/components, 3 = yarn/tanning/sawmill, 4 = raw material")
        rec["tier"] = int(tier) if tier is not None and float(tier).is_integer() else 0

        code = "" if _blank(cell["country"]) else _text(cell["country"]).upper()
        if code not in iso:
            bad("country", "unknown country code" if code else "the country is empty", cell["country"],
                _suggest_fix(ctry_v, cell["country"] or "", "use the ISO 3166 two-letter code (sheet Lists)"))
        rec["country"] = code

        good = None if _blank(cell["goods"]) else goods_v.resolve(cell["goods"])
        if good is None:
            bad("goods", "unknown goods name" if not _blank(cell["goods"]) else "the goods are empty", cell["goods"],
                _suggest_fix(goods_v, cell["goods"] or "", "use a name from the Lists sheet (column goods)"))
        rec["goods"] = good or ""

        proc = None
        if not _blank(cell["process"]):
            proc = proc_v.resolve(cell["process"])
            if proc is None:
                bad("process", "unknown process", cell["process"],
                    _suggest_fix(proc_v, cell["process"], "use a name from the Lists sheet (column process), "
                                                          "or leave it empty"))
        rec["process"] = proc or ""

        mat = None
        if not _blank(cell["material"]) and _text(cell["material"]).lower() != UNKNOWN:
            mat = goods_v.resolve(cell["material"])
            if mat is None:
                bad("material", "unknown material", cell["material"],
                    _suggest_fix(goods_v, cell["material"], "use a goods name from the Lists sheet, or 'unknown'"))
        rec["material"] = mat or ""

        origin = "" if _blank(cell["material_origin"]) else _text(cell["material_origin"]).upper()
        if origin == UNKNOWN.upper():
            origin = ""
        elif origin and origin not in iso:
            bad("material_origin", "unknown country code", cell["material_origin"],
                _suggest_fix(ctry_v, cell["material_origin"], "use the ISO two-letter code, or 'unknown'"))
            origin = ""
        rec["material_origin"] = origin

        wf = None
        if not _blank(cell["workforce"]):
            wf = _number(cell["workforce"])
            if wf is None or wf < 0 or not float(wf).is_integer():
                bad("workforce", "the workforce must be a whole number of workers", cell["workforce"],
                    "enter the number of workers, e.g. 850, or leave it empty")
                wf = None
        rec["workforce"] = wf if wf is not None else float("nan")

        share = None
        if not _blank(cell["migrant_agency_share_pct"]):
            share = _number(cell["migrant_agency_share_pct"])
            if share is None or not 0 <= share <= 100:
                bad("migrant_agency_share_pct", "the share must be a percentage from 0 to 100",
                    cell["migrant_agency_share_pct"], "enter e.g. 30 for 30%, or leave it empty")
                share = None
        rec["migrant_agency_share_pct"] = share if share is not None else float("nan")

        for column, choices, what in (("recruitment_channel", channels, "unknown recruitment channel"),
                                      ("audit_findings", findings, "unknown audit result")):
            rec[column] = _choice(cell[column], choices,
                                  lambda fix, c=column, w=what: bad(c, w, cell[c], fix))

        flags: list[str] = []
        if not _blank(cell["red_flags"]):
            for part in str(cell["red_flags"]).replace(",", ";").split(";"):
                if not part.strip():
                    continue
                code_ = flag_v.resolve(part)
                if code_ is None or code_ not in typed_flags:
                    hint = ("this flag is worked out from other columns; remove it here"
                            if code_ else _suggest_fix(flag_v, part, "use codes from the Lists sheet, separated by ';'"))
                    bad("red_flags", "unknown red flag" if code_ is None else "a derived red flag cannot be typed",
                        part.strip(), hint)
                elif code_ not in flags:
                    flags.append(code_)
        rec["red_flags"] = ";".join(sorted(flags))
        rec["notes"] = "" if _blank(cell["notes"]) else _text(cell["notes"])

        # plausibility warnings (not errors)
        if proc and rec["tier"] and abs(proc_tier[proc] - rec["tier"]) >= 2:
            warnings.append(Problem(f"tier {rec['tier']} is unusual for the process '{proc}' "
                                    f"(usually tier {proc_tier[proc]})", file=file, sheet=sheet, row=rownum,
                                    column="tier", value=rec["tier"], fix="check the tier or the process"))
        if origin and not mat:
            warnings.append(Problem("a material origin is given without a material", file=file, sheet=sheet,
                                    row=rownum, column="material", fix="enter the material that comes from there"))
        out.append(rec)

    if not out and not problems:
        problems.append(Problem("the supplier map has no supplier rows", file=file, sheet=sheet, row=2,
                                fix="fill at least one row below the header"))
    if problems:
        raise InputError(problems, title="The supplier map has problems")
    table = pd.DataFrame(out, columns=["row"] + KEYS)
    return SupplierMap(table=table, source=source, warnings=warnings)


def write_supplier_map(table: pd.DataFrame, path: str | Path) -> Path:
    """Export a supplier table back into the template (for round trips and the sample companies)."""
    rows = []
    for rec in table.to_dict("records"):
        r = {}
        for k in KEYS:
            v = rec.get(k, "")
            if isinstance(v, float) and math.isnan(v):
                v = ""
            elif isinstance(v, float) and v.is_integer() and k in ("workforce", "tier"):
                v = int(v)
            r[k] = v
        rows.append(r)
    return write_template(path, rows)
