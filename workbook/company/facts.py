"""The course's sample companies (``data/companies/``): their folders and profiles."""
from __future__ import annotations

from pathlib import Path

import yaml

from workbook.paths import data_cache, data_dir, sample_company_dir


@data_cache
def index() -> dict:
    return yaml.safe_load((data_dir() / "companies" / "companies.yaml").read_text(encoding="utf-8"))


def sample_ids() -> list[str]:
    return [c["id"] for c in index()["companies"]]


@data_cache
def profile(slug: str | None = None) -> dict:
    """A sample company's profile (name, sector, size)."""
    path = sample_company_dir(slug) / "profile.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def sample_name(slug: str | None = None) -> str:
    return str(profile(slug).get("name") or sample_company_dir(slug).name)


def is_sample_file(path: str | Path) -> bool:
    """Whether a file is one of the sample companies' own files."""
    resolved = Path(path).resolve()
    return any(resolved.parent == sample_company_dir(s).resolve() for s in sample_ids())
