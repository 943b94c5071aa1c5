"""What the due-diligence notebook (fl2) shows, computed from the loaded company's supplier map.

Every table, chart, export and example is computed from the supplier map the participant
loaded (the sample company's when none is given). Where an exercise asks about one case
of the sample company, the case is named in ``data/forced_labour/hrdd/teaching_cases.yaml``
and shown labelled as a sample case when another company is loaded.

Tables are shown in the participant's language: :func:`readable` translates the column names and
the coded values (level, action type, status, unit, direction); the data itself stays canonical.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import yaml

from workbook.climate.footprint import load_activities
from workbook.errors import InputError
from workbook.forced_labour.hrdd.action_plan import CODED, export_plan, kpi_set, load_plan, propose_actions
from workbook.forced_labour.hrdd.action_plan import HEADERS as PLAN_HEADERS
from workbook.forced_labour.hrdd.action_plan import progress as plan_progress
from workbook.forced_labour.hrdd.facts import document
from workbook.forced_labour.hrdd.facts import table as fact_rows
from workbook.forced_labour.hrdd.policy import PolicyResult, check_policy, export_outline, policy_widget
from workbook.forced_labour.hrdd.risk import HEADERS as RESULT_HEADERS
from workbook.forced_labour.hrdd.risk import drivers, export_results, heatmap_figure, provenance_info, score_suppliers
from workbook.forced_labour.hrdd.statement import facts_from, review_claims, statement_outline
from workbook.forced_labour.hrdd.supplier_map import SupplierMap, read_supplier_map
from workbook.i18n import N_, tr
from workbook.language import language
from workbook.paths import data_cache, data_dir, sample_company_dir

if TYPE_CHECKING:
    import pandas as pd

# An example policy for the first run: three elements ticked, the rest still to add.
EXAMPLE_POLICY = ("ilo_definition", "scope_all_tiers", "grievance")
PRIORITY_COLUMNS = ["priority", "supplier", "country", "goods", "score", "level", "state_imposed_basis", "hard_stop"]
PLAN_COLUMNS = ["priority", "supplier", "level", "action_type", "action", "owner", "deadline", "kpi_id"]
# Column names of the notebook's tables that neither the plan nor the results file names.
TABLE_HEADERS = {"iso2": N_("iso2"), "measure": N_("measure"), "title": N_("title"), "lesson": N_("lesson"),
                 "oecd_step": N_("oecd_step")}
BASES = (N_("linked"), N_("untraced"))  # state_imposed_basis


def readable(df: "pd.DataFrame") -> "pd.DataFrame":
    """A table as the participant reads it: column names and coded values in their language
    (the table itself unchanged in English)."""
    if language() == "en":
        return df
    names = {**TABLE_HEADERS, **RESULT_HEADERS, **PLAN_HEADERS}
    out = df.copy()
    for column, codes in CODED.items():
        if column in out.columns:
            out[column] = out[column].map(lambda v: tr(v) if isinstance(v, str) and v in codes else v)
    if "state_imposed_basis" in out.columns:
        out["state_imposed_basis"] = out["state_imposed_basis"].map(
            lambda v: tr(v) if v in BASES else v)
    return out.rename(columns={c: tr(names[c]) for c in out.columns if c in names})


def sample_supplier_map(slug: str | None = None) -> Path:
    """The supplier map of a sample company (the default sample when none is named)."""
    return sample_company_dir(slug) / "supplier_map.xlsx"


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
    """The company's name: a sample's profile; else its climate template's Company sheet, a profile
    beside the map, else the file name."""
    if company_file and map_path.resolve() != sample_supplier_map().resolve():
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
    problem: InputError | None = None  # the participant's map had problems: the sample's is shown

    @cached_property
    def scored(self) -> pd.DataFrame:
        return score_suppliers(self.suppliers.table)

    @property
    def is_sample(self) -> bool:
        return self.path.resolve() == sample_supplier_map().resolve()

    def message(self) -> str:
        n = len(self.suppliers.table)
        if n == 1:
            return tr("{name} · {n} supplier line · file {file}", name=self.name, n=n, file=self.path.name)
        return tr("{name} · {n} supplier lines · file {file}", name=self.name, n=n, file=self.path.name)


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
            print(tr("Check:"), w)
    return loaded


def as_suppliers(shown: Any) -> CompanySuppliers:
    """The supplier map of what a notebook shows (the map itself, or the participant's company)."""
    return shown if isinstance(shown, CompanySuppliers) else shown.supplier_map


# ------------------------------------------------------------------ step 1: policy
POLICY_KEY = "fl2_policy"


def saved_policy(course: Any) -> list[str]:
    """The policy elements the participant ticked (saved with their progress); the example until they tick."""
    saved = course.load(POLICY_KEY) if course is not None else None
    return list(saved) if isinstance(saved, list) else list(EXAMPLE_POLICY)


def policy_checker(course: Any):
    """The policy checkboxes, starting from the participant's saved ticks and saving each change."""
    return policy_widget(solution_mode=course.solution_mode, present=saved_policy(course),
                         on_change=lambda ticked: course.save(POLICY_KEY, ticked))


def policy_result(present: Iterable[str] = EXAMPLE_POLICY) -> PolicyResult:
    return check_policy(list(present))


def policy_report(company: Any, course: Any) -> None:
    """Score the participant's policy, print the summary, and offer its outline, written for the company."""
    result = policy_result(saved_policy(course))
    print(result.summary())
    outline = export_outline(result, Path(course.home) / "exports" / "fl2_policy_outline.md",
                             company=as_suppliers(company).name)
    course.download_link(outline)


# ------------------------------------------------------------------ step 2: risk
def scored_suppliers(company: Any) -> pd.DataFrame:
    """The company's suppliers scored, in priority order (computed once per supplier map)."""
    return as_suppliers(company).scored


def priority_table(company: Any) -> pd.DataFrame:
    """The suppliers in priority order with their score, level and state-imposed exposure."""
    return readable(scored_suppliers(company)[PRIORITY_COLUMNS])


def heatmap(company: Any):
    """Suppliers by severity and likelihood, with the provenance of the data."""
    return heatmap_figure(scored_suppliers(company), as_suppliers(company).info)


def drivers_table(row: dict) -> pd.DataFrame:
    """The drivers of one scored supplier, each with its points and data source."""
    import pandas as pd

    return readable(pd.DataFrame(drivers(row))[["part", "points", "max", "reason", "source"]])


@data_cache
def teaching_cases() -> dict[str, dict]:
    """The sample-company cases that exercises ask about, by exercise id."""
    return {c["exercise"]: c for c in document("teaching_cases.yaml")["cases"]}


def case_drivers(company: Any, exercise_id: str) -> pd.DataFrame:
    """The drivers of the supplier an exercise asks about: from the sample company, labelled
    as a sample case when the participant's own map is loaded."""
    case = teaching_cases()[exercise_id]
    shown = as_suppliers(company)
    sample_map = sample_supplier_map(case["company"])
    if shown.path.resolve() == sample_map.resolve():
        scored = shown.scored
    else:
        name = _profile_name(sample_map.parent) or case["company"]
        print(tr("Sample case for the exercise below ({name}, the course's sample company): {supplier}", name=name,
                 supplier=case["supplier"]))
        scored = score_suppliers(read_supplier_map(sample_map).table)
    row = scored[scored["supplier"] == case["supplier"]].iloc[0].to_dict()
    return drivers_table(row)


def results_file(company: Any, course: Any) -> None:
    """Priorities, drivers, heat map and an About sheet in a new Excel file, offered for download."""
    shown = as_suppliers(company)
    path = export_results(shown.scored, Path(course.home) / "exports" / "fl2_risk_results.xlsx",
                          input_file=shown.path, info=shown.info, rename=True)
    course.download_link(path)


# ------------------------------------------------------------------ state-imposed forced labour
def state_imposed_table() -> pd.DataFrame:
    """Documented state-imposed forced labour by country and goods, with the measure and its source."""
    import pandas as pd

    return readable(pd.DataFrame(fact_rows("state_imposed.csv"))[["iso2", "goods", "measure", "hard_stop", "source"]])


def state_imposed_exposure(company: Any) -> pd.DataFrame:
    """The company's supplier lines linked to state-imposed forced labour or with untraced inputs."""
    scored = scored_suppliers(company)
    return readable(scored.loc[scored["state_imposed"], ["supplier", "country", "goods", "material", "material_origin",
                                                     "state_imposed_basis", "hard_stop"]])


# ------------------------------------------------------------------ steps 3, 4 and 6
def plan_start(value: str | dt.date) -> dt.date:
    """The plan's start date from a notebook parameter (YYYY-MM-DD)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def plan_for(company: Any, start: str | dt.date) -> pd.DataFrame:
    """Actions for every supplier at medium risk or above, from their drivers."""
    return propose_actions(scored_suppliers(company), start=plan_start(start))


def kpis_for(company: Any, start: str | dt.date) -> pd.DataFrame:
    return kpi_set(scored_suppliers(company), plan_for(company, start))


def plan_table(company: Any, start: str | dt.date) -> pd.DataFrame:
    return readable(plan_for(company, start)[PLAN_COLUMNS])


def plan_file(company: Any, course: Any, start: str | dt.date) -> pd.DataFrame:
    """Write the plan and KPIs to Excel, read the file back, say how far the plan is, and show the KPIs."""
    shown = as_suppliers(company)
    plan, kpis = plan_for(company, start), kpis_for(company, start)
    path = export_plan(plan, kpis, Path(course.home) / "exports" / "fl2_action_plan.xlsx", info=shown.info,
                       rename=True)
    plan_again, kpis_again = load_plan(path)
    course.download_link(path)
    print(tr("Re-loaded from the file:"), plan_progress(plan_again, kpis_again))
    return readable(kpis[["kpi_id", "kpi", "unit", "baseline", "target"]])


# ------------------------------------------------------------------ step 5: communicate
def show_statement(company: Any, course: Any, start: str | dt.date) -> None:
    """The statement outline built from the company's own results and policy, for the plan's first year."""
    from IPython.display import Markdown, display

    scored = scored_suppliers(company)
    facts = facts_from(scored, plan_for(company, start), kpis_for(company, start),
                       policy_result(saved_policy(course)))
    display(Markdown(statement_outline(facts, company=as_suppliers(company).name, year=plan_start(start).year)))


def example_draft(company: Any) -> str:
    """A draft statement with typical claims, worded from the company's own numbers."""
    scored = scored_suppliers(company)
    traced = int((scored["material_origin"].fillna("").astype(str).str.strip() != "").sum())
    return document("statement.yaml")["example_draft"].format(company=as_suppliers(company).name, traced=traced,
                                                              lines=len(scored))


def claims_review(company: Any) -> pd.DataFrame:
    """Every misleading claim found in the example draft, and why."""
    import pandas as pd

    draft = example_draft(company)
    print(draft)
    return pd.DataFrame([f.__dict__ for f in review_claims(draft)])


def good_practices_table() -> pd.DataFrame:
    import pandas as pd

    return readable(pd.DataFrame(document("good_practices.yaml")["practices"])[["title", "lesson", "oecd_step",
                                                                             "source"]])
