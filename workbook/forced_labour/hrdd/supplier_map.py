"""The supplier map: a blank Excel template, and a reader that validates a filled one.

The participant lists suppliers (tier, country, process, goods, material and its origin,
workforce, migrant share, recruitment channel, audit findings, red flags). The reader
accepts the template (.xlsx) or a CSV with at least ``supplier``, ``country``, ``tier``
and ``goods``, collects every problem with its sheet, row, column, value and fix, and
never writes to the input. Unknown names get the closest valid names as suggestions.

The template is written in the participant's language (sheet names, headers, instructions,
the labels of the pick lists); codes (country, goods, process, red flags, tiers) stay
language-neutral. The reader accepts a map in any edition's language and gives the same table.
"""
from __future__ import annotations

import difflib
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

if TYPE_CHECKING:
    import numpy as np

from workbook.errors import InputError, Problem
from workbook.excel import save_new, set_cell, write_table
from workbook.safeinput import (
    finite_number,
    find_control_characters,
    open_xlsx,
    read_csv_table,
    read_text,
    regular_file,
    sniff_delimiter,
)
from workbook.forced_labour.hrdd import facts as hrdd_data
from workbook.i18n import N_, number, spellings, tr, translate
from workbook.language import LANGUAGES, language, using
from workbook.paths import data_cache

SHEET = N_("Suppliers")          # sheet names in English; each edition's translation is accepted too
LISTS_SHEET = N_("Lists")
INSTRUCTIONS_SHEET = N_("Instructions")
UNKNOWN = N_("unknown")


@dataclass(frozen=True)
class MapColumn:
    key: str         # the canonical name, and the English header
    required: bool
    help: str
    example: str
    header: str = ""  # the English header, marked for translation (the key when empty)


TIER_HELP = N_("1 = finished goods, 2 = fabric/leather/components, 3 = yarn/tanning/sawmill, 4 = raw material")
COLUMNS: tuple[MapColumn, ...] = (
    MapColumn("supplier", True, N_("Supplier or site name (one row per site and product)"), "Dhaka Knit Ltd",
              N_("supplier")),
    MapColumn("tier", True, TIER_HELP, "1", N_("tier")),
    MapColumn("country", True, N_("Country of the site, ISO 3166 two-letter code (BD, TR, CN, NL ...)"), "BD",
              N_("country")),
    MapColumn("goods", True, N_("What the site makes, e.g. garments, fabric, yarn, cotton, footwear, leather, "
                                "timber, furniture"), "garments", N_("goods")),
    MapColumn("process", False, N_("Production stage, e.g. cut make trim, spinning, tanning, furniture assembly"),
              "cut make trim", N_("process")),
    MapColumn("material", False, N_("Main raw material or input, e.g. cotton, leather, timber, polyester"), "cotton",
              N_("material")),
    MapColumn("material_origin", False, N_("Country where that material comes from (ISO code), or 'unknown'"),
              "unknown", N_("material_origin")),
    MapColumn("workforce", False, N_("Number of workers at the site"), "850", N_("workforce")),
    MapColumn("migrant_agency_share_pct", False, N_("Share of migrant or agency workers, in percent (0-100)"), "10",
              N_("migrant_agency_share_pct")),
    MapColumn("recruitment_channel", False, N_("How workers are recruited (see the Lists sheet)"), "direct hire",
              N_("recruitment_channel")),
    MapColumn("audit_findings", False, N_("Result of the latest social audit (see the Lists sheet)"),
              "minor findings", N_("audit_findings")),
    MapColumn("red_flags", False, N_("Known red flags, separated by ';' (codes or labels from the Lists sheet)"), "",
              N_("red_flags")),
    MapColumn("notes", False, N_("Anything else (not scored)"), "", N_("notes")),
)
KEYS = [c.key for c in COLUMNS]
REQUIRED = [c.key for c in COLUMNS if c.required]
HEADERS = {c.key: c.header or c.key for c in COLUMNS}
# The columns of the Lists sheet (the drop-downs read them), English names marked for translation.
LIST_NAMES = {"country": N_("country"), "country_name": N_("country_name"), "goods": N_("goods"),
              "process": N_("process"), "recruitment_channel": N_("recruitment_channel"),
              "audit_findings": N_("audit_findings"), "red_flags": N_("red_flags"),
              "red_flag_label": N_("red_flag_label"), "tier": N_("tier"), "goods_label": N_("goods_label"),
              "process_label": N_("process_label")}


