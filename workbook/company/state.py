"""Which company a notebook shows, and choosing a company file.

The rule, in this order: a file given as a notebook parameter (``company_file``,
``supplier_map``), else the participant's workspace, else the course's sample company.
In solution mode the workspace is ignored, so that solutions never depend on who builds them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workbook.climate.footprint import LoadedCompany, load_activities, load_company, load_footprint
from workbook.climate.footprint import resolve as resolve_company_file
from workbook.climate.targets import company_baseline
from workbook.company.facts import sample_name
from workbook.company.workspace import Workspace, sniff
from workbook.errors import InputError
from workbook.i18n import N_, tr
from workbook.forced_labour.hrdd import CompanySuppliers, company_suppliers, read_supplier_map


def check_file(path: str | Path) -> tuple[str, str | None]:
    """Read a company file with the reader the notebooks use: its kind and the company name it
    gives. A file with problems raises the reader's InputError (sheet, row, column, fix)."""
    path = Path(path)
    kind = sniff(path)
    if kind == "supplier_map":
        read_supplier_map(path)
        return kind, None
    if kind == "footprint_json":
        return kind, company_baseline(path).company
    load_footprint(path)
    company, _, _ = load_activities(path)
    return kind, (company.name if company is not None and company.name else None)


def choose(path: str | Path, home: Path, original: str | None = None) -> str:
    """Check a file and make it the workspace's file for its role; returns the role."""
    kind, name = check_file(path)
    return Workspace(home).use(path, kind=kind, name=name, original=original)


@dataclass
class ShownCompany:
    """The company a notebook shows: its climate file and supplier map (None: the sample's)."""

    footprint_file: Path | None = None
    supplier_map_file: Path | None = None
    workspace_name: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # role -> "parameter" | "workspace" | "sample"

    @cached_property
    def footprint(self) -> LoadedCompany:
        """The footprint (with its activities); a file with problems shows the sample, listing them."""
        return load_company(self.footprint_file, uploaded=None, with_activities=True)

    @property
    def inventory(self):
        return self.footprint.inventory

    @cached_property
    def supplier_map(self) -> CompanySuppliers:
        """The supplier map with the company's name; a map with problems shows the sample's, listing them."""
        try:
            return company_suppliers(self.supplier_map_file, self.footprint_file, quiet=True)
        except InputError as problem:
            loaded = company_suppliers(None, None, quiet=True)
            loaded.problem = problem
            return loaded

    @property
    def is_sample(self) -> bool:
        return self.footprint_file is None and self.supplier_map_file is None

    @property
    def name(self) -> str:
        if self.footprint_file is None and self.supplier_map_file is not None:
            return self.supplier_map.name
        return self.footprint.inventory.company.name or self.workspace_name or sample_name()

    def describe(self) -> str:
        """One line per part: what is shown and where it comes from."""
        where = {"parameter": N_("the notebook's parameter"), "workspace": N_("your workspace"),
                 "sample": N_("the sample")}
        fp = self.footprint
        lines = [tr("Climate data: {company} · reporting year {year} · file {file} ({source})",
                    company=fp.inventory.company.name, year=fp.inventory.reporting_year, file=fp.path.name,
                    source=tr(where[self.sources.get("footprint", "sample")]))]
        if fp.problem is not None:
            lines.append(tr("Your file {file} has problems, so the sample is shown:", file=fp.asked_for.name)
                         + f"\n{fp.problem}")
        sm = self.supplier_map
        lines.append(tr("Supplier map: {map} ({source})", map=sm.message(),
                        source=tr(where[self.sources.get("supplier_map", "sample")])))
        if getattr(sm, "problem", None) is not None:
            lines.append(tr("Your supplier map has problems, so the sample's is shown:") + f"\n{sm.problem}")
        return "\n".join(lines)


def current(home: Path | None, company_file: str | Path | None = None, supplier_map: str | Path | None = None,
            solution_mode: bool = False) -> ShownCompany:
    """The company to show: the parameters, else the workspace (not in solution mode), else the sample."""
    workspace = Workspace(home) if home is not None and not solution_mode else None
    sources = {}
    files = {}
    for role, given in (("footprint", company_file), ("supplier_map", supplier_map)):
        if given:
            files[role], sources[role] = (resolve_company_file(given) if role == "footprint" else Path(given)), "parameter"
        elif workspace is not None and workspace.file(role) is not None:
            files[role], sources[role] = workspace.file(role), "workspace"
        else:
            files[role], sources[role] = None, "sample"
    return ShownCompany(files["footprint"], files["supplier_map"],
                   workspace.name() if workspace is not None else None, sources)
