"""Does the EU Forced Labour Regulation (EU) 2024/3015 cover this product situation?

:func:`check` is a pure function: a :class:`Scenario` in, a :class:`CheckResult` out, with
the reasoning as steps that each cite an article and the rule they apply. The rules,
their articles, sources and the recommended actions are data
(``data/forced_labour/flr/applicability_rules.csv`` and ``actions.csv``); this module only
decides which apply. Where the answer rests on a point the references mark UNVERIFIED,
the result is ``"depends"`` and the step says so, so an open legal question is never
taught as settled.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from workbook.datafiles import RowProblem
from workbook.documents import line_of, strip_lines
from workbook.errors import InputError, Problem
from workbook.forced_labour.flr.facts import application_date, by_id, document
from workbook.i18n import BABEL_LOCALE, N_, tr
from workbook.language import language
from workbook.safeinput import load_yaml

Applies = Literal[True, False, "depends"]
# The machine-readable outcome (DESIGN.md contract for `workbook flr-check --json`): callers read it
# instead of parsing the summary. For an open point it is the cautious reading, and
# ``open_questions`` names what is not settled.
VERDICTS = ("prohibited", "covered_no_evidence", "covered_allowed", "not_yet_applicable", "not_covered")
VERDICT_TEXT = {
    "prohibited": N_("covered, and forced labour is reported: banned from the application date"),
    "covered_no_evidence": N_("covered: you cannot yet show the product is free of forced labour"),
    "covered_allowed": N_("covered: no forced labour found, so it may be sold; keep the evidence ready"),
    "not_yet_applicable": N_("not yet: the prohibition does not apply before its application date"),
    "not_covered": N_("not covered by the prohibition"),
}

COMPANY_SIZES = ("micro", "small", "medium", "large", "unknown")
FORCED_LABOUR_VALUES = ("yes", "no", "unknown")
STAGES = ("raw_material", "processing", "component", "manufacturing", "transport", "unknown")
LOCATIONS = ("outside_eu", "netherlands", "other_eu_country", "unknown")

# name -> (type, default); a default of REQUIRED means the key must be present.
REQUIRED = object()
SCENARIO_FIELDS: dict[str, tuple[str, Any]] = {
    "description": ("text", REQUIRED),
    "is_product": ("bool", REQUIRED),
    "placed_on_eu_market": ("bool", REQUIRED),
    "made_available_in_eu": ("bool", REQUIRED),
    "exported_from_eu": ("bool", REQUIRED),
    "supplied_free_of_charge": ("bool", REQUIRED),
    "reached_end_user": ("bool", REQUIRED),
    "company_size": (COMPANY_SIZES, REQUIRED),
    "forced_labour_in_supply_chain": (FORCED_LABOUR_VALUES, REQUIRED),
    # optional refinements
    "commercial_activity": ("bool", True),
    "online_offer_targets_eu": ("bool", False),
    "bought_in_eu": ("bool", False),
    "second_hand": ("bool", False),
    "first_placed_before_application": ("bool", False),
    "activity_date": ("date", None),
    "forced_labour_stage": (STAGES, "unknown"),
    "forced_labour_location": (LOCATIONS, "unknown"),
}
REQUIRED_KEYS = tuple(k for k, (_, d) in SCENARIO_FIELDS.items() if d is REQUIRED)

FIELD_HELP = {
    "description": N_("a short text saying what the product and the situation are"),
    "is_product": N_("true for goods, false for a service"),
    "placed_on_eu_market": N_("true if the company is the first to supply the product on the EU market"),
    "made_available_in_eu": N_("true if the company supplies the product in the EU (sells, distributes, gives)"),
    "exported_from_eu": N_("true if the company ships the product from the EU to outside the EU"),
    "supplied_free_of_charge": N_("true if the product is given away (samples, give-aways)"),
    "reached_end_user": N_("true if the units concerned are already with the end users"),
    "company_size": N_("one of {choices}"),
    "forced_labour_in_supply_chain": N_("yes, no or unknown"),
    "commercial_activity": N_("false only for a private, non-business supply"),
    "online_offer_targets_eu": N_("true if an online offer targets customers in the EU"),
    "bought_in_eu": N_("true if the company buys the product from another business in the EU and resells it"),
    "second_hand": N_("true for second-hand goods"),
    "first_placed_before_application": N_("true for stock first placed on the market before the application date"),
    "activity_date": N_("the date of the sale or export, as YYYY-MM-DD"),
    "forced_labour_stage": N_("one of {choices}"),
    "forced_labour_location": N_("one of {choices}"),
}


def field_help(key: str) -> str:
    """What a scenario key takes, in the reader's language (the allowed words stay as they are)."""
    kind = SCENARIO_FIELDS[key][0]
    return tr(FIELD_HELP[key], choices=", ".join(kind)) if isinstance(kind, tuple) else tr(FIELD_HELP[key])


