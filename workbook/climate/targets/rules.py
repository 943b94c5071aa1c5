"""Target rule sets (SBTi routes) as versioned data files, validated when loaded.

The rates, thresholds and windows live in ``data/climate/targets/<id>.yaml`` with their
sources; this module only reads and checks them, so a new SBTi edition is a new data
file, not a code change. Every problem names the file and the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.errors import ContentError, InputError, Problem
from workbook.i18n import N_, localize, tr
from workbook.language import language
from workbook.paths import data_dir
from workbook.schemas import entry_for, read_document

RULES_SUBDIR = ("climate", "targets")
DEFAULT_RULES = "sbti-aca-floor"
STATUSES = ("current", "legacy", "route")
SCOPE3_REQUIRED = ("when_trigger", "never")


@dataclass(frozen=True)
class ScopeRule:
    """The minimum annual linear rate for one scope, and where it comes from."""

    annual_rate: float | None
    ambition: str
    source: str
    verified: bool
    required: str = "when_trigger"      # scope 3 only: when_trigger | never
    trigger_share: float | None = None  # scope 3 only
    min_coverage: float | None = None   # scope 3 only
    # true where the rate stands in for one the course could not see (e.g. the SME route's
    # predefined percentages): the target it gives is shown as a placeholder, not as the target
    placeholder: bool = False


@dataclass(frozen=True)
class SourcedValue:
    """A rule value (number or text) with its source and verification flag."""

    value: Any
    source: str
    verified: bool
    text: str = ""


@dataclass(frozen=True)
class TimeFrame:
    first_half: tuple[int, int]
    second_half: tuple[int, int]
    text: str
    source: str
    verified: bool

    def window(self, submission_year: int, half: int) -> tuple[int, int]:
        lo, hi = self.first_half if half == 1 else self.second_half
        return submission_year + lo, submission_year + hi


@dataclass(frozen=True)
class SmeEligibility:
    max_scope1_scope2_location_t: float
    min_size_criteria: int
    employees_lt: float
    turnover_eur_lt: float
    assets_eur_lt: float
    text: str
    source: str
    verified: bool
    size_count_verified: bool


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    version: str
    status: str
    criteria: str
    summary: str
    caveat: str
    caveat_source: str
    reference_year: int | None          # None: counted from the base year
    scope12: ScopeRule
    scope3: ScopeRule
    base_year_earliest: SourcedValue
    coverage_scope12_min: SourcedValue
    long_term: SourcedValue             # value = (min_reduction, latest_year)
    time_frame: TimeFrame | None = None
    fixed_target_year: SourcedValue | None = None
    re_alternative: SourcedValue | None = None
    sme: SmeEligibility | None = None
    file: str = ""

    @property
    def unverified(self) -> list[str]:
        """Plain-language list of the rules in this set that are not verified."""
        out = []
        if self.scope12.placeholder:
            out.append(tr("scope 1+2 target: a PLACEHOLDER, not this route's own target"))
        if not self.scope12.verified:
            out.append(tr("scope 1+2 rate: {source}", source=self.scope12.source))
        if not self.scope3.verified:
            out.append(tr("scope 3 rule: {source}", source=self.scope3.source))
        for label, sv in ((N_("earliest base year"), self.base_year_earliest),
                          (N_("scope 1+2 coverage"), self.coverage_scope12_min),
                          (N_("long-term target"), self.long_term),
                          (N_("fixed target year"), self.fixed_target_year),
                          (N_("renewable-electricity alternative"), self.re_alternative)):
            if sv is not None and not sv.verified:
                out.append(f"{tr(label)}: {sv.text or sv.source}")
        if self.time_frame is not None and not self.time_frame.verified:
            out.append(tr("time frame: {source}", source=self.time_frame.source))
        if self.sme is not None and not self.sme.size_count_verified:
            out.append(tr("SME size criteria count ('three or more' on SBTi's page, 'two or more' "
                          "in its Nov 2023 announcement)"))
        return out

    def reference_year_for(self, base_year: int) -> int:
        """The year the linear reduction is counted from (legacy: 2020 for later base years)."""
        if self.reference_year is None:
            return base_year
        return min(base_year, self.reference_year)


def rules_dir() -> Path:
    return data_dir().joinpath(*RULES_SUBDIR)


def available_rules() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


def _parse(raw: Any, file: str) -> RuleSet:
    def fail(problem: str):
        raise ContentError(file, problem)

    if not isinstance(raw, dict):
        fail("a rule set must be a YAML mapping")

    def get(mapping: Any, key: str, kind, where: str, optional: bool = False):
        if not isinstance(mapping, dict):
            fail(f"'{where}' must be a mapping")
        if key not in mapping or mapping[key] is None:
            if optional:
                return None
            fail(f"'{where}.{key}' is missing")
        value = mapping[key]
        if kind is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail(f"'{where}.{key}' must be a number, found {value!r}")
            return float(value)
        if kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                fail(f"'{where}.{key}' must be a whole number, found {value!r}")
            return value
        if kind is bool:
            if not isinstance(value, bool):
                fail(f"'{where}.{key}' must be true or false, found {value!r}")
            return value
        if kind is str:
            if not isinstance(value, str) or not value.strip():
                fail(f"'{where}.{key}' must be non-empty text")
            return value.strip()
        return value

    def fraction(mapping, key, where, optional=False):
        v = get(mapping, key, float, where, optional)
        if v is not None and not 0 <= v <= 1:
            fail(f"'{where}.{key}' must be a fraction between 0 and 1, found {v!r}")
        return v

    top = "rule set"
    rid = get(raw, "id", str, top)
    if Path(file).stem != rid:
        fail(f"'id' ({rid!r}) must equal the file name ({Path(file).stem!r})")
    status = get(raw, "status", str, top)
    if status not in STATUSES:
        fail(f"'status' must be one of {', '.join(STATUSES)}, found {status!r}")
    if get(raw, "method", str, top) != "linear":
        fail("'method' must be 'linear': SBTi absolute contraction is linear, never compounded")
    ref = raw.get("reference_year")
    if ref == "base_year":
        reference_year = None
    elif isinstance(ref, int) and not isinstance(ref, bool) and 1990 <= ref <= 2100:
        reference_year = ref
    else:
        fail(f"'reference_year' must be 'base_year' or a year, found {ref!r}")

    s12 = raw.get("scope12")
    scope12 = ScopeRule(annual_rate=fraction(s12, "annual_rate", "scope12"),
                        ambition=get(s12, "ambition", str, "scope12"),
                        source=get(s12, "source", str, "scope12"),
                        verified=get(s12, "verified", bool, "scope12"),
                        placeholder=bool(get(s12, "placeholder", bool, "scope12", optional=True)))
    s3 = raw.get("scope3")
    required = get(s3, "required", str, "scope3")
    if required not in SCOPE3_REQUIRED:
        fail(f"'scope3.required' must be one of {', '.join(SCOPE3_REQUIRED)}, found {required!r}")
    needs = required == "when_trigger"
    scope3 = ScopeRule(annual_rate=fraction(s3, "annual_rate", "scope3", optional=not needs),
                       ambition=get(s3, "ambition", str, "scope3", optional=True) or "",
                       source=get(s3, "source", str, "scope3"),
                       verified=get(s3, "verified", bool, "scope3"),
                       required=required,
                       trigger_share=fraction(s3, "trigger_share", "scope3", optional=not needs),
                       min_coverage=fraction(s3, "min_coverage", "scope3", optional=not needs))

    by = raw.get("base_year")
    earliest = get(by, "earliest", int, "base_year", optional=True)
    base_year_earliest = SourcedValue(earliest, get(by, "source", str, "base_year"),
                                      get(by, "verified", bool, "base_year"))
    cov = raw.get("coverage")
    coverage = SourcedValue(fraction(cov, "scope12_min", "coverage"),
                            get(cov, "source", str, "coverage"), get(cov, "verified", bool, "coverage"))
    lt = raw.get("long_term")
    long_term = SourcedValue((fraction(lt, "min_reduction", "long_term"),
                              get(lt, "latest_year", int, "long_term")),
                             get(lt, "source", str, "long_term"), get(lt, "verified", bool, "long_term"),
                             get(lt, "text", str, "long_term"))

    time_frame = None
    if raw.get("time_frame") is not None:
        tf = raw["time_frame"]
        if get(tf, "rule", str, "time_frame") != "submission_half":
            fail("'time_frame.rule' must be 'submission_half'")
        halves = []
        for key in ("first_half", "second_half"):
            pair = get(tf, key, list, "time_frame")
            if (len(pair) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
                    or not 0 < pair[0] <= pair[1]):
                fail(f"'time_frame.{key}' must be [min years, max years], found {pair!r}")
            halves.append((pair[0], pair[1]))
        time_frame = TimeFrame(halves[0], halves[1], get(tf, "text", str, "time_frame"),
                               get(tf, "source", str, "time_frame"), get(tf, "verified", bool, "time_frame"))

    fixed = None
    if raw.get("fixed_target_year") is not None:
        fixed = SourcedValue(get(raw, "fixed_target_year", int, top),
                             get(raw, "fixed_target_year_source", str, top), True)
    if time_frame is None and fixed is None:
        fail("needs either 'time_frame' or 'fixed_target_year'")

    re_alt = None
    if raw.get("renewable_electricity_alternative") is not None:
        ra = raw["renewable_electricity_alternative"]
        re_alt = SourcedValue(None, get(ra, "source", str, "renewable_electricity_alternative"),
                              get(ra, "verified", bool, "renewable_electricity_alternative"),
                              get(ra, "text", str, "renewable_electricity_alternative"))
    sme = None
    if raw.get("sme_eligibility") is not None:
        se = raw["sme_eligibility"]
        w = "sme_eligibility"
        sme = SmeEligibility(get(se, "max_scope1_scope2_location_t", float, w),
                             get(se, "min_size_criteria", int, w), get(se, "employees_lt", float, w),
                             get(se, "turnover_eur_lt", float, w), get(se, "assets_eur_lt", float, w),
                             get(se, "text", str, w), get(se, "source", str, w), get(se, "verified", bool, w),
                             get(se, "size_count_verified", bool, w))

    return RuleSet(id=rid, title=get(raw, "title", str, top), version=str(get(raw, "version", str, top)),
                   status=status, criteria=get(raw, "criteria", str, top),
                   summary=get(raw, "summary", str, top), caveat=get(raw, "caveat", str, top),
                   caveat_source=get(raw, "caveat_source", str, top), reference_year=reference_year,
                   scope12=scope12, scope3=scope3, base_year_earliest=base_year_earliest,
                   coverage_scope12_min=coverage, long_term=long_term, time_frame=time_frame,
                   fixed_target_year=fixed, re_alternative=re_alt, sme=sme, file=file)


def parse_rules_file(path: Path) -> RuleSet:
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(path.name, f"not valid YAML: {exc}") from None
    return _parse(raw, path.name)


def parse_rules_text(path: Path) -> RuleSet:
    """A rule set with its wording (the fields ``data/climate/schemas.yaml`` lists under
    ``translate:``) in the current language; rates, years, ids and sources as in the file."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(path.name, f"not valid YAML: {exc}") from None
    if isinstance(raw, dict):
        raw = localize(raw, entry_for(path).translate)
    return _parse(raw, path.name)


