"""Exercises as data, and how each kind judges a response.

Pure functions only: no widgets here. Each kind knows its reference answer and a set of
wrong answers, so the content can be checked both ways by the test suite (a typo in
content fails the build, not a participant).
"""
from __future__ import annotations

import hashlib
import importlib
import math
import random
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from workbook.i18n import N_, catalogue, tr, translate
from workbook.language import language
from workbook.paths import data_cache
from workbook.units import convert

KINDS = ("single_choice", "multiple_select", "numeric", "classify", "order", "free_text", "code")
LEVELS = ("basic", "advanced")


@dataclass(frozen=True)
class Verdict:
    """The judgement of one response: ``correct`` is None when nothing is graded."""

    correct: bool | None
    message: str
    details: tuple[str, ...] = ()
    answered: bool = True


GIVE_AN_ANSWER = N_("Give an answer first, then press Check.")


def not_answered() -> Verdict:
    """The verdict on an empty response, in the reader's language (made when shown)."""
    return Verdict(None, tr(GIVE_AN_ANSWER), answered=False)


@data_cache(maxsize=4)
def _trimmed_wording() -> dict[str, str]:
    return {k.strip(): v.strip() for k, v in catalogue().items()}


def wording(text: str) -> str:
    """An exercise's text (prompt, option, feedback, hint, ...) in the reader's language.

    The bank keeps the English: it is what is judged and stored. The loader trims some texts
    (a prompt loses the line break YAML keeps), so a text is also looked up trimmed.
    """
    if not text or language() == "en":
        return text
    out = translate(text)
    if out != text:
        return out
    return _trimmed_wording().get(text.strip(), text)


def number_text(value: float) -> str:
    """A number as a participant reads it (``12.5``; ``12,5`` in Dutch), as short as ``:g`` writes it."""
    out = f"{value:g}"
    return out.replace(".", ",") if language() == "nl" else out


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str = ""


@dataclass
class Exercise:
    """Fields common to every kind; ``spec`` holds the kind-specific fields."""

    id: str
    kind: str
    objective: str
    level: str
    prompt: str
    explanation: str = ""
    title: str = ""
    hints: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    source_file: str = ""
    spec: dict[str, Any] = field(default_factory=dict)

    # --- the kind-specific behaviour -------------------------------------------------
    def judge(self, response: Any) -> Verdict:
        """Judge a participant's response; never raises on an empty or odd response."""
        return JUDGES[self.kind](self, response)

    def reference(self) -> Any:
        """The response a participant would give to be right (for checks and solutions)."""
        return REFERENCES[self.kind](self)

    def wrong_responses(self) -> list[Any]:
        """Responses that must be judged wrong: every distractor, or perturbed values."""
        return WRONGS[self.kind](self)

    # --- helpers used by widgets and renderers ---------------------------------------
    @property
    def options(self) -> list[Option]:
        return self.spec.get("options", [])

    def shuffled(self, items: list[Any], seed: str | None = None) -> list[Any]:
        """A stable shuffle of classify or order items, per participant (``seed``) and exercise;
        with no seed (solutions) per exercise only. Never the authored (answer) order."""
        out = list(items)
        _rng(seed, self.id, "items").shuffle(out)
        if len(out) > 1 and out == list(items):  # never show the answer order
            out = out[1:] + out[:1]
        return out

    @property
    def data_bound(self) -> bool:
        """Judged on the company the notebook shows (``answer_from``), not on a fixed answer only."""
        return bool(self.spec.get("answer_from"))

    def bound_to(self, company: Any) -> Exercise:
        """This exercise for a participant's own company: the answer computed from that company
        by ``answer_from``, with the texts written for it. The sample keeps its fixed answer."""
        if not self.data_bound or company is None:
            return self
        module, _, name = self.spec["answer_from"].partition(":")
        value = float(getattr(importlib.import_module(module), name)(company))
        return replace(self, prompt=self.spec["prompt_own"], explanation=self.spec["explanation_own"],
                       spec={**self.spec, "answer": value})

    def right_texts(self) -> list[str]:
        """The option texts that are right (single choice: one; multiple select: all of them)."""
        answer = self.spec.get("answer")
        return [answer] if self.kind == "single_choice" else list(answer or [])

    def display_options(self, seed: str | None = None) -> list[Option]:
        """The options in the order a participant sees them.

        Authored order leaks the answer (it is usually first), so the order is shuffled per
        participant and exercise, the same after every restart. The first right option is
        placed at a position that depends on the exercise and the participant, so that across
        the bank the right answer is spread over every position for every participant
        (independent shuffles would let one position hold most right answers by chance).
        Solutions use no seed: byte-identical builds.
        """
        options = list(self.options)
        if len(options) < 2:
            return options
        rng = _rng(seed, self.id, "options")
        rng.shuffle(options)
        right = set(self.right_texts())
        first = next((i for i, o in enumerate(options) if o.text in right), None)
        if first is None:
            return options
        target = (_stable_int(f"position:{self.id}") + _participant_offset(seed)) % len(options)
        shift = (first - target) % len(options)
        return options[shift:] + options[:shift]