@dataclass(frozen=True)
class Scenario:
    """A product situation, in the words of the CLI's YAML keys."""

    description: str
    is_product: bool
    placed_on_eu_market: bool
    made_available_in_eu: bool
    exported_from_eu: bool
    supplied_free_of_charge: bool
    reached_end_user: bool
    company_size: str
    forced_labour_in_supply_chain: str
    commercial_activity: bool = True
    online_offer_targets_eu: bool = False
    bought_in_eu: bool = False
    second_hand: bool = False
    first_placed_before_application: bool = False
    activity_date: dt.date | None = None
    forced_labour_stage: str = "unknown"
    forced_labour_location: str = "unknown"


@dataclass(frozen=True)
class Step:
    """One step of the reasoning: the rule applied, its article and why it matters here."""

    rule: str
    article: str
    reason: str
    verified: bool
    article_verified: bool


@dataclass
class CheckResult:
    """``applies`` answers only "is this activity covered" (true, false, or "depends" on an open
    point of scope); ``verdict`` is the outcome (one of :data:`VERDICTS`); ``open_questions``
    names what the text and guidelines seen so far do not settle (empty when settled)."""

    applies: Applies
    summary: str
    steps: list[Step] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    description: str = ""
    verdict: str = "not_covered"
    open_questions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "applies": self.applies,
            "verdict": self.verdict,
            "open_questions": list(self.open_questions),
            "summary": self.summary,
            "steps": [asdict(s) for s in self.steps],
            "actions": list(self.actions),
        }


# ---------------------------------------------------------------- parsing and validation
def _coerce(key: str, value: Any, kind: Any, file: str | None) -> tuple[Any, Problem | None]:
    def bad(msg: str) -> tuple[Any, Problem]:
        return None, Problem(msg, file=file, column=key, value=value, fix=f"{key}: {field_help(key)}")

    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            return bad(tr("must be a non-empty text"))
        return value.strip(), None
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return value.strip().lower() in ("true", "yes"), None
        return bad(tr("must be true or false"))
    if kind == "date":
        if isinstance(value, dt.datetime):
            return bad(tr("must be a date (YYYY-MM-DD), without a time"))
        if value is None or isinstance(value, dt.date):
            return value, None
        if not isinstance(value, str) or len(value) > 40:
            return bad(tr("must be a date"))
        try:
            return dt.date.fromisoformat(str(value)), None
        except ValueError:
            return bad(tr("must be a date"))
    # a tuple of allowed words; YAML 1.1 reads bare yes/no as booleans, so map them back
    if isinstance(value, bool) and "yes" in kind:
        value = "yes" if value else "no"
    text = str(value).strip().lower() if value is not None else ""
    if text in kind:
        return text, None
    close = difflib.get_close_matches(text, kind, n=1)
    hint = tr(" (did you mean '{value}'?)", value=close[0]) if close else ""
    return bad(tr("is not an allowed value") + hint)


