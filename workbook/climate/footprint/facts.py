"""The climate facts under ``data/climate/``, loaded once and checked against their schema."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbook.errors import ContentError
from workbook.i18n import translate
from workbook.language import language
from workbook.paths import data_cache, data_dir
from workbook.schemas import check_file, entry_for, read_document


def climate_dir() -> Path:
    return data_dir() / "climate"


def _read(name: str) -> pd.DataFrame:
    path = climate_dir() / name
    check_file(path)  # a bad row fails here with its file and line, not later as a wrong number
    df = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    if language() != "en":  # the wording its schemas.yaml entry lists under translate:, in the reader's language
        for column in entry_for(path).translate:
            df[column] = df[column].map(lambda v: translate(v) if isinstance(v, str) else v)
    return df


def _bool(s: pd.Series) -> pd.Series:
    return s.fillna("false").str.lower().eq("true")


@data_cache
def factor_table() -> pd.DataFrame:
    """Every emission factor with its source (one row per factor)."""
    df = _read("emission_factors.csv")
    df["year"] = df["year"].astype(int)
    df["kg_co2e_per_unit"] = pd.to_numeric(df["kg_co2e_per_unit"])
    df["energy_mj_per_unit"] = pd.to_numeric(df["energy_mj_per_unit"])
    df["verified"] = _bool(df["verified"])
    df["notes"] = df["notes"].fillna("")
    return df


@data_cache
def grid_split() -> dict:
    """How a life-cycle grid factor is split into generation (scope 2) and upstream (category 3)."""
    row = _read("grid_split.csv").iloc[0]
    return {"id": row["id"], "generation_share": float(row["generation_share"]), "source": row["source"],
            "table": row["table"], "verified": str(row["verified"]).lower() == "true", "notes": row["notes"]}


@data_cache
def fuel_properties() -> dict[tuple[str, str], dict]:
    """{(activity, property): row} of ``fuel_properties.csv`` (e.g. the gross/net ratio of gas)."""
    df = _read("fuel_properties.csv")
    return {(r["activity"], r["property"]): {**r, "value": float(r["value"]),
                                            "verified": str(r["verified"]).lower() == "true"}
            for r in df.to_dict("records")}


@data_cache
def activity_table() -> pd.DataFrame:
    """Reportable activities: scope, allowed scope 3 categories, data area, method."""
    df = _read("activities.csv")
    df["scope"] = df["scope"].astype(int)
    df["memo"] = _bool(df["memo"])
    df["categories"] = df["categories"].fillna("").map(
        lambda s: tuple(int(c) for c in s.split("|")) if s else ())
    df["description"] = df["description"].fillna("")
    df["factor_activity"] = df["factor_activity"].fillna("") if "factor_activity" in df else ""
    return df.set_index("activity", drop=False)


@data_cache
def method_table() -> pd.DataFrame:
    df = _read("methods.csv")
    indicators = ["technology", "time", "geography", "completeness", "reliability"]
    for c in indicators:
        df[c] = df[c].astype(int)
    # Scope 3 Standard Box 7.2 style: one score per method, the mean of the five indicators.
    df["data_quality"] = df[indicators].mean(axis=1).round(2)
    return df.set_index("method", drop=False)


@data_cache
def category_table() -> pd.DataFrame:
    df = _read("scope3_categories.csv")
    df["category"] = df["category"].astype(int)
    df["relevance_verified"] = _bool(df["relevance_verified"])
    return df.set_index("category", drop=False)


@data_cache
def currency_table() -> pd.DataFrame:
    df = _read("currency.csv")
    df["usd_per_unit"] = df["usd_per_unit"].astype(float)
    df["verified"] = _bool(df["verified"])
    return df


@data_cache
def country_codes() -> frozenset[str]:
    return frozenset(_read("countries.csv")["iso2"])


@data_cache
def screening_rule() -> dict:
    """The materiality screening rule (``screening.yaml``), checked against its declaration."""
    return read_document(climate_dir() / "screening.yaml")


def check_input_limits(path: str | Path) -> dict:
    """Read and check ``input_limits.yaml`` (its declared parser in schemas.yaml)."""
    import yaml

    path = Path(path)
    name = path.name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for part in ("quantity", "factor"):
        table = doc.get(part) if isinstance(doc, dict) else None
        if not isinstance(table, dict) or not table:
            raise ContentError(name, f"needs a mapping '{part}' of unit kinds to {{unit, max}}")
        for kind, spec in table.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("unit"), str) \
                    or not isinstance(spec.get("max"), (int, float)) or not spec["max"] > 0:
                raise ContentError(name, f"{part}.{kind}: needs a unit and a positive max")
    if not doc.get("source") or not isinstance(doc.get("verified"), bool):
        raise ContentError(name, "needs a source and verified: true or false")
    return doc


@data_cache
def input_limits() -> dict:
    """Upper bounds on quantities and own factors per kind of unit (``input_limits.yaml``), checked."""
    return check_input_limits(climate_dir() / "input_limits.yaml")
