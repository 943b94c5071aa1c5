"""Forced labour, the essentials (fl1): the course content as checked data.

Definitions, the ILO's 11 indicators, vulnerable groups and root causes, state-imposed
forced labour, the scenario library, good practices, the red-flag checklist and the
supplier questionnaire all live in ``data/forced_labour/essentials/*.yaml``. This module
declares their schemas, loads them, and checks every cross-reference (a scenario's
indicators, a question's red flag), so a content error fails with its file, line and item.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.errors import ContentError
from workbook.forced_labour.essentials.schema import (
    Field,
    FileSchema,
    Section,
    check_refs,
    check_sections,
    raise_if,
    read_yaml,
    strip_lines,
)
from workbook.paths import data_dir

CONTENT_DIR = ("forced_labour", "essentials")
CHAINS = ("clothing", "textiles", "footwear", "furniture")
BASES = ("documented_case", "documented_pattern", "illustrative")
ANSWER_TYPES = ("yes_no", "number", "percent", "choice", "text")

_SRC = Field(str)  # every fact carries its source
_TEXT = Field(str)
_OPT = Field(str, required=False)
_TEXTS = Field(list, item_type=str)

SCHEMAS: dict[str, FileSchema] = {
    "definitions.yaml": FileSchema("definitions.yaml", (
        Section("concepts", {
            "term": _TEXT, "term_nl": _OPT, "group": Field(str, allowed=("core", "instrument", "neighbour")),
            "quote": Field(bool), "text": _TEXT, "plain": _TEXT, "source": _SRC, "verified": Field(bool),
        }, id_set="concept"),
        Section("classifications", {"label": _TEXT, "text": _TEXT, "source": _SRC}, id_set="classification"),
    ), top={"edition": _TEXT}),
    "where_it_occurs.yaml": FileSchema("where_it_occurs.yaml", (
        Section("global_estimates", {
            "metric": _TEXT, "value": Field((int, float)), "unit": _TEXT, "edition": _TEXT, "source": _SRC,
        }, id_set="estimate"),
        Section("sectors", {
            "sector": _TEXT, "value": Field((int, float)), "unit": _TEXT, "edition": _TEXT, "source": _SRC,
        }),
        Section("supply_chain_stages", {
            "stage": _TEXT, "chains": Field(list, allowed=CHAINS), "pattern": _TEXT,
            "example_places": _TEXTS, "source": _SRC,
        }, id_set="stage"),
        Section("goods_list_facts", {"fact": _TEXT, "edition": _TEXT, "source": _SRC}),
    ), top={"edition": _TEXT}),
    "indicators.yaml": FileSchema("indicators.yaml", (
        Section("indicators", {
            "number": Field(int, allowed=tuple(range(1, 12))), "name": _TEXT, "name_nl": _OPT,
            "explanation": _TEXT, "explanation_verified": Field(bool), "buyer_signals": _TEXTS,
            "examples": Field(list, item_type=dict), "source": _SRC,
        }, id_set="indicator"),
    ), top={"edition": _TEXT, "list_source": _TEXT, "rule": _TEXT, "rule_source": _TEXT}),
    "vulnerability.yaml": FileSchema("vulnerability.yaml", (
        Section("root_causes", {
            "name": _TEXT, "level": _TEXT, "explanation": _TEXT, "buyer_lever": _TEXT, "source": _SRC,
        }, id_set="root_cause"),
        Section("vulnerable_groups", {
            "name": _TEXT, "name_nl": _OPT, "why": _TEXT, "drivers": Field(list, item_type=str, ref="root_cause"),
            "sector_example": _TEXT, "source": _SRC,
        }, id_set="group"),
    ), top={"edition": _TEXT}),
    "state_imposed.yaml": FileSchema("state_imposed.yaml", (
        Section("c105_purposes", {"article": _TEXT, "purpose": _TEXT, "source": _SRC}, id_set="c105"),
        Section("characteristics", {"name": _TEXT, "text": _TEXT, "source": _SRC}),
        Section("cases", {
            "name": _TEXT, "chains": Field(list, allowed=CHAINS), "facts": _TEXTS,
            "c105_purposes": Field(list, item_type=str, ref="c105"), "buyer_response": _TEXT, "source": _SRC,
        }),
    ), top={"edition": _TEXT}),
    "scenarios.yaml": FileSchema("scenarios.yaml", (
        Section("severity_levels", {"label": _TEXT, "meaning": _TEXT}, id_set="severity"),
        Section("scenarios", {
            "title": _TEXT, "chain": Field(str, allowed=CHAINS), "stage": Field(str, ref="stage"),
            "country": _TEXT, "basis": Field(str, allowed=BASES), "text": _TEXT,
            "indicators": Field(list, item_type=str, ref="indicator", nonempty=False),
            "red_flags": Field(list, item_type=str, ref="red_flag"),
            "classification": Field(str, ref="classification"), "classification_note": _TEXT,
            "severity": Field(str, ref="severity"), "next_steps": _TEXTS, "not_to_do": _TEXTS, "source": _SRC,
        }, id_set="scenario", min_items=15),
    ), top={"edition": _TEXT}),
    "good_practices.yaml": FileSchema("good_practices.yaml", (
        Section("practices", {
            "name": _TEXT, "kind": Field(str, allowed=("case", "practice", "framework")),
            "what": _TEXT, "lesson": _TEXT, "source": _SRC,
        }),
        Section("anti_patterns", {"name": _TEXT, "why": _TEXT, "source": _SRC}),
        Section("response_steps", {"step": _TEXT, "source": _SRC}),
    ), top={"edition": _TEXT}),
    "red_flag_checklist.yaml": FileSchema("red_flag_checklist.yaml", (
        Section("red_flags", {
            "area": _TEXT, "flag": _TEXT, "indicators": Field(list, item_type=str, ref="indicator"),
            "how_to_check": _TEXT, "source": _SRC,
        }, id_set="red_flag"),
    ), top={"edition": _TEXT, "answers": Field(list), "areas": Field(dict)}),
    "supplier_questionnaire.yaml": FileSchema("supplier_questionnaire.yaml", (
        Section("questions", {
            "section": _TEXT, "question": _TEXT, "answer_type": Field(str, allowed=ANSWER_TYPES),
            "options": Field(list, required=False, item_type=str), "min": Field((int, float), required=False),
            "max": Field((int, float), required=False), "flag_when": Field(dict, required=False),
            "red_flag": Field(str, required=False, ref="red_flag"), "guidance": _TEXT, "source": _SRC,
        }, id_set="question"),
    ), top={"edition": _TEXT, "sections": Field(dict)}),
}
FILES = tuple(SCHEMAS)


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


def load(base: Path | None = None) -> Content:
    """Load and check every fl1 content file (cached per directory)."""
    return _load(str(content_dir(base)))


@lru_cache(maxsize=4)
def _load(directory: str) -> Content:
    folder = Path(directory)
    raw: dict[str, dict] = {}
    ids: dict[str, set[str]] = {}
    for name, schema in SCHEMAS.items():
        path = folder / name
        data = read_yaml(path)
        problems, published = check_sections(schema, data, str(path))
        problems += _extra_checks(name, data)
        raise_if(problems, str(path))
        raw[name] = data
        ids.update(published)
    for name, schema in SCHEMAS.items():
        raise_if(check_refs(schema, raw[name], ids), str(folder / name))
    return Content({name: strip_lines(data) for name, data in raw.items()})


def _extra_checks(name: str, data: dict) -> list[str]:
    """Rules a field schema cannot express."""
    problems: list[str] = []
    if name == "indicators.yaml":
        numbers = sorted(i.get("number") for i in data.get("indicators", []) if isinstance(i, dict))
        if numbers != list(range(1, 12)):
            problems.append(f"the ILO list has exactly 11 indicators numbered 1-11 (found {numbers})")
        for ind in data.get("indicators", []):
            for n, ex in enumerate(ind.get("examples") or [], 1):
                for key in ("text", "chain", "basis", "source"):
                    if not isinstance(ex, dict) or not ex.get(key):
                        problems.append(f"line {ind.get('__line__')}, indicators item '{ind.get('id')}': "
                                        f"example {n} needs '{key}'")
                if isinstance(ex, dict) and ex.get("basis") not in (None, "documented", "illustrative"):
                    problems.append(f"line {ind.get('__line__')}, indicators item '{ind.get('id')}': "
                                    f"example {n} basis must be documented or illustrative")
    if name == "red_flag_checklist.yaml":
        areas = data.get("areas") or {}
        for rf in data.get("red_flags", []):
            if isinstance(rf, dict) and rf.get("area") not in areas:
                problems.append(f"line {rf.get('__line__')}, red_flags item '{rf.get('id')}': "
                                f"area {rf.get('area')!r} is not one of {', '.join(areas)}")
    if name == "supplier_questionnaire.yaml":
        sections = data.get("sections") or {}
        for q in data.get("questions", []):
            if not isinstance(q, dict):
                continue
            label = f"line {q.get('__line__')}, questions item '{q.get('id')}'"
            if q.get("section") not in sections:
                problems.append(f"{label}: section {q.get('section')!r} is not one of {', '.join(sections)}")
            if q.get("answer_type") == "choice" and len(q.get("options") or []) < 2:
                problems.append(f"{label}: a choice question needs at least two options")
            if ("flag_when" in q) != ("red_flag" in q):
                problems.append(f"{label}: 'flag_when' and 'red_flag' go together")
            if "flag_when" in q:
                problems += _check_condition(label, q)
    return problems


def _check_condition(label: str, q: dict) -> list[str]:
    cond = q["flag_when"]
    cond = {k: v for k, v in cond.items() if k != "__line__"}
    if len(cond) != 1:
        return [f"{label}: 'flag_when' needs exactly one of equals, above, below, in"]
    (op, value), = cond.items()
    kind = q.get("answer_type")
    if op == "equals":
        allowed = {"yes_no": ["Yes", "No"], "choice": q.get("options") or []}.get(kind)
        if allowed is None or value not in allowed:
            return [f"{label}: 'equals' {value!r} is not a possible answer"]
    elif op in ("above", "below"):
        if kind not in ("number", "percent") or not isinstance(value, (int, float)):
            return [f"{label}: '{op}' needs a number question and a number"]
    elif op == "in":
        if kind != "choice" or not isinstance(value, list) or not set(value) <= set(q.get("options") or []):
            return [f"{label}: 'in' must list options of a choice question"]
    else:
        return [f"{label}: unknown condition '{op}' (use equals, above, below or in)"]
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
        "id": s["id"], "scenario": s["title"], "chain": s["chain"], "classification": labels[s["classification"]],
        "severity": s["severity"], "ILO indicators": ", ".join(names[i] for i in s["indicators"]) or "none",
    } for s in content.scenarios]).set_index("id")


def groups_and_drivers(content: Content | None = None):
    """Vulnerable groups with the names of their risk drivers (root causes)."""
    import pandas as pd

    content = content or load()
    causes = content.by_id("vulnerability.yaml", "root_causes")
    return pd.DataFrame([{
        "group": g["name"], "risk drivers": "; ".join(causes[d]["name"] for d in g["drivers"]),
        "example": g["sector_example"],
    } for g in content.section("vulnerability.yaml", "vulnerable_groups")])
