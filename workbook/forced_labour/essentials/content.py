"""Forced labour, the essentials (fl1): the course content as checked data.

Definitions, the ILO's 11 indicators, vulnerable groups and root causes, state-imposed
forced labour, the scenario library, good practices, the red-flag checklist and the
supplier questionnaire all live in ``data/forced_labour/essentials/*.yaml``, declared in the
folder's ``schemas.yaml`` with every cross-reference (a scenario's indicators, a question's
red flag). This module loads them through :mod:`workbook.schemas`, so a content error fails
with its file, line and item, and holds the rules a field schema cannot express.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.datafiles import RowProblem
from workbook.documents import line_of
from workbook.errors import ContentError
from workbook.i18n import N_, localize, tr, translate
from workbook.language import using
from workbook.paths import data_cache, data_dir
from workbook.schemas import entry_for, read_document
from workbook.schemas import load as load_schemas

CONTENT_DIR = ("forced_labour", "essentials")
SAMPLE_ANSWERS = "sample_questionnaire_answers.yaml"
# Declared translatable, but compared with `flag_when` and stored as answers: the content keeps
# them in English (the canonical value) and the views and exports show `translate(value)`.
CHAINS = {"clothing": N_("clothing"), "textiles": N_("textiles"), "footwear": N_("footwear"),
          "furniture": N_("furniture")}  # the chain ids of the content (schemas.yaml), as a reader sees them
SEVERITIES = {"critical": N_("critical"), "high": N_("high"), "medium": N_("medium")}
DISPLAY_ONLY = {"red_flag_checklist.yaml": ("answers",),
                "supplier_questionnaire.yaml": ("questions.*.options",)}


@dataclass(frozen=True)
class Content:
    """All fl1 content, as plain data (lists of dicts), after every check has passed."""

    files: dict[str, dict[str, Any]]

    def section(self, file: str, key: str) -> list[dict[str, Any]]:
        return self.files[file][key]

    def by_id(self, file: str, key: str) -> dict[str, dict[str, Any]]:
        return {item["id"]: item for item in self.section(file, key)}

    # the sections a notebook asks for most, by name
    @property
    def indicators(self) -> list[dict]:
        return sorted(self.section("indicators.yaml", "indicators"), key=lambda i: i["number"])

    @property
    def scenarios(self) -> list[dict]:
        return self.section("scenarios.yaml", "scenarios")

    @property
    def red_flags(self) -> list[dict]:
        return self.section("red_flag_checklist.yaml", "red_flags")

    @property
    def questions(self) -> list[dict]:
        return self.section("supplier_questionnaire.yaml", "questions")

    def edition(self) -> str:
        return str(self.files["definitions.yaml"]["edition"])

    def sources(self) -> list[str]:
        """Every distinct source cited in the content (for an Excel "About" sheet)."""
        out: set[str] = set()

        def walk(v: Any) -> None:
            if isinstance(v, dict):
                for k, x in v.items():
                    if k in ("source", "list_source", "rule_source") and isinstance(x, str):
                        out.add(x)
                    else:
                        walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)

        walk(self.files)
        return sorted(out)


def content_dir(base: Path | None = None) -> Path:
    return (base or data_dir()).joinpath(*CONTENT_DIR)


def files(folder: Path | None = None) -> tuple[str, ...]:
    """The content files the folder's schemas.yaml declares (the sample answers are shown apart)."""
    return tuple(n for n in load_schemas(folder or content_dir()).entries if n != SAMPLE_ANSWERS)


def load(base: Path | None = None) -> Content:
    """Load and check every fl1 content file (cached per data folder)."""
    return _load(str(content_dir(base)))


@data_cache(maxsize=4)
def _load(directory: str) -> Content:
    folder = Path(directory)
    return Content({name: _read(folder / name) for name in files(folder)})


def _read(path: Path) -> Any:
    """A content file with its wording in the current language, and its compared values in English."""
    keep = DISPLAY_ONLY.get(path.name)
    if not keep:
        return read_document(path)
    with using("en"):
        data = read_document(path)
    return localize(data, [p for p in entry_for(path).translate if p not in keep])


def shown(value: str) -> str:
    """A value the content keeps in English (an answer, an option), as the reader sees it."""
    return translate(value)


def chain_name(chain: str) -> str:
    """A chain id (``clothing``) in the reader's language."""
    return tr(CHAINS[chain]) if chain in CHAINS else chain


def severity_name(severity: str) -> str:
    """A severity id (``critical``) in the reader's language."""
    return tr(SEVERITIES[severity]) if severity in SEVERITIES else severity