def _stable_int(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)


def _participant_offset(seed: str | None) -> int:
    return 0 if not seed else _stable_int(f"participant:{seed}") % 720720  # divisible by every option count up to 16


def _rng(seed: str | None, exercise_id: str, purpose: str) -> random.Random:
    return random.Random(_stable_int(f"{seed or ''}:{exercise_id}:{purpose}"))


# ---------------------------------------------------------------------- choice kinds
def _judge_single(ex: Exercise, response: Any) -> Verdict:
    if response in (None, ""):
        return not_answered()
    chosen = next((o for o in ex.options if o.text == response), None)
    if chosen is None:
        return Verdict(False, tr("'{answer}' is not one of the options.", answer=response))
    ok = chosen.text == ex.spec["answer"]
    return Verdict(ok, wording(chosen.feedback) or (tr("Correct.") if ok else tr("Not quite.")))


def _judge_multiple(ex: Exercise, response: Any) -> Verdict:
    chosen = set(response or ())
    if not chosen:
        return not_answered()
    right = set(ex.spec["answer"])
    # Feedback on every option the participant picked; missed ones are only counted,
    # so the feedback does not give the answer away.
    details = []
    for o in ex.options:
        if o.text in chosen:
            ok_pick = o.text in right
            why = wording(o.feedback) or (tr("This one belongs.") if ok_pick else tr("This one does not belong."))
            details.append(("✔ " if ok_pick else "✘ ") + f"{wording(o.text)}: {why}")
    missed = len(right - chosen)
    wrong = len(chosen - right)
    ok = not missed and not wrong
    if ok:
        msg = tr("Correct: you found all of them.")
    else:
        parts = []
        if wrong:
            parts.append(tr("{n} of your choices does not belong", n=wrong) if wrong == 1
                         else tr("{n} of your choices do not belong", n=wrong))
        if missed:
            parts.append(tr("{n} right answer is still missing", n=missed) if missed == 1
                         else tr("{n} right answers are still missing", n=missed))
        problems = parts[0] if len(parts) == 1 else tr("{first} and {second}", first=parts[0], second=parts[1])
        msg = tr("Not yet: {problems}.", problems=problems)
    return Verdict(ok, msg, tuple(details))


def _wrong_single(ex: Exercise) -> list[Any]:
    return [o.text for o in ex.options if o.text != ex.spec["answer"]]


def _wrong_multiple(ex: Exercise) -> list[Any]:
    right = list(ex.spec["answer"])
    wrongs: list[list[str]] = []
    if len(right) > 1:
        wrongs += [[r for r in right if r != leave_out] for leave_out in right]
    wrongs += [right + [o.text] for o in ex.options if o.text not in right]
    return wrongs


# ---------------------------------------------------------------------- numeric kinds
_NUMBER = re.compile(r"^\s*([-+]?(?:\d{1,3}(?:[ .,]\d{3})+|\d+)(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*(.*)$")


_GROUPED = re.compile(r"-?\d{1,3}[.,]\d{3}")  # one group of thousands: 11.941 or 11,941


