"""Business as usual, SBTi targets and the gap, from a company's base-year footprint.

Pure functions over a small explicit :class:`Baseline`. Emissions are kept per *bucket*:
``scope1``, ``scope2_location``, ``scope2_market`` and ``scope3.1`` .. ``scope3.15``
(t CO2e). Scope 1+2 totals use one scope 2 basis (market-based by default), stated in
every result. Target pathways are linear (the same tonnes every year), never compounded.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from workbook.climate.footprint import SCOPE3_CATEGORIES
from workbook.climate.targets.rules import RuleSet
from workbook.errors import InputError, Problem
from workbook.i18n import N_, number, percent, tr

BUCKETS = ("scope1", "scope2_location", "scope2_market") + tuple(f"scope3.{c}" for c in SCOPE3_CATEGORIES)
SCOPE2_BASES = ("market", "location")
GROWTH_MIN, GROWTH_MAX = -0.5, 0.5


# ---------------------------------------------------------------- baseline
@dataclass(frozen=True)
class Baseline:
    """Base-year emissions in t CO2e; optional company facts used by the SME route."""

    base_year: int
    scope1: float
    scope2_location: float
    scope2_market: float
    scope3: Mapping[int, float] = field(default_factory=dict)
    company: str | None = None
    sector: str | None = None
    employees: float | None = None
    turnover_eur: float | None = None
    assets_eur: float | None = None
    # t CO2e per activity within a bucket ("scope3.4" -> {"air_freight_tkm": 131.9, ...}), when the
    # footprint gives it: the source of a lever's company-specific affected share.
    activity_t: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = []
        if isinstance(self.base_year, bool) or not isinstance(self.base_year, int) or not 1990 <= self.base_year <= 2100:
            problems.append(Problem(tr("the base year must be a whole year such as 2024"), column="base_year",
                                    value=self.base_year, fix=tr("give the reporting year of the footprint")))
        for name in ("scope1", "scope2_location", "scope2_market"):
            v = getattr(self, name)
            if not _is_amount(v):
                problems.append(Problem(tr("emissions must be a number of t CO2e, zero or more"), column=name,
                                        value=v, fix=tr("enter the base-year emissions in t CO2e")))
        for cat, v in dict(self.scope3).items():
            if cat not in SCOPE3_CATEGORIES:
                problems.append(Problem(tr("scope 3 categories are numbered 1 to 15"), column="scope3",
                                        value=cat, fix=tr("use the GHG Protocol category number")))
            elif not _is_amount(v):
                problems.append(Problem(tr("scope 3 category {cat} must be t CO2e, zero or more", cat=cat),
                                        column=f"scope3.{cat}", value=v, fix=tr("enter a number of t CO2e")))
        if problems:
            raise InputError(problems, title=tr("The baseline has problems"))

    def buckets(self) -> dict[str, float]:
        out = {"scope1": float(self.scope1), "scope2_location": float(self.scope2_location),
               "scope2_market": float(self.scope2_market)}
        for c in SCOPE3_CATEGORIES:
            out[f"scope3.{c}"] = float(self.scope3.get(c, 0.0))
        return out

    @property
    def scope3_total(self) -> float:
        return float(sum(self.scope3.values()))


MAX_AMOUNT_T = 1e12  # t CO2e: a bound on a typing mistake, far above any company's footprint


def _is_amount(v) -> bool:
    return (not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)
            and 0 <= v <= MAX_AMOUNT_T)


def baseline_from_footprint_json(d: Mapping, *, file: str | None = None, **company) -> Baseline:
    """Build a :class:`Baseline` from the dict written by ``workbook footprint --json``.

    Keys used: ``reporting_year`` (the base year), ``scope1``, ``scope2_location``,
    ``scope2_market``, ``scope3`` (keyed "1".."15"; missing or null = 0); the totals, when
    present, must agree with the parts (within 1 t). ``company`` passes optional facts
    (company, sector, employees, turnover_eur, assets_eur).
    """
    problems: list[Problem] = []
    if not isinstance(d, Mapping):
        raise InputError([Problem(tr("a footprint must be a JSON object"), file=file, value=type(d).__name__,
                                  fix=tr("pass the output of `workbook footprint IN --json`"))],
                         title=tr("Not a footprint"))

    def need(key: str):
        if key not in d:
            problems.append(Problem(tr("the key '{key}' is missing", key=key), file=file, column=key,
                                    fix=tr("pass the output of `workbook footprint IN --json`")))
            return None
        return d[key]

    year = need("reporting_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        if isinstance(year, str) and year.strip().isdigit() and len(year.strip()) <= 4:
            year = int(year)
        else:
            problems.append(Problem(tr("the reporting year must be a whole year"), file=file,
                                    column="reporting_year", value=year, fix=tr("e.g. {example}", example=2024)))
    values = {}
    for key in ("scope1", "scope2_location", "scope2_market"):
        v = need(key)
        if v is not None and not _is_amount(v):
            problems.append(Problem(tr("must be a number of t CO2e, zero or more"), file=file, column=key,
                                    value=v, fix=tr("recompute the footprint")))
        values[key] = v
    s3raw = need("scope3")
    scope3: dict[int, float] = {}
    if s3raw is not None:
        if not isinstance(s3raw, Mapping):
            problems.append(Problem(tr("'scope3' must be an object keyed by category '1'..'15'"), file=file,
                                    column="scope3", value=type(s3raw).__name__, fix=tr("recompute the footprint")))
        else:
            for k, v in s3raw.items():
                try:
                    cat = int(str(k))
                except ValueError:
                    cat = None
                if cat not in SCOPE3_CATEGORIES:
                    problems.append(Problem(tr("scope 3 keys must be category numbers '1'..'15'"), file=file,
                                            column="scope3", value=k, fix=tr("recompute the footprint")))
                    continue
                if v is None:
                    v = 0.0
                if not _is_amount(v):
                    problems.append(Problem(tr("scope 3 category {cat} must be t CO2e, zero or more", cat=cat),
                                            file=file, column=f"scope3.{k}", value=v,
                                            fix=tr("recompute the footprint")))
                    continue
                scope3[cat] = float(v)
    activity_t: dict[str, dict[str, float]] = {}
    detail = d.get("scope3_by_activity")
    if isinstance(detail, Mapping):  # optional (footprints from this version on carry it)
        for k, acts in detail.items():
            if str(k).isdigit() and int(k) in SCOPE3_CATEGORIES and isinstance(acts, Mapping):
                clean = {str(a): float(t) for a, t in acts.items() if _is_amount(t)}
                if clean:
                    activity_t[f"scope3.{int(k)}"] = clean
    if problems:
        raise InputError(problems, title=tr("The footprint JSON has problems"))
    s3 = sum(scope3.values())
    for total_key, s2 in (("total_location", values["scope2_location"]), ("total_market", values["scope2_market"])):
        if d.get(total_key) is not None:
            expected = values["scope1"] + s2 + s3
            if not _is_amount(d[total_key]) or abs(d[total_key] - expected) > 1.0:
                problems.append(Problem(tr("'{key}' does not equal scope 1 + scope 2 + scope 3 ({expected} t)",
                                           key=total_key, expected=number(expected, 1)), file=file,
                                        column=total_key, value=d[total_key],
                                        fix=tr("recompute the footprint; do not edit it by hand")))
    if problems:
        raise InputError(problems, title=tr("The footprint JSON has problems"))
    return Baseline(base_year=int(year), scope1=float(values["scope1"]),
                    scope2_location=float(values["scope2_location"]),
                    scope2_market=float(values["scope2_market"]), scope3=scope3,
                    company=company.get("company") or d.get("company"), sector=company.get("sector"),
                    employees=company.get("employees"), turnover_eur=company.get("turnover_eur"),
                    assets_eur=company.get("assets_eur"), activity_t=activity_t)


# ---------------------------------------------------------------- grouping helpers
def scope12(buckets: Mapping[str, float], scope2_basis: str = "market") -> float:
    return buckets["scope1"] + buckets[f"scope2_{scope2_basis}"]


def scope3_sum(buckets: Mapping[str, float], categories: Iterable[int] = SCOPE3_CATEGORIES) -> float:
    return sum(buckets.get(f"scope3.{c}", 0.0) for c in categories)


# ---------------------------------------------------------------- business as usual
@dataclass(frozen=True)
class KnownChange:
    """A change already decided, applied in BAU from ``from_year`` on (e.g. a contracted
    renewable-electricity share lowering market-based scope 2 by ``share``)."""

    bucket: str
    share: float
    from_year: int
    label: str = ""


def growth_for(bucket: str, growth: float | Mapping[str, float]) -> float:
    """The growth rate for a bucket: the most specific key wins
    (``scope3.1`` > ``scope3`` > ``scope2`` > ``all``)."""
    if not isinstance(growth, Mapping):
        return float(growth)
    keys = [bucket]
    if bucket.startswith("scope3."):
        keys.append("scope3")
    if bucket.startswith("scope2_"):
        keys.append("scope2")
    keys.append("all")
    for k in keys:
        if k in growth:
            return float(growth[k])
    return 0.0


def check_growth(growth: float | Mapping[str, float]) -> None:
    items = growth.items() if isinstance(growth, Mapping) else [("growth", growth)]
    problems = []
    for k, g in items:
        if k != "growth" and k not in BUCKETS + ("all", "scope2", "scope3"):
            problems.append(Problem(tr("unknown growth key"), column="growth", value=k,
                                    fix=tr("use all, scope1, scope2, scope3 or scope3.<category>")))
        elif isinstance(g, bool) or not isinstance(g, (int, float)) or not math.isfinite(g) \
                or not GROWTH_MIN <= g <= GROWTH_MAX:
            problems.append(Problem(tr("the growth rate must be a yearly fraction between {low}% and {high}%",
                                       low=number(GROWTH_MIN * 100), high=number(GROWTH_MAX * 100)),
                                    column="growth", value=g, fix=tr("e.g. 0.03 for 3 % a year")))
    if problems:
        raise InputError(problems, title=tr("The growth rate has problems"))


def bau_buckets(baseline: Baseline, year: int, growth: float | Mapping[str, float] = 0.0,
                known_changes: Sequence[KnownChange] = ()) -> dict[str, float]:
    """Emissions per bucket in ``year`` if nothing changes but volume:
    E(year) = E(base) x (1 + g) ** (year - base year), then known changes."""
    check_growth(growth)
    n = year - baseline.base_year
    out = {b: v * (1.0 + growth_for(b, growth)) ** n for b, v in baseline.buckets().items()}
    for ch in known_changes:
        if ch.bucket not in out:
            raise InputError([Problem(tr("unknown bucket for a known change"), column="bucket", value=ch.bucket,
                                      fix=tr("use {choices}", choices=", ".join(BUCKETS)))])
        if not 0 <= ch.share <= 1:
            raise InputError([Problem(tr("a known change is a share between 0 and 1"), column="share",
                                      value=ch.share, fix=tr("e.g. 0.6 for 60 %"))])
        if year >= ch.from_year:
            out[ch.bucket] *= 1.0 - ch.share
    return out


def bau_series(baseline: Baseline, target_year: int, growth: float | Mapping[str, float] = 0.0,
               known_changes: Sequence[KnownChange] = (), scope2_basis: str = "market"
               ) -> list[tuple[int, float, float]]:
    """(year, scope 1+2, scope 3) from the base year to the target year, BAU."""
    rows = []
    for y in range(baseline.base_year, target_year + 1):
        b = bau_buckets(baseline, y, growth, known_changes)
        rows.append((y, scope12(b, scope2_basis), scope3_sum(b)))
    return rows


BAU_FORMULA = N_("E(target year) = E(base year) x (1 + g) ^ (target year - base year)")  # English in --json


def bau_formula() -> str:
    """The BAU formula as the participant reads it (in their language)."""
    return tr(BAU_FORMULA)


# ---------------------------------------------------------------- targets
@dataclass(frozen=True)
class Check:
    id: str
    passed: bool
    reason: str

    def as_dict(self) -> dict:
        return {"id": self.id, "passed": self.passed, "reason": self.reason}


@dataclass(frozen=True)
class ScopeTarget:
    """A near-term target for one scope group: linear from base-year emissions."""

    scope: str
    base_t: float
    annual_rate: float
    reference_year: int
    required_reduction: float   # fraction of base-year emissions
    target_t: float
    pathway: tuple[tuple[int, float], ...]
    ambition: str
    verified: bool
    source: str
    placeholder: bool = False   # the rate stands in for one the course could not see


@dataclass(frozen=True)
class Submission:
    year: int
    half: int  # 1 = January-June, 2 = July-December

    @classmethod
    def parse(cls, text: str) -> "Submission":
        """'2026-H2' -> Submission(2026, 2)."""
        t = str(text).strip().upper().replace(" ", "")
        try:
            y, h = t.split("-H")
            sub = cls(int(y), int(h))
            if sub.half not in (1, 2) or not 2000 <= sub.year <= 2100:
                raise ValueError
            return sub
        except ValueError:
            raise InputError([Problem(tr("the submission date must look like 2026-H1 or 2026-H2"),
                                      column="--submitted", value=text,
                                      fix=tr("give the year and the half-year you submit to SBTi"))],
                             title=tr("Invalid submission date")) from None

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"


@dataclass(frozen=True)
class TargetResult:
    rules: RuleSet
    base_year: int
    target_year: int
    scope2_basis: str
    scope12: ScopeTarget
    scope3: ScopeTarget | None
    scope3_required: bool
    scope3_share: float
    scope3_categories: tuple[int, ...]
    scope3_coverage: float
    long_term: dict
    checks: tuple[Check, ...]
    not_checked: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def required_reduction(annual_rate: float, reference_year: int, target_year: int) -> float:
    """Linear: rate x years, capped at 100 %. (1 - 0.042) ** 10 = 35 % would be the compounding
    mistake; SBTi's absolute contraction is 4.2 % x 10 = 42 %."""
    return max(0.0, min(1.0, annual_rate * (target_year - reference_year)))