def column_header(key: str) -> str:
    """The header of a column in the current language (the key itself in English)."""
    return tr(HEADERS[key])


def _norm_header(h: str) -> str:
    return " ".join(h.lower().replace("-", "_").split()).replace(" ", "_")


@data_cache
def header_keys() -> dict[str, dict[str, str]]:
    """Per language, its headers (normalised) → the column's key; the keys themselves are English."""
    return {lang: {_norm_header(translate(HEADERS[key], lang)): key for key in KEYS} for lang in LANGUAGES}


def header_aliases(header: list[str]) -> dict[str, str]:
    """The headers of the edition a header row is written in (the one most of its names match; English
    on a tie), so a map in either language is read alike, and a header row is never read half in
    one language and half in another."""
    names = {_norm_header(h) for h in header if h and str(h).strip()}
    by_lang = header_keys()
    best = max(LANGUAGES, key=lambda lang: (len(names & set(by_lang[lang])), lang == "en"))
    return by_lang[best]


def sheet_names(sheet: str = SHEET) -> list[str]:
    """The names a sheet of the template may have (one per edition)."""
    return spellings(sheet)


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
    translated: dict[str, str] = field(default_factory=dict)  # labels of the other editions -> canonical

    def resolve(self, text: str) -> str | None:
        t = " ".join(str(text).strip().lower().split())
        return self.lookup.get(t) or self.translated.get(t)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        t = " ".join(str(text).strip().lower().split())
        lookup = self.lookup if language() == "en" else {**self.translated, **self.lookup}
        if t in lookup:  # an exact name (e.g. a country name where a code is needed)
            return [self.display[lookup[t]]]
        hits = difflib.get_close_matches(t, list(lookup), n=8, cutoff=0.6)
        if not hits:  # fall back to names that contain the text or are contained in it
            hits = [k for k in lookup if t and (t in k or k in t)]
        out: list[str] = []
        for h in hits:
            shown = self.display[lookup[h]]
            if shown not in out:
                out.append(shown)
        return out[:n]


def _vocab(what: str, file: str, key: str, aliases: str | None = "aliases", label: str | None = None) -> Vocabulary:
    """Names and aliases from the English rows; the labels of every other edition are accepted too."""
    with using("en"):
        rows = hrdd_data.table(file)
    lookup, display, translated = {}, {}, {}
    for r in rows:
        canon = r[key]
        display[canon] = canon
        lookup[canon.lower()] = canon
        if label and r.get(label):
            lookup.setdefault(r[label].lower(), canon)
        for name in spellings(r["label"])[1:] if r.get("label") else []:
            translated.setdefault(name.lower(), canon)
        for a in (r.get(aliases) or []) if aliases else []:
            lookup.setdefault(a.lower(), canon)
    return Vocabulary(what, lookup, display, translated)


@data_cache
def goods_vocabulary() -> Vocabulary:
    return _vocab("goods", "goods.csv", "good")


@data_cache
def process_vocabulary() -> Vocabulary:
    return _vocab("process", "process_risk.csv", "process", label="label")


@data_cache
def red_flag_vocabulary() -> Vocabulary:
    return _vocab("red flag", "red_flags.csv", "code", label="label")


@data_cache
def country_vocabulary() -> Vocabulary:
    rows = hrdd_data.iso_rows()
    lookup, display = {}, {}
    for r in rows:
        display[r["iso2"]] = f"{r['iso2']} ({hrdd_data.country_name(r['iso2'])})"
        lookup[r["iso2"].lower()] = r["iso2"]
    # names are accepted for suggestions only: the column takes codes
    names = {r["name"].lower(): r["iso2"] for r in rows}
    translated = {hrdd_data.country_name(r["iso2"], lang).lower(): r["iso2"]
                  for lang in LANGUAGES if lang != "en" for r in rows}
    return Vocabulary("country", {**names, **lookup}, display, {k: v for k, v in translated.items() if k not in names})


