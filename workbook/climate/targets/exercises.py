"""Check functions for the c3 code exercises (referenced from data/exercises/c3_targets.yaml)."""
from __future__ import annotations

from typing import Any

from workbook.climate.targets.compute import Baseline
from workbook.climate.targets.levers import lever_sector, load_levers
from workbook.climate.targets.plan import make_plan
from workbook.climate.targets.rules import load_rules
from workbook.climate.targets.views import company_baseline
from workbook.errors import InputError
from workbook.i18n import N_, number, percent, tr
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
        return False, tr("Give a dictionary such as {example}.", example='{"renewable_electricity_own": 0.5}')
    try:
        plan = example_plan({str(k): float(v) for k, v in value.items()})
    except (InputError, TypeError, ValueError) as exc:
        return False, tr("The lever mix has a problem: {problem}", problem=exc)
    gap = plan.gap()["scope12"]
    end, target = number(plan.s12(plan.levers.after)), number(plan.target.scope12.target_t)
    if gap > 0:
        return False, tr("Scope 1+2 ends at {end} t, still {gap} t above the target of {target} t. Which lever "
                         "acts on scope 2?", end=end, gap=number(gap), target=target)
    return True, tr("Scope 1+2 ends at {end} t, {gap} t below the target of {target} t.", end=end,
                    gap=number(-gap), target=target)


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
        return False, tr("Give a dictionary such as {example}.",
                         example='{"renewable_electricity_own": 1.0, "cotton_recycled": 0.3}')
    try:
        plan = sample_plan({str(k): float(v) for k, v in value.items()})
    except (InputError, TypeError, ValueError) as exc:
        return False, tr("The lever mix has a problem: {problem}", problem=exc)
    gap = plan.gap()
    open_ = {k: g for k, g in gap.items() if g is not None and g > 0}
    names = {"scope12": N_("scope 1+2"), "scope3": N_("scope 3")}
    if open_:
        return False, tr("Still open: {gaps}. Scope 3 is {share} of this footprint: which levers act on category 1, "
                         "purchased goods?",
                         gaps="; ".join(tr("{scope} {tonnes} t above the target", scope=tr(names[k]),
                                           tonnes=number(g)) for k, g in open_.items()),
                         share=percent(plan.target.scope3_share, 0, spaced=False))
    return True, tr("Both targets met in {year}: {margins}. Now ask: which of these adoption levels can you really "
                    "reach, with which suppliers?", year=SAMPLE["target_year"],
                    margins="; ".join(tr("{scope} {tonnes} t below the target", scope=tr(names[k]),
                                         tonnes=number(-g)) for k, g in gap.items() if g is not None))
