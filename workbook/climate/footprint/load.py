"""From a file to an inventory: the one call the CLI, the notebooks and the targets engine use."""
from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pandas as pd

from workbook.climate.footprint.activity_csv import read_activity_csv
from workbook.climate.footprint.inventory import Company, Inventory, compute_inventory
from workbook.climate.footprint.sheets import SHEET_BY_NAME, in_language
from workbook.climate.footprint.template import read_filled_template
from workbook.errors import InputError, Problem
from workbook.i18n import tr
from workbook.provenance import sha256_of


FILE_YEAR = "the file's own year"  # load_activities: the year its caller computes itself


def load_activities(path: str | Path, skip_year: int | str | None = None
                    ) -> tuple[Company | None, pd.DataFrame, list[dict]]:
    """Company (None for a CSV), activity rows and screening rows from a template or a CSV.

    Every year in the file is checked by calculating it (the same checks ``workbook footprint``
    and ``workbook targets`` apply), except ``skip_year``: the year the caller calculates
    itself (``FILE_YEAR``: the template's reporting year, or a CSV's latest year). Problems from
    reading and from the calculation are reported together.
    """
    company, acts, screening, _lang = read_activities(path, skip_year)
    return company, acts, screening


def read_activities(path: str | Path, skip_year: int | str | None = None
                    ) -> tuple[Company | None, pd.DataFrame, list[dict], str]:
    """:func:`load_activities`, and the language the file names its sheets and columns in."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        acts = read_activity_csv(path)
        years = sorted(set(pd.to_numeric(acts["year"], errors="coerce").dropna().astype(int)))
        skip = (years[-1] if years else None) if skip_year == FILE_YEAR else skip_year
        problems: list[Problem] = []
        for y in years:
            if y != skip:
                try:
                    compute_inventory(acts, company=Company(name=path.stem, reporting_year=y), reporting_year=y)
                except InputError as exc:
                    problems += exc.problems
        if problems:
            raise InputError(_unique(problems), title=tr("The activity CSV has problems"))
        return None, acts, [], "en"

    filled = read_filled_template(path, strict=False)
    company, acts, screening, problems, lang = (filled.company, filled.activities, filled.screening,
                                                filled.problems, filled.language)
    skip = company.reporting_year if skip_year == FILE_YEAR else skip_year
    years = set(pd.to_numeric(acts["year"], errors="coerce").dropna().astype(int))
    if company.reporting_year:
        years.add(company.reporting_year)
    for y in sorted(years):
        if y == skip and not problems:
            continue  # the caller calculates it (and reports its problems)
        try:
            compute_inventory(acts, company=replace(company, reporting_year=y), reporting_year=y)
        except InputError as exc:
            problems = problems + with_headers(exc, lang).problems
    if problems:
        raise InputError(_unique(problems), title=tr("The template has problems"))
    return company, acts, screening, lang


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (undated rows are checked with every year)."""
    seen: set[str] = set()
    return [p for p in problems if not (str(p) in seen or seen.add(str(p)))]


def with_headers(exc: InputError, lang: str = "en") -> InputError:
    """Name template sheets and columns as the participant's file does (in its language ``lang``),
    not by the engine's sheet and field names."""

    out = []
    for p in exc.problems:
        sheet = SHEET_BY_NAME.get(p.sheet or "")
        if sheet and p.column:
            header = {f: h for f, h, _ in sheet.columns}.get(p.column, p.column)
            p = replace(p, column=in_language(header, lang))
        if sheet:
            p = replace(p, sheet=in_language(sheet.name, lang))
        out.append(p)
    return InputError(out, title=exc.title)


def default_year(acts: pd.DataFrame) -> tuple[int, str]:
    years = pd.to_numeric(acts["year"], errors="coerce").dropna()
    if len(years):
        return int(years.max()), ""
    y = datetime.date.today().year - 1
    return y, f"reporting year not given: assumed {y} (last calendar year); pass --year to choose"


def load_footprint(path: str | Path, year: int | None = None) -> Inventory:
    """The inventory of a template or activity CSV for one reporting year.

    A template's own reporting year is used unless ``year`` is given (the template may
    hold several years, for yearly data collection).
    """

    path = Path(path)
    company, acts, _, lang = read_activities(path, skip_year=FILE_YEAR if year is None else year)
    note = ""
    if company is None:
        if year is None:
            year, note = default_year(acts)
        company = Company(name=path.stem, reporting_year=year)
    year = int(year or company.reporting_year)
    company = replace(company, reporting_year=year)
    try:
        inv = compute_inventory(acts, company=company, input_file=path.name, input_sha256=sha256_of(path))
    except InputError as exc:
        raise with_headers(exc, lang) from None
    inv = replace(inv, language=lang)
    if note:
        inv = replace(inv, notes=inv.notes + (note,))
    return inv


def years_in(path: str | Path) -> list[int]:
    """The reporting years a filled template or CSV holds (for yearly comparison)."""
    company, acts, _ = load_activities(path)
    ys = set(pd.to_numeric(acts["year"], errors="coerce").dropna().astype(int))
    if company and company.reporting_year:
        ys.add(company.reporting_year)
    if not ys:
        raise InputError([Problem(tr("no reporting year in the file"), file=Path(path).name,
                                  fix=tr("fill the Year column or the company's reporting year"))])
    return sorted(ys)