def parse_scenario(raw: Any, file: str | None = None) -> Scenario:
    """Check a scenario mapping and return a :class:`Scenario`; all problems are raised at once.

    A missing key or an unknown (mistyped) key is named, with the closest valid key.
    """
    if not isinstance(raw, dict):
        raise InputError([Problem(tr("the scenario must be a set of 'key: value' lines"),
                                  file=file, value=type(raw).__name__,
                                  fix=tr("start from a sample in data/forced_labour/flr/scenarios/"))],
                         title=tr("The scenario cannot be read"))
    problems: list[Problem] = []
    valid = list(SCENARIO_FIELDS)
    for key in raw:
        if key not in SCENARIO_FIELDS:
            close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.5)
            fix = (tr("did you mean '{key}'?", key=close[0]) if close else
                   tr("valid keys: {keys}", keys=", ".join(valid)))
            problems.append(Problem(tr("unknown key '{key}'", key=key), file=file, column=str(key), fix=fix))
    for key in REQUIRED_KEYS:
        if key not in raw:
            problems.append(Problem(tr("missing key '{key}'", key=key), file=file, column=key,
                                    fix=tr("add '{key}:' ({help})", key=key, help=field_help(key))))
    values: dict[str, Any] = {}
    for key, (kind, default) in SCENARIO_FIELDS.items():
        if key not in raw:
            if default is not REQUIRED:
                values[key] = default
            continue
        value, problem = _coerce(key, raw[key], kind, file)
        if problem:
            problems.append(problem)
        values[key] = value
    if problems:
        raise InputError(problems, title=tr("The scenario has problems"))
    return Scenario(**values)


# ---------------------------------------------------------------- the reasoning
def _step(rules: dict, rule_id: str, situation: str) -> Step:
    r = rules[rule_id]
    text = r["rule"].rstrip(".")
    if situation.endswith(":"):
        text = text[0].lower() + text[1:]
    reason = f"{situation} {text}." if situation else f"{text}."
    if not r["verified"]:
        reason += tr(" (UNCONFIRMED: not seen in the Regulation's text or guidelines.)")
    return Step(rule=rule_id, article=r["article"], reason=reason, verified=r["verified"],
                article_verified=r["article_verified"])


def long_date(day: dt.date) -> str:
    """14 December 2027 / 14 december 2027."""
    from babel.dates import format_date

    if language() == "en":
        return f"{day:%d %B %Y}"
    return format_date(day, format="d MMMM y", locale=BABEL_LOCALE[language()])


