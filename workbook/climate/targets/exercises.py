"""Check functions for the c3 code exercises (referenced from data/exercises/c3_targets.yaml)."""
from __future__ import annotations

from typing import Any

from workbook.climate.targets.compute import Baseline
from workbook.climate.targets.levers import lever_sector, load_levers
from workbook.climate.targets.plan import make_plan
from workbook.climate.targets.rules import load_rules
from workbook.climate.targets.views import company_baseline
from workbook.errors import InputError
from workbook.paths import data_cache

# The illustrative company of the course reference's worked example (targets.md §5):
# base year 2024, scope 1 4,000 t + scope 2 6,000 t, 3 % growth, target year 2030.
EXAMPLE = {"base_year": 2024, "scope1": 4000.0, "scope2": 6000.0, "growth": 0.03, "target_year": 2030}


def example_plan(adoption: dict[str, float]):
    b = Baseline(EXAMPLE["base_year"], EXAMPLE["scope1"], EXAMPLE["scope2"], EXAMPLE["scope2"], {})
    return make_plan(b, EXAMPLE["target_year"], load_rules("sbti-aca-floor"), growth=EXAMPLE["growth"],
                     levers=load_levers(sector="apparel"), adoption=adoption)


def check_lever_mix(value: Any) -> tuple[bool, str]:
    """A dict {lever id: adoption 0..1} that brings scope 1+2 of the example to its target."""
    if not isinstance(value, dict) or not value:
        return False, "Give a dictionary such as {\"renewable_electricity_own\": 0.5}."
    try:
        plan = example_plan({str(k): float(v) for k, v in value.items()})
    except (InputError, TypeError, ValueError) as exc:
        return False, f"The lever mix has a problem: {exc}"
    gap = plan.gap()["scope12"]
    if gap > 0:
        return False, (f"Scope 1+2 ends at {plan.s12(plan.levers.after):,.0f} t, still {gap:,.0f} t above the "
                       f"target of {plan.target.scope12.target_t:,.0f} t. Which lever acts on scope 2?")
    return True, (f"Scope 1+2 ends at {plan.s12(plan.levers.after):,.0f} t, {-gap:,.0f} t below the target of "
                  f"{plan.target.scope12.target_t:,.0f} t.")


# The sample company of the notebook (noordzee-apparel), with the notebook's default settings.
SAMPLE = {"target_year": 2031, "growth": 0.03, "rules": "sbti-aca-floor"}


@data_cache
def _sample_baseline():
    """The sample company's baseline, read once per data folder (the project's one cache rule)."""
    return company_baseline(None)


def sample_plan(adoption: dict[str, float]):
    b = _sample_baseline()
    return make_plan(b, SAMPLE["target_year"], load_rules(SAMPLE["rules"]), growth=SAMPLE["growth"],
                     levers=load_levers(sector=lever_sector(b.sector)), adoption=adoption)


def check_sample_lever_mix(value: Any) -> tuple[bool, str]:
    """A dict {lever id: adoption 0..1} that closes both gaps of the sample company."""
    if not isinstance(value, dict) or not value:
        return False, "Give a dictionary such as {\"renewable_electricity_own\": 1.0, \"cotton_recycled\": 0.3}."
    try:
        plan = sample_plan({str(k): float(v) for k, v in value.items()})
    except (InputError, TypeError, ValueError) as exc:
        return False, f"The lever mix has a problem: {exc}"
    gap = plan.gap()
    open_ = {k: g for k, g in gap.items() if g is not None and g > 0}
    names = {"scope12": "scope 1+2", "scope3": "scope 3"}
    if open_:
        return False, ("Still open: " + "; ".join(f"{names[k]} {g:,.0f} t above the target" for k, g in open_.items())
                       + f". Scope 3 is {plan.target.scope3_share:.0%} of this footprint: which levers act on "
                       "category 1, purchased goods?")
    return True, ("Both targets met in " + str(SAMPLE["target_year"]) + ": "
                  + "; ".join(f"{names[k]} {-g:,.0f} t below the target" for k, g in gap.items() if g is not None)
                  + ". Now ask: which of these adoption levels can you really reach, with which suppliers?")
