"""One reduction plan: baseline -> BAU -> target -> levers -> gap, as plain data.

This is what the CLI prints, the notebook charts and the Excel results file tabulates.
The gap is ``after levers - target``: positive tonnes are still to close, negative
tonnes are the margin by which the levers beat the target.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from workbook.climate.targets.compute import (
    BAU_FORMULA,
    Baseline,
    KnownChange,
    Submission,
    TargetResult,
    bau_buckets,
    compute_targets,
    scope3_sum,
    scope12,
)
from workbook.climate.targets.levers import Lever, LeverOutcome, apply_levers, company_affected_shares
from workbook.climate.targets.rules import RuleSet


@dataclass(frozen=True)
class Plan:
    baseline: Baseline
    growth: float | Mapping[str, float]
    known_changes: tuple[KnownChange, ...]
    target: TargetResult
    base: dict[str, float]
    bau_growth_only: dict[str, float]
    bau: dict[str, float]
    levers: LeverOutcome

    @property
    def scope2_basis(self) -> str:
        return self.target.scope2_basis

    def s12(self, buckets: Mapping[str, float]) -> float:
        return scope12(buckets, self.scope2_basis)

    def s3(self, buckets: Mapping[str, float], covered_only: bool = False) -> float:
        return scope3_sum(buckets, self.target.scope3_categories) if covered_only else scope3_sum(buckets)

    def gap(self) -> dict[str, float | None]:
        t = self.target
        after = self.levers.after
        return {"scope12": self.s12(after) - t.scope12.target_t,
                "scope3": (self.s3(after, covered_only=True) - t.scope3.target_t) if t.scope3 else None}

    def gap_pct(self) -> dict[str, float | None]:
        """The gap as a share of base-year emissions of the same scope (and coverage)."""
        g = self.gap()
        t = self.target
        return {"scope12": g["scope12"] / t.scope12.base_t if t.scope12.base_t else 0.0,
                "scope3": (g["scope3"] / t.scope3.base_t if t.scope3.base_t else 0.0) if t.scope3 else None}


def make_plan(baseline: Baseline, target_year: int, rules: RuleSet, *,
              growth: float | Mapping[str, float] = 0.0, known_changes: Sequence[KnownChange] = (),
              levers: Sequence[Lever] = (), adoption: Mapping[str, float] | None = None,
              affected_share: Mapping[str, float] | None = None, lever_order: Sequence[str] | None = None,
              scope2_basis: str = "market", submission: Submission | None = None,
              scope12_coverage: float = 1.0, scope3_categories=None, net_zero_year: int | None = None,
              proposed: Mapping[str, float] | None = None, scope3_ambition: str | None = None) -> Plan:
    target = compute_targets(baseline, target_year, rules, scope2_basis=scope2_basis, submission=submission,
                             scope12_coverage=scope12_coverage, scope3_categories=scope3_categories,
                             net_zero_year=net_zero_year, proposed=proposed, scope3_ambition=scope3_ambition)
    base = baseline.buckets()
    bau_g = bau_buckets(baseline, target_year, growth)
    bau = bau_buckets(baseline, target_year, growth, known_changes)
    shares = {**company_affected_shares(baseline.activity_t, base, levers), **dict(affected_share or {})}
    outcome = apply_levers(bau, levers, adoption or {}, shares, lever_order)
    return Plan(baseline, growth, tuple(known_changes), target, base, bau_g, bau, outcome)


def _r(x: float | None, nd: int = 1) -> float | None:
    return None if x is None else round(float(x), nd)


def plan_to_json(plan: Plan, *, input_name: str | None = None) -> dict:
    """The machine-readable result of ``workbook targets --json`` (t CO2e, rounded to 0.1 t)."""
    t = plan.target
    rules = t.rules
    after = plan.levers.after
    s3_target = t.scope3.target_t if t.scope3 else None
    gap, gap_pct = plan.gap(), plan.gap_pct()
    out = {
        "base_year": t.base_year,
        "target_year": t.target_year,
        "rules": rules.id,  # the name given to --rules
        "rule_set": {"id": rules.id, "title": rules.title, "version": rules.version, "status": rules.status,
                     "criteria": rules.criteria, "caveat": rules.caveat, "unverified": rules.unverified},
        "scope2_basis": t.scope2_basis,
        "baseline": {"scope12": _r(plan.s12(plan.base)), "scope3": _r(plan.s3(plan.base))},
        "bau": {"scope12": _r(plan.s12(plan.bau)), "scope3": _r(plan.s3(plan.bau))},
        "target": {"scope12": _r(t.scope12.target_t), "scope3": _r(s3_target)},
        "target_is_placeholder": {"scope12": t.scope12.placeholder,
                                  "scope3": t.scope3.placeholder if t.scope3 else None},
        "after_levers": {"scope12": _r(plan.s12(after)), "scope3": _r(plan.s3(after))},
        "gap": {"scope12": _r(gap["scope12"]), "scope3": _r(gap["scope3"])},
        "gap_pct_of_base": {"scope12": _r(gap_pct["scope12"], 4), "scope3": _r(gap_pct["scope3"], 4)},
        "required_reduction": {"scope12": _r(t.scope12.required_reduction, 4),
                               "scope3": _r(t.scope3.required_reduction, 4) if t.scope3 else None},
        "annual_rate": {"scope12": t.scope12.annual_rate, "scope3": t.scope3.annual_rate if t.scope3 else None},
        "reference_year": t.scope12.reference_year,
        "scope3_share": _r(t.scope3_share, 4),
        "scope3_required": t.scope3_required,
        "scope3_categories": list(t.scope3_categories),
        "long_term": {"year": t.long_term["year"], "min_reduction": t.long_term["min_reduction"],
                      "scope12": _r(t.long_term["scope12_t"]), "scope3": _r(t.long_term["scope3_t"])},
        "growth": plan.growth if not isinstance(plan.growth, Mapping) else dict(plan.growth),
        "bau_formula": BAU_FORMULA,
        "levers": [{"id": s.lever_id, "name": s.name, "adoption": s.adoption, "reduction": _r(s.reduction_t)}
                   for s in plan.levers.steps if s.adoption > 0],
        "pathway": {"scope12": [[y, _r(v)] for y, v in t.scope12.pathway],
                    "scope3": [[y, _r(v)] for y, v in t.scope3.pathway] if t.scope3 else None},
        "checks": [c.as_dict() for c in t.checks],
        "not_checked": [{"id": c.id, "reason": c.reason} for c in t.not_checked],
    }
    if input_name:
        out["input"] = input_name
    return out