def check(s: Scenario) -> CheckResult:
    """Decide whether the FLR prohibition can apply to the situation, step by step."""
    rules = by_id("applicability_rules.csv", key="rule_id")
    action_text = {k: v["action"] for k, v in by_id("actions.csv").items()}
    steps: list[Step] = []
    actions: list[str] = []

    def act(*ids: str) -> None:
        for i in ids:
            if action_text[i] not in actions:
                actions.append(action_text[i])

    def done(applies: Applies, summary: str, verdict: str, open_questions: list[str] | None = None) -> CheckResult:
        return CheckResult(applies, summary, steps, actions, s.description, verdict, list(open_questions or []))

    if not s.is_product:
        steps.append(_step(rules, "A0", tr("This is a service, not a product.")))
        steps.append(_step(rules, "A5", ""))
        act("not_product")
        return done(False, tr("Not covered: the FLR is about products, not services."), "not_covered")

    made_available = s.made_available_in_eu or s.online_offer_targets_eu
    if s.online_offer_targets_eu:
        steps.append(_step(rules, "A4", tr("The online offer targets customers in the EU.")))
        act("online_targeting")
    if s.supplied_free_of_charge:
        steps.append(_step(rules, "A1F", tr("The product is supplied free of charge.")))
        act("free_samples")
    placed = s.placed_on_eu_market
    if not s.commercial_activity:
        steps.append(_step(rules, "A1C", tr("The supply is not part of a business activity.")))
        steps.append(_step(rules, "A11", tr("Whether a given sale is commercial depends on the facts:")))
        placed = made_available = False
        act("not_commercial")
    activities = [tr(name) for name, on in ((N_("placing on the EU market"), placed),
                                            (N_("making available in the EU"), made_available),
                                            (N_("export from the EU"), s.exported_from_eu)) if on]
    if not activities:
        if not s.commercial_activity:
            return done(False, tr("Not covered: a supply outside any commercial activity is not "
                                  "'making available'."), "not_covered")
        if s.reached_end_user:
            steps.append(_step(rules, "A6", tr("The units are already with the end users.")))
            act("end_users")
            return done(False, tr("Not covered: products that reached end users are not withdrawn, "
                                  "and nothing is supplied further."), "not_covered")
        steps.append(_step(rules, "A1", tr("None of the three activities takes place here.")))
        act("none_of_three")
        return done(False, tr("Not covered: the product is not placed on, made available on or "
                              "exported from the EU market."), "not_covered")
    steps.append(_step(rules, "A1", tr("This situation involves: {activities}.", activities=", ".join(activities))))
    steps.append(_step(rules, "A2", ""))
    if s.exported_from_eu:
        steps.append(_step(rules, "A1E", tr("The company exports the product from the EU:")))
        act("export_covered")
    # Why a company that does not place the product is still covered: each situation its own reason.
    if not placed and s.bought_in_eu:
        steps.append(_step(rules, "A10", tr("The company buys the product from another business in the EU and "
                                            "resells it, so it is not the first to supply it:")))
        act("economic_operator")
    elif not placed and s.made_available_in_eu and s.commercial_activity:
        steps.append(_step(rules, "A10", tr("This is not the first supply of the product on the EU market (it was "
                                            "placed there before), and every later supply is making it available:")))
        act("economic_operator")

    depends: list[str] = []
    start = application_date()
    if s.activity_date is not None and s.activity_date < start:
        steps.append(_step(rules, "A14", tr("The activity takes place on {date}.", date=s.activity_date.isoformat())))
        act("before_application", "map_chain")
        return done(False, tr("Not yet: the prohibition applies from {date}; the same situation after that date is "
                              "covered.", date=long_date(start)), "not_yet_applicable")
    if s.first_placed_before_application:
        steps.append(_step(rules, "A13", tr("The stock was first placed on the market before the application date.")))
        act("stock_check")
        depends.append(tr("stock placed before the application date"))
    if s.second_hand:
        steps.append(_step(rules, "A12", tr("The product is second-hand.")))
        act("second_hand")
        depends.append(tr("second-hand goods"))
    if s.reached_end_user:
        steps.append(_step(rules, "A6", tr("Some units are already with end users.")))
        act("end_users")

    size = tr({"unknown": N_("The company's size is not known, and it does not matter:"),
               "micro": N_("The company is micro-sized, and size does not matter:"),
               "small": N_("The company is small-sized, and size does not matter:"),
               "medium": N_("The company is medium-sized, and size does not matter:"),
               "large": N_("The company is large-sized, and size does not matter:")}[s.company_size])
    steps.append(_step(rules, "A3", size))
    if s.company_size in ("micro", "small", "medium"):
        act("sme_proportionality")

    fl = s.forced_labour_in_supply_chain
    open_ban: list[str] = []  # open questions about the ban, not about the scope
    if fl != "no":
        if s.forced_labour_stage == "transport":
            steps.append(_step(rules, "A9", tr("The activity is covered; the (suspected) forced labour is only in "
                                               "transport, and whether that makes the product banned is open:")))
            act("transport")
            open_ban.append(tr("forced labour only in transport"))
        else:
            where = {"component": N_("in a component"), "raw_material": N_("in the raw material"),
                     "processing": N_("in processing"), "manufacturing": N_("in manufacturing")}.get(
                s.forced_labour_stage, N_("somewhere in the supply chain"))
            steps.append(_step(rules, "A8", tr("Forced labour is reported {where}.", where=tr(where)) if fl == "yes"
                               else tr("Forced labour cannot be ruled out {where}.", where=tr(where))))
        if s.forced_labour_location != "unknown":
            where = {"outside_eu": N_("The suspected forced labour is outside the EU."),
                     "netherlands": N_("The suspected forced labour is in the Netherlands (the Dutch competent "
                                       "authority was not yet designated when last checked: see RVO)."),
                     "other_eu_country": N_("The suspected forced labour is in another EU country.")}
            steps.append(_step(rules, "A15", tr(where[s.forced_labour_location])))
    steps.append(_step(rules, "A7", ""))
    if fl == "yes":
        act("stop_and_remediate", "map_chain")
    elif fl == "unknown":
        act("unknown_risk", "map_chain")
    else:
        act("keep_evidence")
    act("due_diligence")

    # the outcome if the open points are read cautiously (as covered)
    verdict = {"yes": "prohibited", "unknown": "covered_no_evidence", "no": "covered_allowed"}[fl]
    if open_ban and verdict == "prohibited":
        verdict = "covered_no_evidence"  # a ban is not established while its basis is open
    if depends:
        return done("depends", tr("Open point: it depends on {points}, which the Regulation's text and guidelines "
                                  "seen so far do not settle. Put it on your list of questions for the experts.",
                                  points=tr(" and ").join(depends + open_ban)), verdict, depends + open_ban)
    if open_ban:
        return done(True, tr("Covered: the product is in scope. Forced labour is reported only in transport; whether "
                             "that makes the product banned is not settled by the text and guidelines seen so far. "
                             "Put it on your list of questions for the experts, and address it in your due diligence "
                             "anyway."), verdict, open_ban)
    summaries = {
        "yes": N_("Covered, and forced labour is reported: from the application date this product "
                  "may not be placed, made available or exported."),
        "unknown": N_("Covered: you cannot yet show the product is free of forced labour."),
        "no": N_("Covered: the prohibition applies to this product; with no forced labour in its "
                 "supply chain it may be sold, but keep the evidence ready."),
    }
    return done(True, tr(summaries[fl]), verdict)