@lru_cache(maxsize=None)
def _load_cached(path_str: str, mtime: float, lang: str) -> RuleSet:
    return parse_rules_text(Path(path_str))


def load_rules(name: str = DEFAULT_RULES) -> RuleSet:
    """The rule set called ``name`` (a file in data/climate/targets); clear error if unknown."""
    path = rules_dir() / f"{name}.yaml"
    if not path.is_file():
        import difflib

        names = available_rules()
        close = difflib.get_close_matches(name, names, n=1)
        raise InputError([Problem(tr("unknown rule set {name}", name=repr(name)), column="--rules", value=name,
                                  fix=(tr("did you mean {name}? ", name=repr(close[0])) if close else "")
                                  + tr("choose one of: {choices}", choices=", ".join(names)))],
                         title=tr("Unknown target rules"))
    return _load_cached(str(path), path.stat().st_mtime, language())


# ---------------------------------------------------------------- what changed (2026)
@dataclass(frozen=True)
class UpdateItem:
    title: str
    text: str
    source: str
    verified: bool
    date: str | None = None


def updates_file() -> Path:
    return rules_dir() / "updates" / "sbti_2026.yaml"


def load_updates(path: Path | None = None) -> tuple[str, list[UpdateItem], list[UpdateItem]]:
    """(title, changes, items to confirm in SBTi's tool) from the sourced updates file,
    checked as ``data/climate/schemas.yaml`` declares ``targets/updates/*.yaml``."""
    raw = read_document(path or updates_file(), like=updates_file())

    def item(it: dict, text_key: str) -> UpdateItem:
        date = it.get("date")
        return UpdateItem(it.get("title", ""), " ".join(it[text_key].split()), " ".join(it["source"].split()),
                          it["verified"], date.isoformat() if date else None)

    return (raw["title"], [item(it, "text") for it in raw["changes"]],
            [item(it, "item") for it in raw["confirm"]])
