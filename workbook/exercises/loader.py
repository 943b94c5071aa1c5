"""Load and validate exercise content from ``data/exercises/*.yaml``.

Every problem names the file, the exercise id and what is wrong, so an instructor's
typo fails the build with a message they can act on.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.curriculum import load_curriculum
from workbook.errors import ContentError
from workbook.exercises.model import KINDS, LEVELS, Exercise, Option
from workbook.paths import data_dir
from workbook.units import convert

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
# A data-bound exercise is judged on the company the notebook shows: ``answer_from`` names the
# function ("module:function") that computes the answer from that company; ``prompt_own`` and
# ``explanation_own`` are the texts shown when it is not the sample company.
DATA_BOUND_FIELDS = {"answer_from", "prompt_own", "explanation_own"}
COMMON_FIELDS = {"id", "kind", "objective", "level", "title", "prompt", "explanation", "hints", "sources"}
KIND_FIELDS = {
    "single_choice": {"options", "answer"},
    "multiple_select": {"options", "answer"},
    "numeric": {"answer", "unit", "tolerance", "rel_tolerance", "feedback_wrong"} | DATA_BOUND_FIELDS,
    "classify": {"categories", "items"},
    "order": {"items"},
    "free_text": {"model_answer", "guidance", "min_words"},
    "code": {"variable", "solution", "starter", "answer", "unit", "tolerance", "rel_tolerance",
             "check", "wrong_values", "feedback_wrong"} | DATA_BOUND_FIELDS,
}


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _options(raw: Any, fail) -> list[Option]:
    if not isinstance(raw, list) or len(raw) < 2:
        fail("needs 'options': a list of at least two {text, feedback}")
    out = []
    for n, o in enumerate(raw, 1):
        if isinstance(o, str):
            o = {"text": o}
        if not isinstance(o, dict) or not str(o.get("text", "")).strip():
            fail(f"option {n} has no 'text'")
        unknown = set(o) - {"text", "feedback"}
        if unknown:
            fail(f"option {n} has unknown field(s) {sorted(unknown)}; use 'text' and 'feedback'")
        out.append(Option(str(o["text"]), str(o.get("feedback") or "")))
    texts = [o.text for o in out]
    dup = {t for t in texts if texts.count(t) > 1}
    if dup:
        fail(f"duplicate option text {sorted(dup)}")
    return out


def _number(value: Any, what: str, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(f"'{what}' must be a number, not {value!r}")
    return float(value)


def parse_exercise(raw: Any, file: str, objectives: set[str] | None = None) -> Exercise:
    """Turn one YAML mapping into an :class:`Exercise`, or raise ContentError."""
    if not isinstance(raw, dict):
        raise ContentError(file, f"each exercise must be a mapping, found {type(raw).__name__}")
    ex_id = raw.get("id")

    def fail(problem: str):
        raise ContentError(file, problem, exercise_id=str(ex_id) if ex_id else None)

    if not ex_id or not isinstance(ex_id, str) or not ID_PATTERN.match(ex_id):
        fail(f"'id' must be lowercase letters, digits and dashes, found {ex_id!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        fail(f"unknown kind {kind!r}.{_suggest(kind, KINDS)} Kinds: {', '.join(KINDS)}")
    unknown = set(raw) - COMMON_FIELDS - KIND_FIELDS[kind]
    if unknown:
        allowed = sorted(COMMON_FIELDS | KIND_FIELDS[kind])
        fail(f"unknown field(s) {sorted(unknown)} for kind {kind}."
             + _suggest(sorted(unknown)[0], allowed))
    objective = raw.get("objective")
    if not objective:
        fail("needs an 'objective' (an id from data/curriculum.yaml, e.g. c2.a)")
    if objectives is not None and objective not in objectives:
        fail(f"unknown objective id {objective!r}.{_suggest(objective, sorted(objectives))}")
    level = raw.get("level")
    if level not in LEVELS:
        fail(f"'level' must be basic or advanced, found {level!r}")
    prompt = str(raw.get("prompt") or "").strip()
    if not prompt:
        fail("needs a 'prompt'")
    explanation = str(raw.get("explanation") or "").strip()
    if kind not in ("free_text",) and not explanation:
        fail("needs an 'explanation' (why the answer is right)")
    hints = raw.get("hints") or []
    if isinstance(hints, str):
        hints = [hints]
    sources = raw.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    for name, values in (("hints", hints), ("sources", sources)):
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            fail(f"'{name}' must be a list of texts; quote an entry that contains ': ' "
                 "so YAML does not read it as a mapping")
    spec: dict[str, Any] = {}

    if kind in ("single_choice", "multiple_select"):
        spec["options"] = _options(raw.get("options"), fail)
        texts = [o.text for o in spec["options"]]
        answer = raw.get("answer")
        if kind == "single_choice":
            if isinstance(answer, list) or answer is None:
                fail("'answer' must be the text of one option")
            if str(answer) not in texts:
                fail(f"answer {answer!r} is not among the options.{_suggest(str(answer), texts)}")
            spec["answer"] = str(answer)
        else:
            if not isinstance(answer, list) or not answer:
                fail("'answer' must be a list of option texts (at least one)")
            for a in answer:
                if str(a) not in texts:
                    fail(f"answer {a!r} is not among the options.{_suggest(str(a), texts)}")
            if len(set(map(str, answer))) == len(texts):
                fail("every option is right; add a distractor")
            spec["answer"] = [str(a) for a in answer]
    elif kind in ("numeric", "code"):
        if kind == "code":
            for key in ("variable", "solution"):
                if not str(raw.get(key) or "").strip():
                    fail(f"a code exercise needs '{key}'")
            spec["variable"] = str(raw["variable"])
            spec["solution"] = str(raw["solution"]).rstrip() + "\n"
            spec["starter"] = str(raw.get("starter") or f"{raw['variable']} = None  # your code here\n")
            if raw.get("check"):
                target = str(raw["check"])
                if ":" not in target:
                    fail("'check' must name a function as 'module:function'")
                spec["check"] = target
                spec["wrong_values"] = list(raw.get("wrong_values") or [])
        if kind == "numeric" or "answer" in raw or not raw.get("check"):
            if "answer" not in raw:
                fail("needs a numeric 'answer'")
            spec["answer"] = _number(raw.get("answer"), "answer", fail)
            unit = raw.get("unit")
            if not unit or not isinstance(unit, str):
                fail("a numeric answer needs a 'unit' (e.g. t CO2e, kWh, percent, dimensionless)")

            try:
                convert(1.0, unit, unit)
            except ValueError:
                fail(f"unit {unit!r} is not a unit pint knows")
            spec["unit"] = unit
            if raw.get("tolerance") is None and raw.get("rel_tolerance") is None:
                fail("a numeric answer needs 'tolerance' (absolute) or 'rel_tolerance' (fraction)")
            for key in ("tolerance", "rel_tolerance"):
                if raw.get(key) is not None:
                    spec[key] = _number(raw[key], key, fail)
                    if spec[key] < 0:
                        fail(f"'{key}' cannot be negative")
            if raw.get("feedback_wrong"):
                spec["feedback_wrong"] = str(raw["feedback_wrong"])
        if raw.get("answer_from") is not None:
            target = str(raw["answer_from"])
            if ":" not in target:
                fail("'answer_from' must name a function as 'module:function'")
            spec["answer_from"] = target
            for key in ("prompt_own", "explanation_own"):
                if not str(raw.get(key) or "").strip():
                    fail(f"a data-bound exercise (answer_from) needs '{key}': the text for a participant's own company")
                spec[key] = str(raw[key]).strip()
    elif kind == "classify":
        cats = raw.get("categories")
        if not isinstance(cats, list) or len(cats) < 2:
            fail("needs 'categories': a list of at least two names")
        cats = [str(c) for c in cats]
        items = raw.get("items")
        if not isinstance(items, list) or len(items) < 2:
            fail("needs 'items': a list of {text, category, feedback}")
        clean = []
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("text"):
                fail(f"item {n} needs 'text' and 'category'")
            cat = str(item.get("category"))
            if cat not in cats:
                fail(f"item {n} ({item['text']!r}): category {cat!r} is not among the categories."
                     + _suggest(cat, cats))
            clean.append({"text": str(item["text"]), "category": cat, "feedback": str(item.get("feedback") or "")})
        texts = [i["text"] for i in clean]
        if len(set(texts)) != len(texts):
            fail("duplicate item text")
        spec.update(categories=cats, items=clean)
    elif kind == "order":
        items = raw.get("items")
        if not isinstance(items, list) or len(items) < 3:
            fail("needs 'items': at least three steps, in the right order")
        items = [str(i) for i in items]
        if len(set(items)) != len(items):
            fail("duplicate step")
        spec["items"] = items
    elif kind == "free_text":
        if not str(raw.get("model_answer") or "").strip():
            fail("a free-text exercise needs a 'model_answer' (shown in solutions)")
        spec["model_answer"] = str(raw["model_answer"]).strip()
        guidance = raw.get("guidance") or []
        spec["guidance"] = [guidance] if isinstance(guidance, str) else [str(g) for g in guidance]
        spec["min_words"] = int(raw.get("min_words") or 0)

    return Exercise(id=ex_id, kind=kind, objective=str(objective), level=level, prompt=prompt,
                    explanation=explanation, title=str(raw.get("title") or ""),
                    hints=[str(h) for h in hints], sources=[str(s) for s in sources],
                    source_file=file, spec=spec)


def load_file(path: Path, objectives: set[str] | None = None) -> list[Exercise]:
    import yaml

    name = path.name
    try:
        # libyaml's safe loader when present: the same documents, five times faster (a command
        # such as `workbook cohort` loads the whole bank at start).
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ContentError(name, f"is not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("exercises"), list):
        raise ContentError(name, "must have a top-level 'exercises:' list")
    return [parse_exercise(raw, name, objectives) for raw in doc["exercises"]]


def check_file(path: Path) -> list[Exercise]:
    """One exercise file, checked as the bank checks it (objectives from the curriculum map)."""
    return load_file(Path(path), set(load_curriculum().objectives))


def load_bank_from(directory: Path, objectives: set[str] | None = None) -> dict[str, Exercise]:
    """Every exercise in ``directory``, keyed by id; duplicate ids are an error."""
    bank: dict[str, Exercise] = {}
    for path in sorted(directory.glob("*.yaml")):
        for ex in load_file(path, objectives):
            if ex.id in bank:
                raise ContentError(path.name, f"duplicate id (also in {bank[ex.id].source_file})",
                                   exercise_id=ex.id)
            bank[ex.id] = ex
    return bank


@lru_cache(maxsize=4)
def _cached_bank(directory: str, stamp: tuple) -> dict[str, Exercise]:
    objectives = set(load_curriculum().objectives)
    return load_bank_from(Path(directory), objectives)


def load_bank(directory: Path | None = None) -> dict[str, Exercise]:
    """The course's exercise bank (cached until a file changes)."""

    d = Path(directory or data_dir() / "exercises")
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(d.glob("*.yaml")))
    return _cached_bank(str(d), stamp)