CHOICE_SECTIONS = {"recruitment_channel": "recruitment_channels", "audit_findings": "audit_findings"}


def _choice_items(key: str) -> list[dict]:
    return list(hrdd_data.scoring()["template"][CHOICE_SECTIONS[key]])


def _choices(key: str) -> list[str]:
    """The canonical values of a pick-list column (what is stored and scored)."""
    return [c["value"] for c in _choice_items(key)]


def choice_labels(key: str) -> list[str]:
    """The values of a pick-list column as the participant reads them (its drop-down)."""
    return [c.get("label") or c["value"] for c in _choice_items(key)]


@data_cache
def choice_names(key: str) -> dict[str, str]:
    """Every accepted spelling of a pick-list value (lower case, in any edition) → the canonical value."""
    with using("en"):
        items = _choice_items(key)
    out: dict[str, str] = {}
    for c in items:
        out.setdefault(c["value"].lower(), c["value"])
        for name in spellings(c.get("label") or c["value"]):
            out.setdefault(name.lower(), c["value"])
    return out


# ---------------------------------------------------------------- template

def write_template(path: str | Path, rows: list[dict] | None = None, *, force: bool = False,
                   rename: bool = True) -> Path:
    """Write a blank (or pre-filled) supplier-map template with instructions and drop-downs.

    The template is in the participant's language (``--lang``/``WORKBOOK_LANG``); the codes in
    it are the same in every language, and :func:`read_supplier_map` reads any edition.
    A template may have been filled in: an existing file is never replaced unless ``force``;
    by default the new one gets a free name beside it (``name (2).xlsx``), as in a notebook.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = tr(SHEET)
    shown = {key: dict(zip(_choices(key), choice_labels(key))) for key in CHOICE_SECTIONS}
    body = [[_template_value(k, r.get(k), shown) for k in KEYS] for r in (rows or [])]
    write_table(ws, [column_header(k) for k in KEYS], body,
                widths={1: 28, 4: 16, 5: 20, 6: 14, 7: 16, 9: 24, 10: 26, 11: 26, 12: 40, 13: 30})

    lists_title = tr(LISTS_SHEET)
    lists = wb.create_sheet(lists_title)
    iso = hrdd_data.iso_rows()
    columns = {
        "country": [r["iso2"] for r in iso],
        "country_name": [hrdd_data.country_name(r["iso2"]) for r in iso],
        "goods": [r["good"] for r in hrdd_data.table("goods.csv")],
        "process": [r["process"] for r in hrdd_data.table("process_risk.csv")],
        "recruitment_channel": choice_labels("recruitment_channel"),
        "audit_findings": choice_labels("audit_findings"),
        "red_flags": [r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]],
        "red_flag_label": [r["label"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]],
        "tier": ["1", "2", "3", "4"],
    }
    if language() != "en":  # the codes stay language-neutral: a translated edition shows what they mean
        columns["goods_label"] = [r["label"] for r in hrdd_data.table("goods.csv")]
        columns["process_label"] = [r["label"] for r in hrdd_data.table("process_risk.csv")]
    from openpyxl.utils import get_column_letter
    refs = {}
    quoted = f"'{lists_title}'" if not lists_title.isalnum() else lists_title
    for j, (name, values) in enumerate(columns.items(), start=1):
        set_cell(lists, 1, j, tr(LIST_NAMES[name]))
        for i, v in enumerate(values, start=2):
            set_cell(lists, i, j, v)
        letter = get_column_letter(j)
        refs[name] = f"{quoted}!${letter}$2:${letter}${len(values) + 1}"
        lists.column_dimensions[letter].width = 28

    last = 5000
    for key, ref in (("tier", refs["tier"]), ("country", refs["country"]), ("goods", refs["goods"]),
                     ("process", refs["process"]), ("material", refs["goods"]),
                     ("recruitment_channel", refs["recruitment_channel"]),
                     ("audit_findings", refs["audit_findings"])):
        col = get_column_letter(KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True,
                            showErrorMessage=key not in ("material",))
        dv.error = tr("Choose a value from the list (sheet {sheet}, column {column}).", sheet=lists_title,
                      column=column_header(key))
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    info = wb.create_sheet(tr(INSTRUCTIONS_SHEET), 0)
    required = ", ".join(column_header(k) for k in REQUIRED)
    lines = [
        (tr("Supplier map for the forced-labour risk assessment"), ""),
        (tr("How to fill it"), tr("One row per supplier site and product on the sheet '{sheet}'. "
                                  "Required: {required}. Fill what you know; leave the rest empty "
                                  "(empty is scored as 'no data', never as 'no risk').",
                                  sheet=tr(SHEET), required=required)),
        (tr("Check it"), tr("In the notebook, or with: workbook risk supplier_map.xlsx")),
        ("", ""),
        (tr("column"), tr("what to enter")),
    ] + [(tr("{column} (required)", column=column_header(c.key)) if c.required else column_header(c.key),
          tr("{help}. Example: {example}", help=tr(c.help), example=_template_value(c.key, c.example, shown))
          if c.example else tr(c.help)) for c in COLUMNS]
    for i, (a, b) in enumerate(lines, start=1):
        set_cell(info, i, 1, a)
        set_cell(info, i, 2, b)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 110
    from openpyxl.styles import Font
    info["A1"].font = Font(bold=True, size=14)
    info["A5"].font = info["B5"].font = Font(bold=True)
    wb.active = 1
    return save_new(wb, path, force=force, rename=rename and not force, title=tr("Cannot write the template"))


def _template_value(key: str, value: Any, shown: dict[str, dict[str, str]]) -> Any:
    """A cell of the template: pick-list values as the participant reads them, 'unknown' translated."""
    if value is None:
        return ""
    if key in shown:
        return shown[key].get(value, value)
    if key in ("material_origin", "material") and value == UNKNOWN:
        return tr(UNKNOWN)
    return value


# ---------------------------------------------------------------- reading
TITLE = N_("Cannot read the supplier map")
PROBLEMS_TITLE = N_("The supplier map has problems")
EXTRA_COLUMNS = 30       # columns a participant may add beside the template's own
MAX_PROBLEMS = 500       # listed; more are counted in one last line
MAX_WARNINGS = 200
# Columns with few distinct values: kept as categories when a CSV is read (a million rows stay small).
_CATEGORICAL = ("tier", "country", "goods", "process", "material", "material_origin", "recruitment_channel",
                "audit_findings", "red_flags", "migrant_agency_share_pct")


def _raw_columns(path: Path) -> tuple[list[str], list, "np.ndarray", str | None]:
    """Header, one array of raw values per column, the row numbers, and the sheet (xlsx) or None."""
    import numpy as np

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        names = sheet_names()
        book = open_xlsx(path, sheets=names, title=tr(TITLE),
                         not_xlsx_fix=tr("save it again from Excel as .xlsx, or export the sheet to CSV"),
                         not_xlsx=tr("the file cannot be opened as an Excel workbook"))
        try:
            sheet = next((n for n in names if n in book.sheet_names), None)
            if sheet is None:
                raise InputError([Problem(tr("there is no sheet named '{sheet}'", sheet=tr(SHEET)), file=path.name,
                                          value=", ".join(book.sheet_names),
                                          fix=tr("put the suppliers on a sheet named '{sheet}' (as in the template)",
                                                 sheet=tr(SHEET)))],
                                 title=tr(TITLE))
            data = book.rows(sheet, max_columns=len(KEYS) + EXTRA_COLUMNS)
        finally:
            book.close()
        if not data:
            return [], [], np.zeros(0, dtype=np.int64), sheet
        header = [str(h).strip() if h is not None else "" for h in data[0]]
        width = len(header)
        n = len(data) - 1
        columns = []
        for values in itertools.islice(itertools.zip_longest(*data[1:]), width):  # column by column
            column = np.empty(n, dtype=object)
            column[:] = values
            columns.append(column)
        columns += [np.full(n, None, dtype=object) for _ in range(width - len(columns))]
        return header, columns, np.arange(2, n + 2, dtype=np.int64), sheet
    if suffix in (".csv", ".txt"):
        text = read_text(path, title=tr(TITLE))
        table = read_csv_table(text, path.name, title=tr(TITLE), delimiter=sniff_delimiter(text, ",;\t"),
                               categorical=_CATEGORICAL)
        del text
        control = find_control_characters(table, path.name)
        if control:
            raise InputError(control, title=tr(PROBLEMS_TITLE))
        return table.header, [table.columns[i] for i in range(len(table.header))], table.rows, None
    regular_file(path, title=tr(TITLE), missing=Problem(tr("the file does not exist"), file=str(path),
                                                        fix=tr("check the path and the file name")))
    raise InputError([Problem(tr("unsupported file type"), file=path.name, value=path.suffix,
                              fix=tr("use the supplier-map template (.xlsx) or a .csv file"))], title=tr(TITLE))


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
        return finite_number(v)
    t = str(v).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    if len(t) > 40:
        return None
    try:
        return finite_number(float(t))
    except ValueError:
        return None


def _choice(raw: Any, column: str, report: Callable[[str], None]) -> str:
    """The canonical value of an optional pick-list cell ('' when empty, a label of any edition
    accepted); an unknown value is reported with the closest choices and the full list, as the
    participant reads them."""
    if _blank(raw):
        return ""
    key = _text(raw).lower()
    accepted = choice_names(column)
    if key in accepted:
        return accepted[key]
    shown = {label.lower(): label for label in choice_labels(column)}
    close = difflib.get_close_matches(key, list(shown), n=2)
    report(_did_you_mean([shown[x] for x in close]) + tr("choose one of: {choices}", choices=", ".join(shown.values())))
    return ""


def _did_you_mean(names: list[str]) -> str:
    return tr("did you mean {names}? ", names=tr(" or ").join(repr(x) for x in names)) if names else ""


def _suggest_fix(vocab: Vocabulary, value, hint: str) -> str:
    return _did_you_mean(vocab.suggest(value)) + hint


@data_cache
def unknown_words() -> frozenset[str]:
    """'unknown' in every edition's language (lower case): an untraced origin or material."""
    return frozenset(w.lower() for w in spellings(UNKNOWN))