def linear_pathway(base_year: int, base_t: float, target_year: int, target_t: float
                   ) -> tuple[tuple[int, float], ...]:
    """Straight line from base-year emissions to the target: the same tonnes every year."""
    n = target_year - base_year
    step = (base_t - target_t) / n if n else 0.0
    return tuple((base_year + i, base_t - step * i) for i in range(n + 1))


def _scope_target(scope: str, rule, rules: RuleSet, base_year: int, target_year: int, base_t: float) -> ScopeTarget:
    ref = rules.reference_year_for(base_year)
    r = required_reduction(rule.annual_rate, ref, target_year)
    target_t = base_t * (1.0 - r)
    return ScopeTarget(scope, base_t, rule.annual_rate, ref, r, target_t,
                       linear_pathway(base_year, base_t, target_year, target_t), rule.ambition,
                       rule.verified, rule.source, getattr(rule, "placeholder", False))


def _pct(x: float) -> str:
    return percent(x, 1)


def compute_targets(baseline: Baseline, target_year: int, rules: RuleSet, *,
                    scope2_basis: str = "market", submission: Submission | None = None,
                    scope12_coverage: float = 1.0, scope3_categories: Iterable[int] | None = None,
                    net_zero_year: int | None = None,
                    proposed: Mapping[str, float] | None = None,
                    scope3_ambition: str | None = None) -> TargetResult:
    """The minimum near-term targets under ``rules`` and every check applied, with reasons.

    ``scope3_categories``: the categories the scope 3 target covers (default: all with
    emissions). ``proposed``: the company's own reduction fractions {"scope12", "scope3"},
    checked against the minimum. A target year outside the window is a failed check.
    """
    problems = []
    if isinstance(target_year, bool) or not isinstance(target_year, int) or target_year <= baseline.base_year:
        problems.append(Problem(tr("the target year must be a whole year after the base year ({year})",
                                   year=baseline.base_year), column="--target-year", value=target_year,
                                fix=tr("e.g. {example}", example=baseline.base_year + 6)))
    if scope2_basis not in SCOPE2_BASES:
        problems.append(Problem(tr("unknown scope 2 basis"), column="scope2_basis", value=scope2_basis,
                                fix=tr("use 'market' or 'location'")))
    if not (isinstance(scope12_coverage, (int, float)) and 0 <= scope12_coverage <= 1):
        problems.append(Problem(tr("coverage is a share between 0 and 1"), column="scope12_coverage",
                                value=scope12_coverage, fix=tr("e.g. {example}", example=0.97)))
    if problems:
        raise InputError(problems, title=tr("The target settings have problems"))

    b = baseline.buckets()
    s12 = scope12(b, scope2_basis)
    s3_total = scope3_sum(b)
    grand = s12 + s3_total
    s3_share = s3_total / grand if grand > 0 else 0.0
    if scope3_categories is None:
        covered = tuple(c for c in SCOPE3_CATEGORIES if b[f"scope3.{c}"] > 0)
    else:
        covered = tuple(sorted(set(int(c) for c in scope3_categories)))
        bad = [c for c in covered if c not in SCOPE3_CATEGORIES]
        if bad:
            raise InputError([Problem(tr("scope 3 categories are numbered 1 to 15"), column="scope3_categories",
                                      value=bad, fix=tr("use GHG Protocol category numbers"))])
    covered_t = scope3_sum(b, covered)
    s3_coverage = covered_t / s3_total if s3_total > 0 else 1.0

    checks: list[Check] = []
    not_checked: list[Check] = []

    # base year
    earliest = rules.base_year_earliest.value
    if earliest is None:
        not_checked.append(Check("base_year", False, tr("the allowed base years for this route were not verified: "
                                                        "{source}", source=rules.base_year_earliest.source)))
    elif baseline.base_year < earliest:
        checks.append(Check("base_year", False, tr("base year {year} is too old: it must be {earliest} or later "
                                                   "({source})", year=baseline.base_year, earliest=earliest,
                                                   source=rules.base_year_earliest.source)))
    else:
        checks.append(Check("base_year", True, tr("base year {year} is {earliest} or later",
                                                  year=baseline.base_year, earliest=earliest)))

    # time frame
    if rules.fixed_target_year is not None:
        fy = rules.fixed_target_year.value
        checks.append(Check("time_frame", target_year == fy,
                            tr("this route sets targets for {year}", year=fy) if target_year == fy else
                            tr("this route sets targets for {year}, not {target_year}", year=fy,
                               target_year=target_year)))
    elif rules.time_frame is not None:
        if submission is None:
            not_checked.append(Check("time_frame", False, tr("no submission date given: {rule}",
                                                             rule=rules.time_frame.text)))
        else:
            lo, hi = rules.time_frame.window(submission.year, submission.half)
            ok = lo <= target_year <= hi
            checks.append(Check("time_frame", ok,
                                tr("submitted in {submission}, the target year must be {lo}-{hi}; "
                                   "{target_year} is inside that window", submission=submission, lo=lo, hi=hi,
                                   target_year=target_year) if ok else
                                tr("submitted in {submission}, the target year must be {lo}-{hi}; "
                                   "{target_year} is outside that window", submission=submission, lo=lo, hi=hi,
                                   target_year=target_year)))

    # coverage of scope 1+2
    cmin = rules.coverage_scope12_min.value
    checks.append(Check("scope12_coverage", scope12_coverage >= cmin,
                        tr("the target covers {coverage} of scope 1+2; at least {minimum} needed",
                           coverage=_pct(scope12_coverage), minimum=_pct(cmin))))

    # scope 3
    s3rule = rules.scope3
    if scope3_ambition not in (None, "WB2C", "1.5C"):
        raise InputError([Problem(tr("unknown scope 3 ambition"), column="--scope3-ambition", value=scope3_ambition,
                                  fix=tr("use 1.5C (the 1.5 C rate of scope 1+2) or WB2C (the route's own rate)"))])
    if scope3_ambition == "1.5C" and s3rule.required != "never":
        # More ambitious than the route's minimum for scope 3 (well below 2 C): the 1.5 C rate of scope 1+2.
        s3rule = replace(s3rule, annual_rate=rules.scope12.annual_rate, ambition=rules.scope12.ambition,
                         source=tr("the route's 1.5 C rate for scope 1+2 applied to scope 3 by choice "
                                   "({source12}); the minimum for scope 3 is {ambition3} ({source3})",
                                   source12=rules.scope12.source, ambition3=rules.scope3.ambition,
                                   source3=rules.scope3.source),
                         verified=rules.scope12.verified)
    if s3rule.required == "never":
        s3_required = False
        checks.append(Check("scope3_trigger", True, tr("this route needs no scope 3 target; "
                                                       "the company commits to measure and reduce scope 3")))
    else:
        s3_required = s3_share >= s3rule.trigger_share
        checks.append(Check("scope3_trigger", True,
                            tr("scope 3 is {share} of scope 1+2+3, at or above the {trigger} trigger: a scope 3 "
                               "target is required", share=_pct(s3_share), trigger=_pct(s3rule.trigger_share))
                            if s3_required else
                            tr("scope 3 is {share} of scope 1+2+3, below the {trigger} trigger: no scope 3 target "
                               "is required", share=_pct(s3_share), trigger=_pct(s3rule.trigger_share))))
        if s3_required:
            checks.append(Check("scope3_coverage", s3_coverage >= s3rule.min_coverage,
                                tr("the scope 3 target covers {coverage} of scope 3 (categories {categories}); "
                                   "at least {minimum} needed", coverage=_pct(s3_coverage),
                                   categories=", ".join(map(str, covered)) or tr("none"),
                                   minimum=_pct(s3rule.min_coverage))))

    # SME eligibility
    if rules.sme is not None:
        sme = rules.sme
        s12_loc = b["scope1"] + b["scope2_location"]
        checks.append(Check("sme_emissions", s12_loc < sme.max_scope1_scope2_location_t,
                            tr("scope 1 + location-based scope 2 is {emissions} t; the SME route needs "
                               "less than {limit} t", emissions=number(s12_loc),
                               limit=number(sme.max_scope1_scope2_location_t))))
        facts = {"employees": (baseline.employees, sme.employees_lt),
                 "turnover": (baseline.turnover_eur, sme.turnover_eur_lt),
                 "assets": (baseline.assets_eur, sme.assets_eur_lt)}
        names = {"employees": N_("employees"), "turnover": N_("turnover"), "assets": N_("assets")}

        def listed(keys):
            return ", ".join(tr(names[k]) for k in keys)

        met = [k for k, (v, lim) in facts.items() if v is not None and v < lim]
        unknown = [k for k, (v, _) in facts.items() if v is None]
        flag = "" if sme.size_count_verified else tr(" (the required count is not verified)")
        need = sme.min_size_criteria
        if len(met) >= need:
            checks.append(Check("sme_size", True, tr("meets {met} size criteria ({names}); {need} or more "
                                                     "needed{flag}", met=len(met), names=listed(met), need=need,
                                                     flag=flag)))
        elif len(met) + len(unknown) + 1 >= need:  # +1: the FLAG criterion is not in the footprint
            not_checked.append(Check("sme_size", False, tr("meets {met} known size criteria; unknown: {unknown} "
                                                           "and FLAG sector status; {need} or more needed{flag}. "
                                                           "{rule}", met=len(met), unknown=listed(unknown) or
                                                           tr("none"), need=need, flag=flag, rule=sme.text)))
        else:
            checks.append(Check("sme_size", False, tr("meets only {met} size criteria; {need} or more "
                                                      "needed{flag}", met=len(met), need=need, flag=flag)))

    t12 = _scope_target("scope12", rules.scope12, rules, baseline.base_year, target_year, s12)
    t3 = (_scope_target("scope3", s3rule, rules, baseline.base_year, target_year, covered_t)
          if s3_required else None)

    # proposed targets against the minimum
    for key, tgt in (("scope12", t12), ("scope3", t3)):
        if proposed and proposed.get(key) is not None:
            p = float(proposed[key])
            years = target_year - baseline.base_year
            if tgt is None:
                checks.append(Check(f"{key}_ambition", True, tr("a {share} scope 3 target is voluntary here",
                                                                share=_pct(p))))
            else:
                ok = p + 1e-9 >= tgt.required_reduction
                checks.append(Check(f"{key}_ambition", ok,
                                    tr("the proposed {share} by {target_year} is {rate} a year from {base_year}; "
                                       "the minimum is {minimum} ({min_rate} a year from {reference_year})",
                                       share=_pct(p), target_year=target_year, rate=_pct(p / years),
                                       base_year=baseline.base_year, minimum=_pct(tgt.required_reduction),
                                       min_rate=_pct(tgt.annual_rate), reference_year=tgt.reference_year)))

    lt_min, lt_latest = rules.long_term.value
    nz = net_zero_year or lt_latest
    if nz > lt_latest:
        checks.append(Check("net_zero_year", False, tr("net zero in {year} is later than {latest}", year=nz,
                                                       latest=lt_latest)))
    long_term = {"year": nz, "min_reduction": lt_min,
                 "scope12_t": s12 * (1 - lt_min), "scope3_t": s3_total * (1 - lt_min),
                 "text": rules.long_term.text, "source": rules.long_term.source,
                 "verified": rules.long_term.verified}
    return TargetResult(rules=rules, base_year=baseline.base_year, target_year=target_year,
                        scope2_basis=scope2_basis, scope12=t12, scope3=t3, scope3_required=s3_required,
                        scope3_share=s3_share, scope3_categories=covered, scope3_coverage=s3_coverage,
                        long_term=long_term, checks=tuple(checks), not_checked=tuple(not_checked))
