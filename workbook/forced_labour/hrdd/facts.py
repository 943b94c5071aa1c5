"""The due-diligence facts (data/forced_labour/hrdd/), loaded and checked against their schema.

Every file is checked when it is loaded, as the folder's ``schemas.yaml`` declares it, so a bad
row or item fails with its file and line (a ContentError for instructors) instead of producing
a quietly wrong score.
"""
from __future__ import annotations

from pathlib import Path

from workbook.i18n import BABEL_LOCALE, tr
from workbook.language import language
from workbook.paths import data_cache, data_dir
from workbook.schemas import load, read_document
from workbook.schemas import read_csv as read_checked_csv


def hrdd_dir() -> Path:
    return data_dir() / "forced_labour" / "hrdd"


def read_csv(name: str, folder: Path | None = None) -> list[dict]:
    """Read one CSV of the folder, typed and checked as its ``schemas.yaml`` declares it."""
    return read_checked_csv((folder or hrdd_dir()) / name)


def read_yaml(name: str, folder: Path | None = None) -> dict:
    """Read one YAML file of the folder, checked as its ``schemas.yaml`` declares it."""
    return read_document((folder or hrdd_dir()) / name)


@data_cache
def scoring() -> dict:
    return read_yaml("scoring.yaml")


@data_cache
def datasets() -> dict[str, dict]:
    return {d["id"]: d for d in read_yaml("datasets.yaml")["datasets"]}


def cite(dataset_id: str) -> str:
    """A one-line citation of a dataset: publisher, title, edition."""
    d = datasets()[dataset_id]
    return f"{d['publisher']}, {d['title']} {d['edition']} (quality {d['quality']})"


@data_cache
def table(name: str) -> tuple[dict, ...]:
    """A cached, read-only CSV table (rows as dicts)."""
    return tuple(read_csv(name))


@data_cache
def document(name: str) -> dict:
    return read_yaml(name)


def country_name(iso2: str, lang: str | None = None) -> str:
    """A country's name for the reader: the ISO 3166 list in English, CLDR's name (through Babel)
    in another language, so country names are not translated a second time in the course's data."""
    english = {r["iso2"]: r["name"] for r in iso_rows()}.get(iso2, iso2)
    lang = lang or language()
    if lang == "en":
        return english
    from babel import Locale

    return Locale.parse(BABEL_LOCALE[lang]).territories.get(iso2, english)


def iso_rows() -> tuple[dict, ...]:
    return table("iso3166.csv")


def all_files() -> list[str]:
    """Every file the folder's schemas.yaml declares."""
    return sorted(load(hrdd_dir()).entries)


def steps_table():
    """The six OECD steps applied to forced labour, with the verification flag shown."""
    import pandas as pd

    rows = document("oecd_steps.yaml")["steps"]
    return pd.DataFrame([{tr("step"): s["step"], tr("name"): s["name"], tr("for forced labour"): s["forced_labour_use"],
                          tr("tool in this notebook"): s["tool"],
                          tr("wording verified"): tr("yes") if s["verified"] else tr("no (paraphrase)")}
                         for s in rows])


def datasets_table():
    """The datasets behind the risk score: edition, quality and terms."""
    import pandas as pd

    return pd.DataFrame([{tr("dataset"): f"{d['publisher']}, {d['title']}", tr("edition"): d["edition"],
                          tr("quality"): d["quality"], tr("terms"): d["terms"]} for d in datasets().values()])