def read_supplier_map(path: str | Path) -> SupplierMap:
    """Read and validate a supplier map (template .xlsx or CSV); raise InputError with every problem."""
    path = Path(path)
    if not path.exists():
        raise InputError([Problem(tr("the file does not exist"), file=str(path),
                                  fix=tr("check the path and the file name; a blank template comes with the notebook "
                                         "02_hrdd_in_practice"))],
                         title=tr(TITLE))
    header, columns, rownums, sheet = _raw_columns(path)
    return validate_columns(header, columns, rownums, file=path.name, sheet=sheet, source=path)


def validate_rows(header: list[str], rows: list[tuple[int, list]], file: str | None = None,
                  sheet: str | None = None, source: Path | None = None) -> SupplierMap:
    """Validate raw rows; every problem names file, sheet, row, column, value and the fix."""
    import numpy as np

    width = max([len(header)] + [len(v) for _, v in rows])
    columns = [np.empty(len(rows), dtype=object) for _ in range(width)]
    for i, (_, values) in enumerate(rows):
        for j, v in enumerate(values):
            columns[j][i] = v
    rownums = np.asarray([r for r, _ in rows], dtype=np.int64)
    return validate_columns(list(header) + [""] * (width - len(header)), columns, rownums, file=file,
                            sheet=sheet, source=source)


