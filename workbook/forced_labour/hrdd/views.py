"""What the due-diligence notebook (fl2) shows, computed from the loaded company's supplier map.

Every table, chart, export and example is computed from the supplier map the participant
loaded (the sample company's when none is given). Where an exercise asks about one case
of the sample company, the case is named in ``data/forced_labour/hrdd/teaching_cases.yaml``
and shown labelled as a sample case when another company is loaded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from workbook.climate.footprint import load_activities
from workbook.forced_labour.hrdd.action_plan import export_plan, load_plan
from workbook.forced_labour.hrdd.action_plan import progress as plan_progress
from workbook.forced_labour.hrdd.facts import document
from workbook.forced_labour.hrdd.facts import table as fact_rows
from workbook.forced_labour.hrdd.policy import PolicyResult, check_policy, export_outline
from workbook.forced_labour.hrdd.risk import drivers, export_results, provenance_info, score_suppliers
from workbook.forced_labour.hrdd.statement import facts_from, review_claims, statement_outline
from workbook.forced_labour.hrdd.supplier_map import SupplierMap, read_supplier_map
from workbook.paths import data_cache, data_dir

if TYPE_CHECKING:
    import pandas as pd

SAMPLE_COMPANY = "noordzee-apparel"
# An example policy for the first run: three elements ticked, the rest still to add.
EXAMPLE_POLICY = ("ilo_definition", "scope_all_tiers", "grievance")
PRIORITY_COLUMNS = ["priority", "supplier", "country", "goods", "score", "level", "state_imposed_basis", "hard_stop"]
PLAN_COLUMNS = ["priority", "supplier", "level", "action_type", "action", "owner", "deadline", "kpi_id"]


def sample_supplier_map(slug: str = SAMPLE_COMPANY) -> Path:
    return data_dir() / "companies" / slug / "supplier_map.xlsx"


def _resolve(path: str | Path | None) -> Path:
    """A given path (relative ones not found here are looked up under the data folder), else the sample."""
    if not path:
        return sample_supplier_map()
    p = Path(path).expanduser()
    if not p.is_absolute() and not p.exists() and (data_dir() / p).exists():
        p = data_dir() / p
    return p


def _profile_name(folder: Path) -> str | None:
    profile = folder / "profile.yaml"
    if profile.is_file():
        return (yaml.safe_load(profile.read_text(encoding="utf-8")) or {}).get("name")
    return None


def _company_name(map_path: Path, company_file: str | Path | None) -> str:
    """The company's name: its climate template's Company sheet, a profile beside the map, else the file name."""
    if company_file:
        company, _, _ = load_activities(_resolve(company_file))
        if company is not None and company.name:
            return company.name
    return _profile_name(map_path.parent) or map_path.stem.replace("_", " ")


@dataclass
class CompanySuppliers:
    """The supplier map a notebook shows, with the company's name and the provenance of its results."""

    path: Path
    name: str
    suppliers: SupplierMap
    info: dict

    @property
    def is_sample(self) -> bool:
        return self.path.resolve() == sample_supplier_map().resolve()

    def message(self) -> str:
        n = len(self.suppliers.table)
        return f"{self.name} · {n} supplier line{'s' if n != 1 else ''} · file {self.path.name}"


def company_suppliers(supplier_map: str | Path | None = None, company_file: str | Path | None = None,
                      quiet: bool = False) -> CompanySuppliers:
    """Read the company's supplier map (the sample's when none is given); print what is shown
    and every warning on the map, each with its row and the fix."""
    path = _resolve(supplier_map)
    suppliers = read_supplier_map(path)
    loaded = CompanySuppliers(path, _company_name(path, company_file), suppliers, provenance_info(path))
    if not quiet:
        print(loaded.message())
        for w in suppliers.warnings:
            print("Check:", w)
    return loaded


# ------------------------------------------------------------------ step 1: policy
def policy_report(present: Iterable[str], company: CompanySuppliers, folder: Path) -> tuple[PolicyResult, Path]:
    """Score a policy with these elements, print the summary, and write its outline for the company."""
    result = check_policy(list(present))
    print(result.summary())
    outline = export_outline(result, Path(folder) / "fl2_policy_outline.md", company=company.name)
    return result, outline


# ------------------------------------------------------------------ step 2: risk
def scored_suppliers(company: CompanySuppliers) -> pd.DataFrame:
    return score_suppliers(company.suppliers.table)


def priority_table(scored: pd.DataFrame) -> pd.DataFrame:
    """The suppliers in priority order with their score, level and state-imposed exposure."""
    return scored[PRIORITY_COLUMNS]


