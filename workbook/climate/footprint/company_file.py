"""Which company a climate notebook shows: the participant's own file, or the sample.

A participant's file with problems never stops the notebook: the problems are listed
(sheet, row, column, fix) and the sample company is shown until the file is fixed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.climate.footprint.load import load_activities, load_footprint
from workbook.errors import InputError, Problem
from workbook.excel import PRIVATE_FILE
from workbook.i18n import tr
from workbook.paths import data_dir, sample_company_dir


def sample_file(slug: str | None = None) -> Path:
    """The filled data template of a sample company (the default sample when none is named)."""
    return sample_company_dir(slug) / "footprint.xlsx"


def resolve(company_file: str | Path | None) -> Path:
    """The participant's file (a relative path not found here is looked up under the data
    folder), or the sample company's filled template when none is given."""

    if not company_file:
        return sample_file()
    path = Path(company_file).expanduser()
    if not path.is_absolute() and not path.exists() and (data_dir() / path).exists():
        path = data_dir() / path
    return path


def keep_upload(upload_value: Any, folder: Path) -> Path | None:
    """Save a file picked in a FileUpload widget in the participant's own folder.

    An earlier upload of the same name is kept: the new copy gets ``name (2).xlsx``.
    """
    if not upload_value:
        return None
    picked = upload_value[0]
    name = Path(str(picked["name"])).name
    folder.mkdir(parents=True, exist_ok=True)
    path, n = folder / name, 2
    while path.exists() and path.read_bytes() != bytes(picked["content"]):
        path, n = folder / f"{Path(name).stem} ({n}){Path(name).suffix}", n + 1
    path.write_bytes(bytes(picked["content"]))
    path.chmod(PRIVATE_FILE)
    return path


@dataclass
class LoadedCompany:
    """A footprint ready for the notebook, and what went wrong with the participant's file."""

    path: Path
    inventory: Any
    company: Any = None
    activities: Any = None
    screening: list = field(default_factory=list)
    problem: InputError | None = None
    asked_for: Path | None = None

    @property
    def is_sample(self) -> bool:
        return self.path == sample_file()

    def message(self) -> str:
        """One line on what is shown; the problem list first when the participant's file failed."""
        inv = self.inventory
        line = tr("{company} · sector: {sector} · reporting year {year} · base year {base} · file {file}",
                  company=inv.company.name, sector=tr(inv.company.sector), year=inv.reporting_year,
                  base=inv.company.base_year, file=self.path.name)
        if self.problem is None:
            return line
        return (f"{self.problem}\n\n" + tr("Until {file} is fixed, this notebook shows the sample company.",
                                            file=self.asked_for.name) + f"\n{line}")


def load_company(company_file: str | Path | None = None, solution_mode: bool = False,
                 uploaded: Path | None = None, with_activities: bool = False) -> LoadedCompany:
    """Load the footprint a notebook shows: an uploaded file, else ``company_file``, else the
    sample; a file with problems falls back to the sample and lists the problems.

    ``solution_mode`` is accepted for notebooks written before it stopped mattering: solutions
    are built without a ``company_file``, so they show the sample anyway.
    """
    wanted = uploaded or resolve(company_file)

    def load(path: Path) -> LoadedCompany:
        if path.suffix.lower() == ".json":
            raise InputError([Problem(tr("a footprint JSON holds totals only, not the activity lines this notebook "
                                         "shows"), file=path.name,
                                      fix=tr("choose the data template (.xlsx) or the activity CSV "
                                             "the JSON was made from"))], title=tr("Cannot show this file"))
        loaded = LoadedCompany(path=path, inventory=load_footprint(path))
        if with_activities:
            loaded.company, loaded.activities, loaded.screening = load_activities(path)
        return loaded

    try:
        return load(wanted)
    except InputError as problem:
        if wanted == sample_file():
            raise
        loaded = load(sample_file())
        loaded.problem, loaded.asked_for = problem, wanted
        return loaded


def as_loaded(shown: Any) -> LoadedCompany:
    """The loaded company file of what a notebook shows (the file itself, or the participant's company)."""
    return shown if isinstance(shown, LoadedCompany) else shown.footprint