def _distinct(column) -> tuple["np.ndarray", list]:
    """Codes per row and the distinct raw values (code ``len(values)`` is an empty cell)."""
    import numpy as np

    if column is None:
        return None, []
    if isinstance(column, pd.Categorical) or hasattr(column, "categories"):
        cats = list(column.categories)
        codes = np.asarray(column.codes, dtype=np.int64)
        return np.where(codes < 0, len(cats), codes), cats
    values = np.asarray(column, dtype=object)
    codes, uniq = pd.factorize(values, use_na_sentinel=True)
    if any(isinstance(u, (bool, np.bool_)) for u in uniq):  # True and 1 are one key: keep them apart
        values = np.asarray([f"{v}" if isinstance(v, (bool, np.bool_)) else v for v in values], dtype=object)
        codes, uniq = pd.factorize(values, use_na_sentinel=True)
    return np.where(codes < 0, len(uniq), codes).astype(np.int64), list(uniq)


def validate_columns(header: list[str], columns: list, rownums, file: str | None = None,
                     sheet: str | None = None, source: Path | None = None) -> SupplierMap:
    """Validate a supplier map given column by column (arrays or Categoricals of raw values).

    Each distinct value of a column is checked once and its verdict spread over the rows, so a
    million rows validate in seconds; the problems are the same as checking row by row, in
    row order, each naming file, sheet, row, column, value and the fix.
    """
    import numpy as np

    problems: list[Problem] = []
    aliases = header_aliases(header)  # a Dutch header row (leverancier, land, ...) names the same columns
    norm = [aliases.get(_norm_header(h), _norm_header(h)) for h in header]
    index: dict[str, int] = {}
    for i, h in enumerate(norm):
        if h:
            index[h] = i  # the last column of a name wins, as with one dict per row
    for key in REQUIRED:
        if key not in index:
            name = column_header(key)
            close = difflib.get_close_matches(_norm_header(name), [_norm_header(h) for h in header if h.strip()], n=1)
            if not close and name != key:
                close = difflib.get_close_matches(key, [h for h in norm if h], n=1)
                close = [_norm_header(header[norm.index(close[0])])] if close else []
            problems.append(Problem(tr("the required column '{column}' is missing", column=name), file=file,
                                    sheet=sheet, row=1,
                                    value=header[[_norm_header(h) for h in header].index(close[0])] if close else None,
                                    fix=(tr("rename the column to '{column}'", column=name) if close else
                                         tr("add a column '{column}' to the header row (row 1)", column=name))))
    if problems:
        raise InputError(problems, title=tr(PROBLEMS_TITLE))
    n = len(rownums)
    goods_v, proc_v, flag_v, ctry_v = goods_vocabulary(), process_vocabulary(), red_flag_vocabulary(), country_vocabulary()
    iso = {r["iso2"] for r in hrdd_data.table("iso3166.csv")}
    unknown = unknown_words()
    typed_flags = {r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]}
    proc_tier = {r["process"]: r["typical_tier"] for r in hrdd_data.table("process_risk.csv")}

    def evaluate(key: str, raw) -> tuple[Any, list[tuple[str, Any, str]]]:
        """(canonical value, [(message, value, fix)]) of one cell value of column ``key``."""
        found: list[tuple[str, Any, str]] = []

        def bad(message, value, fix):
            found.append((message, value, fix))

        blank = _blank(raw)
        if key == "supplier":
            if blank:
                bad(tr("the supplier name is empty"), None, tr("enter the supplier or site name"))
            return ("" if blank else _text(raw)), found
        if key == "tier":
            tier = None if blank else _number(str(raw).lower().replace("tier", ""))
            if tier is None or not float(tier).is_integer() or not 1 <= tier <= 4:
                bad(tr("the tier must be a whole number from 1 to 4"), raw, tr(TIER_HELP))
            return (int(tier) if tier is not None and float(tier).is_integer() else 0), found
        if key == "country":
            code = "" if blank else _text(raw).upper()
            if code not in iso:
                bad(tr("unknown country code") if code else tr("the country is empty"), raw,
                    _suggest_fix(ctry_v, raw or "", tr("use the ISO 3166 two-letter code (sheet {sheet})",
                                                       sheet=tr(LISTS_SHEET))))
            return code, found
        if key == "goods":
            good = None if blank else goods_v.resolve(raw)
            if good is None:
                bad(tr("unknown goods name") if not blank else tr("the goods are empty"), raw,
                    _suggest_fix(goods_v, raw or "", tr("use a name from the {sheet} sheet (column {column})",
                                                        sheet=tr(LISTS_SHEET), column=column_header("goods"))))
            return good or "", found
        if key == "process":
            proc = None
            if not blank:
                proc = proc_v.resolve(raw)
                if proc is None:
                    bad(tr("unknown process"), raw,
                        _suggest_fix(proc_v, raw, tr("use a name from the {sheet} sheet (column {column}), or leave "
                                                     "it empty", sheet=tr(LISTS_SHEET),
                                                     column=column_header("process"))))
            return proc or "", found
        if key == "material":
            mat = None
            if not blank and _text(raw).lower() not in unknown:
                mat = goods_v.resolve(raw)
                if mat is None:
                    bad(tr("unknown material"), raw,
                        _suggest_fix(goods_v, raw, tr("use a goods name from the {sheet} sheet, or '{unknown}'",
                                                      sheet=tr(LISTS_SHEET), unknown=tr(UNKNOWN))))
            return mat or "", found
        if key == "material_origin":
            origin = "" if blank else _text(raw).upper()
            if origin.lower() in unknown:
                origin = ""
            elif origin and origin not in iso:
                bad(tr("unknown country code"), raw,
                    _suggest_fix(ctry_v, raw, tr("use the ISO two-letter code, or '{unknown}'", unknown=tr(UNKNOWN))))
                origin = ""
            return origin, found
        if key == "workforce":
            wf = None
            if not blank:
                wf = _number(raw)
                if wf is None or wf < 0 or not float(wf).is_integer() or wf > 10_000_000:
                    bad(tr("the workforce must be a whole number of workers"), raw,
                        tr("enter the number of workers, e.g. 850, or leave it empty"))
                    wf = None
            return (wf if wf is not None else float("nan")), found
        if key == "migrant_agency_share_pct":
            share = None
            if not blank:
                share = _number(raw)
                if share is None or not 0 <= share <= 100:
                    bad(tr("the share must be a percentage from 0 to 100"), raw,
                        tr("enter e.g. 30 for 30%, or leave it empty"))
                    share = None
            return (share if share is not None else float("nan")), found
        if key in ("recruitment_channel", "audit_findings"):
            what = (tr("unknown recruitment channel") if key == "recruitment_channel"
                    else tr("unknown audit result"))
            return _choice(raw, key, lambda fix: bad(what, raw, fix)), found
        if key == "red_flags":
            flags: list[str] = []
            if not blank:
                for part in str(raw).replace(",", ";").split(";"):
                    if not part.strip():
                        continue
                    code_ = flag_v.resolve(part)
                    if code_ is None or code_ not in typed_flags:
                        hint = (tr("this flag is worked out from other columns; remove it here")
                                if code_ else _suggest_fix(flag_v, part, tr("use codes from the {sheet} sheet, "
                                                                            "separated by ';'",
                                                                            sheet=tr(LISTS_SHEET))))
                        bad(tr("unknown red flag") if code_ is None else tr("a derived red flag cannot be typed"),
                            part.strip(), hint)
                    elif code_ not in flags:
                        flags.append(code_)
            return ";".join(sorted(flags)), found
        return ("" if blank else _text(raw)), found  # notes

    canon: dict[str, "np.ndarray"] = {}
    blank_row = np.ones(n, dtype=bool)
    per_column: list[tuple[str, "np.ndarray", list]] = []
    for order, key in enumerate(KEYS):
        codes, uniq = _distinct(columns[index[key]] if key in index and index[key] < len(columns) else None)
        if codes is None:
            codes, uniq = np.zeros(n, dtype=np.int64), []
        verdicts = [evaluate(key, u) for u in uniq] + [evaluate(key, None)]
        empty = np.asarray([_blank(u) for u in uniq] + [True], dtype=bool)
        blank_row &= empty[codes]
        values = np.empty(len(verdicts), dtype=object)
        values[:] = [v for v, _ in verdicts]
        canon[key] = values[codes]
        per_column.append((key, codes, [f for _, f in verdicts]))
    keep = ~blank_row
    shown_column = {key: column_header(key) for key in KEYS}
    hits: list[tuple[int, int, int, Problem]] = []
    bad_rows = np.zeros(n, dtype=bool)
    total = 0
    for order, (key, codes, found) in enumerate(per_column):
        bad_codes = np.asarray([i for i, f in enumerate(found) if f], dtype=np.int64)
        if not len(bad_codes):
            continue
        rows_hit = np.flatnonzero(np.isin(codes, bad_codes) & keep)
        bad_rows[rows_hit] = True
        total += sum(len(found[codes[i]]) for i in rows_hit[:MAX_PROBLEMS]) + max(0, len(rows_hit) - MAX_PROBLEMS)
        for i in rows_hit[:MAX_PROBLEMS]:
            for k, (message, value, fix) in enumerate(found[codes[i]]):
                hits.append((int(i), order, k, Problem(message, file=file, sheet=sheet, row=int(rownums[i]),
                                                       column=shown_column[key], value=value, fix=fix)))
    hits.sort(key=lambda h: h[:3])
    problems = [h[3] for h in hits[:MAX_PROBLEMS]]
    if total > len(problems):
        problems.append(Problem(tr("... and {problems} more problems in {rows} rows",
                                   problems=number(total - len(problems)), rows=number(int(bad_rows.sum()))),
                                file=file, sheet=sheet, fix=tr("fix the problems above (they are often all alike), "
                                                               "then run again")))
    if not keep.any() and not problems:
        problems.append(Problem(tr("the supplier map has no supplier rows"), file=file, sheet=sheet, row=2,
                                fix=tr("fill at least one row below the header")))
    if problems:
        raise InputError(problems, title=tr(PROBLEMS_TITLE))

    rows_kept = np.flatnonzero(keep)
    data = {"row": rownums[rows_kept]}
    for key in KEYS:
        data[key] = canon[key][rows_kept]
    table = pd.DataFrame(data, columns=["row"] + KEYS)
    for key in ("tier",):
        table[key] = table[key].astype(np.int64)
    for key in ("workforce", "migrant_agency_share_pct"):
        table[key] = table[key].astype(float)

    # plausibility warnings (not errors)
    warnings: list[Problem] = []
    proc = table["process"].to_numpy(dtype=object)
    tier = table["tier"].to_numpy()
    typical = np.asarray([proc_tier.get(p, 0) if p else 0 for p in proc], dtype=np.int64) if len(proc) else tier
    unusual = np.flatnonzero((proc != "") & (tier > 0) & (np.abs(typical - tier) >= 2))
    origin_only = np.flatnonzero((table["material_origin"].to_numpy(dtype=object) != "")
                                 & (table["material"].to_numpy(dtype=object) == ""))
    for i in sorted(set(unusual[:MAX_WARNINGS].tolist()) | set(origin_only[:MAX_WARNINGS].tolist()))[:MAX_WARNINGS]:
        r = int(table["row"].iat[i])
        if i in set(unusual[:MAX_WARNINGS].tolist()):
            p = proc[i]
            warnings.append(Problem(tr("tier {tier} is unusual for the process '{process}' (usually tier {usual})",
                                       tier=int(tier[i]), process=p, usual=proc_tier[p]), file=file, sheet=sheet,
                                    row=r, column=shown_column["tier"], value=int(tier[i]),
                                    fix=tr("check the tier or the process")))
        if i in set(origin_only[:MAX_WARNINGS].tolist()):
            warnings.append(Problem(tr("a material origin is given without a material"), file=file, sheet=sheet,
                                    row=r, column=shown_column["material"],
                                    fix=tr("enter the material that comes from there")))
    more = len(unusual) + len(origin_only) - len(warnings)
    if more > 0:
        warnings.append(Problem(tr("... and {more} more warnings like these", more=number(more)), file=file,
                                sheet=sheet, fix=tr("check the rows above; the others are alike")))
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