def check_dict(raw: dict[str, Any], file: str | None = None) -> CheckResult:
    """Parse and check in one call (what the CLI and the wizard use)."""
    return check(parse_scenario(raw, file=file))


def load_scenario_file(path) -> dict[str, Any]:
    """Read a scenario YAML file safely (see :func:`workbook.safeinput.load_yaml`: size, encoding,
    anchors, nesting, duplicate keys, impossible dates); unreadable files become an InputError,
    never a traceback."""
    raw = load_yaml(path, title="Cannot read the scenario",
                    missing=Problem("file not found", file=str(path), fix="give the path of a scenario .yaml file"))
    if raw is None:
        raw = {}
    return raw


def check_scenario_file(path) -> Scenario:
    """A sample scenario file, checked as ``workbook flr-check`` reads it (InputError if wrong)."""
    return parse_scenario(load_scenario_file(path), file=Path(path).name)


def case_rules(data: dict) -> list[RowProblem]:
    """scenario_cases.yaml: each case's scenario is one that ``workbook flr-check`` accepts."""
    out = []
    for case in data["cases"]:
        try:
            parse_scenario(strip_lines(case["scenario"]), file=f"case {case['id']}")
        except InputError as exc:
            out.append(RowProblem(line_of(case, "scenario"), "; ".join(str(p) for p in exc.problems),
                                  where=f"cases item '{case['id']}'"))
    return out


def load_cases() -> list[dict[str, Any]]:
    """The scenario cases with defended answers (``data/forced_labour/flr/scenario_cases.yaml``).

    The file is checked as declared, each case's scenario against the scenario schema, so a
    typo in the content fails with its line and the case id.
    """
    return [dict(c) for c in document("scenario_cases.yaml")["cases"]]