def drivers_table(row: dict) -> pd.DataFrame:
    """The drivers of one scored supplier, each with its points and data source."""
    import pandas as pd

    return pd.DataFrame(drivers(row))[["part", "points", "max", "reason", "source"]]


@data_cache
def teaching_cases() -> dict[str, dict]:
    """The sample-company cases that exercises ask about, by exercise id."""
    return {c["exercise"]: c for c in document("teaching_cases.yaml")["cases"]}


def case_drivers(exercise_id: str, company: CompanySuppliers, scored: pd.DataFrame) -> pd.DataFrame:
    """The drivers of the supplier an exercise asks about: from the sample company, labelled
    as a sample case when the participant's own map is loaded."""
    case = teaching_cases()[exercise_id]
    own = company.is_sample and case["company"] == SAMPLE_COMPANY
    if not own:
        sample = score_suppliers(read_supplier_map(sample_supplier_map(case["company"])).table)
        name = _profile_name(sample_supplier_map(case["company"]).parent) or case["company"]
        print(f"Sample case for the exercise below ({name}, the course's sample company): {case['supplier']}")
        scored = sample
    row = scored[scored["supplier"] == case["supplier"]].iloc[0].to_dict()
    return drivers_table(row)


def results_file(scored: pd.DataFrame, company: CompanySuppliers, folder: Path) -> Path:
    """Priorities, drivers, heat map and an About sheet in a new Excel file."""
    return export_results(scored, Path(folder) / "fl2_risk_results.xlsx", input_file=company.path, info=company.info)


# ------------------------------------------------------------------ state-imposed forced labour
def state_imposed_table() -> pd.DataFrame:
    """Documented state-imposed forced labour by country and goods, with the measure and its source."""
    import pandas as pd

    return pd.DataFrame(fact_rows("state_imposed.csv"))[["iso2", "goods", "measure", "hard_stop", "source"]]


def state_imposed_exposure(scored: pd.DataFrame) -> pd.DataFrame:
    """The company's supplier lines linked to state-imposed forced labour or with untraced inputs."""
    return scored.loc[scored["state_imposed"], ["supplier", "country", "goods", "material", "material_origin",
                                               "state_imposed_basis", "hard_stop"]]


# ------------------------------------------------------------------ steps 3, 4 and 6
def plan_table(plan: pd.DataFrame) -> pd.DataFrame:
    return plan[PLAN_COLUMNS]


def plan_file(course: Any, plan: pd.DataFrame, kpis: pd.DataFrame, company: CompanySuppliers, folder: Path) -> Path:
    """Write the plan and KPIs to Excel, read the file back, and say how far the plan is."""
    path = export_plan(plan, kpis, Path(folder) / "fl2_action_plan.xlsx", info=company.info)
    plan_again, kpis_again = load_plan(path)
    course.download_link(path)
    print("Re-loaded from the file:", plan_progress(plan_again, kpis_again))
    return path


def kpi_table(kpis: pd.DataFrame) -> pd.DataFrame:
    return kpis[["kpi_id", "kpi", "unit", "baseline", "target"]]


def plan_start(value: str | dt.date) -> dt.date:
    """The plan's start date from a notebook parameter (YYYY-MM-DD)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# ------------------------------------------------------------------ step 5: communicate
def show_statement(scored: pd.DataFrame, plan: pd.DataFrame, kpis: pd.DataFrame, policy: PolicyResult,
                   company: CompanySuppliers, year: int) -> None:
    """The statement outline built from the company's own results."""
    from IPython.display import Markdown, display

    display(Markdown(statement_outline(facts_from(scored, plan, kpis, policy), company=company.name, year=year)))


def example_draft(company: CompanySuppliers, scored: pd.DataFrame) -> str:
    """A draft statement with typical claims, worded from the company's own numbers."""
    lines = len(scored)
    traced = int((scored["material_origin"].fillna("").astype(str).str.strip() != "").sum())
    return document("statement.yaml")["example_draft"].format(company=company.name, traced=traced, lines=lines)


def claims_review(company: CompanySuppliers, scored: pd.DataFrame) -> pd.DataFrame:
    """Every misleading claim found in the example draft, and why."""
    import pandas as pd

    draft = example_draft(company, scored)
    print(draft)
    return pd.DataFrame([f.__dict__ for f in review_claims(draft)])


def good_practices_table() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(document("good_practices.yaml")["practices"])[["title", "lesson", "oecd_step", "source"]]