def parse_quantity(text: Any, unit: str) -> tuple[float | None, str | None]:
    """Read a participant's number, with a decimal comma or a unit; return (value, error).

    ``12,5`` and ``12.5`` are the same number; ``12500 kg CO2e`` is converted to ``unit``.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return (float(text), None) if math.isfinite(text) else (None, tr("That is not a finite number."))
    s = str(text or "").strip().replace("\u2212", "-")
    if not s:
        return None, None
    m = _NUMBER.match(s)
    if not m:
        return None, tr("'{text}' is not a number. Type digits, e.g. 12.5 or 12,5.", text=s)
    num, rest = m.group(1), m.group(2).strip()
    if "," in num and "." in num:  # 1.234,5 (Dutch) or 1,234.5 (English)
        num = num.replace(".", "").replace(",", ".") if num.rfind(",") > num.rfind(".") else num.replace(",", "")
    else:
        num = num.replace(" ", "")
        if num.count(",") == 1:
            num = num.replace(",", ".")
        elif num.count(".") > 1:
            num = num.replace(".", "")
    value = float(num)
    if not rest or rest == "%" and unit in ("percent", "%"):
        return value, None

    try:
        return convert(value, rest, unit), None
    except ValueError as exc:
        return None, str(exc)


def _close(ex: Exercise, value: float) -> bool:
    answer = float(ex.spec["answer"])
    tol = float(ex.spec.get("tolerance") or 0.0)
    rel = float(ex.spec.get("rel_tolerance") or 0.0)
    return abs(value - answer) <= max(tol, rel * abs(answer)) + 1e-12


def unit_label(unit: str) -> str:
    return {"percent": "%", "dimensionless": ""}.get(unit, unit)


def _judge_numeric(ex: Exercise, response: Any) -> Verdict:
    value, error = parse_quantity(response, ex.spec["unit"])
    if error:
        return Verdict(False, error)
    if value is None:
        return not_answered()
    unit = unit_label(ex.spec["unit"])
    shown = f"{number_text(value)} {unit}".rstrip()
    if _close(ex, value):
        return Verdict(True, tr("Correct: {value}.", value=shown))
    answer = float(ex.spec["answer"])
    hint = wording(ex.spec.get("feedback_wrong") or "")
    if isinstance(response, str) and _GROUPED.fullmatch(response.strip().split(" ")[0]) and _close(ex, value * 1000):
        # "11.941" for 11941: a thousands separator, read as the decimal mark it also is
        return Verdict(False, tr("Did you mean {value}? Type the number without a thousands separator: a dot "
                                 "or a comma is read as the decimal mark.", value=number_text(value * 1000)))
    if answer and abs(value / answer - 1000) < 1 or answer and abs(value / answer - 0.001) < 1e-3:
        hint = hint or tr("Check your units: you are off by a factor of 1,000.")
    message = (tr("Not yet: {value} is too high.", value=shown) if value > answer
               else tr("Not yet: {value} is too low.", value=shown))
    return Verdict(False, f"{message} {hint}".strip())


def _ref_numeric(ex: Exercise) -> Any:
    return float(ex.spec["answer"])


def _wrong_numeric(ex: Exercise) -> list[Any]:
    answer = float(ex.spec["answer"])
    tol = max(float(ex.spec.get("tolerance") or 0.0), float(ex.spec.get("rel_tolerance") or 0.0) * abs(answer))
    step = 3 * tol if tol else max(abs(answer) * 0.05, 1.0)
    return [answer + step, answer - step, answer * 10 if answer else 1.0]


# ---------------------------------------------------------------------- classify
def _judge_classify(ex: Exercise, response: Any) -> Verdict:
    response = dict(response or {})
    items = ex.spec["items"]
    if not any(response.get(i["text"]) for i in items):
        return not_answered()
    details, right = [], 0
    for item in items:
        given = response.get(item["text"])
        ok = given == item["category"]
        right += ok
        if given:
            why = wording(item.get("feedback") or "") or (
                tr("It belongs in '{category}'.", category=wording(item["category"])) if not ok else "")
            details.append(("✔ " if ok else "✘ ") + f"{wording(item['text'])} → {wording(str(given))}"
                           + (f": {why}" if why else ""))
        else:
            details.append("… " + tr("{item}: not placed yet", item=wording(item["text"])))
    ok = right == len(items)
    msg = (tr("Correct: every item is in the right place.") if ok
           else tr("Not yet: {right} of {total} placed correctly.", right=right, total=len(items)))
    return Verdict(ok, msg, tuple(details))


def _ref_classify(ex: Exercise) -> Any:
    return {i["text"]: i["category"] for i in ex.spec["items"]}


def _wrong_classify(ex: Exercise) -> list[Any]:
    ref = _ref_classify(ex)
    wrongs = []
    for item in ex.spec["items"]:
        for cat in ex.spec["categories"]:
            if cat != item["category"]:
                wrongs.append({**ref, item["text"]: cat})
                break
    return wrongs


# ---------------------------------------------------------------------- order
def _judge_order(ex: Exercise, response: Any) -> Verdict:
    given = list(response or [])
    items = list(ex.spec["items"])
    if not given:
        return not_answered()
    if sorted(given) != sorted(items):
        return Verdict(False, tr("Place every step exactly once."))
    right = sum(g == i for g, i in zip(given, items))
    if right == len(items):
        return Verdict(True, tr("Correct: that is the right order."))
    details = tuple(("✔ " if g == i else "✘ ") + f"{n}. {wording(g)}"
                    for n, (g, i) in enumerate(zip(given, items), 1))
    return Verdict(False, tr("Not yet: {right} of {total} steps are in the right place.", right=right,
                             total=len(items)), details)


def _wrong_order(ex: Exercise) -> list[Any]:
    items = list(ex.spec["items"])
    wrongs = []
    for k in range(len(items) - 1):
        w = list(items)
        w[k], w[k + 1] = w[k + 1], w[k]
        wrongs.append(w)
    return wrongs


# ---------------------------------------------------------------------- free text
def _judge_free(ex: Exercise, response: Any) -> Verdict:
    text = str(response or "").strip()
    if not text:
        return not_answered()
    words = len(text.split())
    need = int(ex.spec.get("min_words") or 0)
    if words < need:
        return Verdict(None, tr("Saved. Write a little more ({words} of at least {need} words) to get the most "
                                "out of it.", words=words, need=need))
    guidance = ex.spec.get("guidance") or []
    return Verdict(None, tr("Saved. Not graded: compare your answer with these points."),
                   tuple(wording(g) for g in guidance))


# ---------------------------------------------------------------------- code
def _check_function(ex: Exercise) -> Callable[[Any], tuple[bool, str]] | None:
    target = ex.spec.get("check")
    if not target:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _judge_code(ex: Exercise, response: Any) -> Verdict:
    if response is None or response is Ellipsis or (isinstance(response, str) and not response.strip()):
        return Verdict(None, tr("Compute `{variable}` in the cell above, then run it.", variable=ex.spec["variable"]),
                       answered=False)
    fn = _check_function(ex)
    if fn is not None:
        try:
            ok, message = fn(response)
        except Exception as exc:  # a participant's odd value must never crash the check
            return Verdict(False, tr("That value could not be checked: {problem}", problem=exc))
        return Verdict(bool(ok), wording(message))
    try:
        value = float(response)
    except (TypeError, ValueError):
        return Verdict(False, tr("`{variable}` should be a number, not {type}.", variable=ex.spec["variable"],
                                 type=type(response).__name__))
    return _judge_numeric(ex, value)


def run_solution(ex: Exercise, scope: dict[str, Any] | None = None) -> Any:
    """Execute the reference solution and return the value it computes; ``scope`` gives it the
    names the notebook has (e.g. ``company`` for a data-bound exercise)."""
    scope = dict(scope or {})
    exec(compile(ex.spec["solution"], f"<solution {ex.id}>", "exec"), scope)  # noqa: S102 (our own content)
    return scope[ex.spec["variable"]]


def _ref_code(ex: Exercise) -> Any:
    if ex.data_bound:  # its solution reads the notebook's company; the tests run it with the sample
        return ex.spec["answer"]
    return run_solution(ex)


def _wrong_code(ex: Exercise) -> list[Any]:
    if "answer" in ex.spec:
        return _wrong_numeric(ex)
    return list(ex.spec.get("wrong_values") or [])


JUDGES: dict[str, Callable[[Exercise, Any], Verdict]] = {
    "single_choice": _judge_single,
    "multiple_select": _judge_multiple,
    "numeric": _judge_numeric,
    "classify": _judge_classify,
    "order": _judge_order,
    "free_text": _judge_free,
    "code": _judge_code,
}
REFERENCES: dict[str, Callable[[Exercise], Any]] = {
    "single_choice": lambda ex: ex.spec["answer"],
    "multiple_select": lambda ex: list(ex.spec["answer"]),
    "numeric": _ref_numeric,
    "classify": _ref_classify,
    "order": lambda ex: list(ex.spec["items"]),
    "free_text": lambda ex: ex.spec.get("model_answer", ""),
    "code": _ref_code,
}
WRONGS: dict[str, Callable[[Exercise], list[Any]]] = {
    "single_choice": _wrong_single,
    "multiple_select": _wrong_multiple,
    "numeric": _wrong_numeric,
    "classify": _wrong_classify,
    "order": _wrong_order,
    "free_text": lambda ex: [],
    "code": _wrong_code,
}