# ------------------------------------------------------------------ rules a field schema cannot express
def _label(section: str, item: dict) -> str:
    return f"{section} item '{item.get('id')}'"


def indicator_rules(data: dict) -> list[RowProblem]:
    """indicators.yaml: the ILO list has exactly 11 indicators, numbered 1-11."""
    numbers = sorted(i["number"] for i in data["indicators"])
    if numbers != list(range(1, 12)):
        return [RowProblem(line_of(data, "indicators"),
                           f"the ILO list has exactly 11 indicators numbered 1-11 (found {numbers})")]
    return []


def questionnaire_rules(data: dict) -> list[RowProblem]:
    """supplier_questionnaire.yaml: choice questions have options; a flag has a condition the answer can meet."""
    problems = []
    for q in data["questions"]:
        where, line = _label("questions", q), line_of(q)
        if q["answer_type"] == "choice" and len(q.get("options") or []) < 2:
            problems.append(RowProblem(line, "a choice question needs at least two options", where=where))
        if ("flag_when" in q) != ("red_flag" in q):
            problems.append(RowProblem(line, "'flag_when' and 'red_flag' go together", where=where))
        if "flag_when" in q:
            problems += [RowProblem(line_of(q, "flag_when"), m, where=where) for m in _check_condition(q)]
    return problems


def _check_condition(q: dict) -> list[str]:
    cond = {k: v for k, v in q["flag_when"].items() if not str(k).startswith("__")}
    if len(cond) != 1:
        return ["'flag_when' needs exactly one of equals, above, below, in"]
    (op, value), = cond.items()
    kind = q.get("answer_type")
    if op == "equals":
        allowed = {"yes_no": ["Yes", "No"], "choice": q.get("options") or []}.get(kind)
        if allowed is None or value not in allowed:
            return [f"'equals' {value!r} is not a possible answer"]
    elif op in ("above", "below"):
        if kind not in ("number", "percent") or not isinstance(value, (int, float)):
            return [f"'{op}' needs a number question and a number"]
    elif op == "in":
        if kind != "choice" or not isinstance(value, list) or not set(value) <= set(q.get("options") or []):
            return ["'in' must list options of a choice question"]
    else:
        return [f"unknown condition '{op}' (use equals, above, below or in)"]
    return []


# ------------------------------------------------------------------ small queries
def indicator_names(content: Content | None = None) -> dict[str, str]:
    """Indicator id -> its ILO name, in the ILO's order."""
    content = content or load()
    return {i["id"]: i["name"] for i in content.indicators}


def classification_labels(content: Content | None = None) -> dict[str, str]:
    content = content or load()
    return {c["id"]: c["label"] for c in content.section("definitions.yaml", "classifications")}


def scenario(scenario_id: str, content: Content | None = None) -> dict[str, Any]:
    """One scenario by id; an unknown id says which ones exist."""
    content = content or load()
    found = content.by_id("scenarios.yaml", "scenarios")
    if scenario_id not in found:
        raise ContentError(str(content_dir() / "scenarios.yaml"),
                           f"no scenario '{scenario_id}'; known: {', '.join(found)}")
    return found[scenario_id]


def scenario_matrix(content: Content | None = None):
    """Scenarios x indicators (1 where tagged): which indicators the library exercises."""
    import pandas as pd

    content = content or load()
    names = indicator_names(content)
    rows = {s["id"]: [int(i in s["indicators"]) for i in names] for s in content.scenarios}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(names.values()))


def scenarios_summary(content: Content | None = None):
    """One row per scenario: title, chain, classification, severity, indicators (by name)."""
    import pandas as pd

    content = content or load()
    names = indicator_names(content)
    labels = classification_labels(content)
    return pd.DataFrame([{
        "id": s["id"], tr("scenario"): s["title"], tr("chain"): chain_name(s["chain"]),
        tr("classification"): labels[s["classification"]], tr("severity"): severity_name(s["severity"]),
        tr("ILO indicators"): ", ".join(names[i] for i in s["indicators"]) or tr("none"),
    } for s in content.scenarios]).set_index("id")


def groups_and_drivers(content: Content | None = None):
    """Vulnerable groups with the names of their risk drivers (root causes)."""
    import pandas as pd

    content = content or load()
    causes = content.by_id("vulnerability.yaml", "root_causes")
    return pd.DataFrame([{
        tr("group"): g["name"], tr("risk drivers"): "; ".join(causes[d]["name"] for d in g["drivers"]),
        tr("example"): g["sector_example"],
    } for g in content.section("vulnerability.yaml", "vulnerable_groups")])
