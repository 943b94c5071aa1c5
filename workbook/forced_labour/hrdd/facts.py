"""The due-diligence facts (data/forced_labour/hrdd/), loaded and checked against their schema.

Every file is checked when it is loaded, so a bad row fails with its file and line
(a ContentError for instructors) instead of producing a quietly wrong score.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from workbook.datafiles import load_schemas, read_checked
from workbook.errors import ContentError
from workbook.paths import data_cache, data_dir


def hrdd_dir() -> Path:
    return data_dir() / "forced_labour" / "hrdd"


@data_cache
def schema() -> dict:
    return yaml.safe_load((hrdd_dir() / "schema.yaml").read_text(encoding="utf-8"))


def read_csv(name: str, folder: Path | None = None) -> list[dict]:
    """Read one CSV of the folder, typed and checked against ``schema.yaml`` (see workbook.datafiles)."""
    folder = folder or hrdd_dir()
    columns = load_schemas(hrdd_dir() / "schema.yaml", section="csv")[name]
    return read_checked(folder / name, columns)


def read_yaml(name: str, folder: Path | None = None) -> dict:
    """Read one YAML file of the folder and check its list items have the required fields."""
    folder = folder or hrdd_dir()
    path = folder / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = schema()["yaml"][name]
    items = doc.get(spec["list"]) if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items:
        raise ContentError(str(path), f"needs a non-empty list '{spec['list']}'")
    seen = set()
    for i, item in enumerate(items, start=1):
        label = f"{spec['list']}[{i}]"
        for field in spec["required"]:
            if field not in item or item[field] in (None, ""):
                raise ContentError(str(path), f"{label} (id {item.get(spec['key'])!r}): '{field}' is missing")
        for field, allowed in (spec.get("allowed") or {}).items():
            if item[field] not in allowed:
                raise ContentError(str(path), f"{label}: '{field}' must be one of {allowed} "
                                              f"(found {item[field]!r})")
        if item[spec["key"]] in seen:
            raise ContentError(str(path), f"{label}: duplicate {spec['key']} {item[spec['key']]!r}")
        seen.add(item[spec["key"]])
    return doc


@data_cache
def scoring() -> dict:
    return yaml.safe_load((hrdd_dir() / "scoring.yaml").read_text(encoding="utf-8"))


@data_cache
def datasets() -> dict[str, dict]:
    doc = yaml.safe_load((hrdd_dir() / "datasets.yaml").read_text(encoding="utf-8"))
    return {d["id"]: d for d in doc["datasets"]}


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


def all_files() -> list[str]:
    """Every declared data file (for the schema test)."""
    s = schema()
    return list(s["csv"]) + list(s["yaml"])


def steps_table():
    """The six OECD steps applied to forced labour, with the verification flag shown."""
    import pandas as pd

    rows = document("oecd_steps.yaml")["steps"]
    return pd.DataFrame([{"step": s["step"], "name": s["name"], "for forced labour": s["forced_labour_use"],
                          "tool in this notebook": s["tool"],
                          "wording verified": "yes" if s["verified"] else "no (paraphrase)"} for s in rows])


def datasets_table():
    """The datasets behind the risk score: edition, quality and terms."""
    import pandas as pd

    return pd.DataFrame([{"dataset": f"{d['publisher']}, {d['title']}", "edition": d["edition"],
                          "quality": d["quality"], "terms": d["terms"]} for d in datasets().values()])
