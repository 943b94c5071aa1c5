"""Deciding the company's climate ambition (objective c1.c): the levels, and a picker whose
choice is kept with the participant's progress."""
from __future__ import annotations

from typing import Any

PROGRESS_KEY = "climate_ambition"


def ambition_levels(standard_rules, sme_rules) -> dict[str, str]:
    """The four levels, worded from the rule sets' own numbers (never typed in here)."""
    s3_trigger = standard_rules.scope3.trigger_share
    lt_reduction, lt_year = standard_rules.long_term.value
    return {
        "report": "1 · Measure and report: a complete GHG Protocol inventory every year, no target yet",
        "sbti-sme": f"2 · SBTi SME route: an absolute scope 1+2 target for {sme_rules.fixed_target_year.value}; "
                    "measure and reduce scope 3",
        "sbti-near-term": f"3 · SBTi near-term targets: scope 1+2 ({standard_rules.scope12.ambition}) and, when "
                          f"scope 3 is {s3_trigger:.0%} or more of the total, scope 3 ({standard_rules.scope3.ambition})",
        "sbti-net-zero": f"4 · Near-term targets plus net zero: at least {lt_reduction:.0%} less in scopes 1, 2 "
                         f"and 3 by {lt_year} at the latest, then neutralise the rest",
    }


def ambition_picker(course, levels: dict[str, str], solution_mode: bool = False) -> Any:
    """Radio buttons that save the choice at once; a static table in solution mode."""
    if solution_mode:
        import pandas as pd

        return pd.Series(levels, name="ambition level").to_frame()
    import ipywidgets as widgets

    saved = course.load(PROGRESS_KEY) or {}
    picker = widgets.RadioButtons(options=[(text, key) for key, text in levels.items()],
                                  value=saved.get("level") if saved.get("level") in levels else None,
                                  layout=widgets.Layout(width="auto"))

    def keep(change) -> None:
        course.save(PROGRESS_KEY, {"level": change["new"], "label": levels[change["new"]]})

    picker.observe(keep, names="value")
    picker.add_class("wb-ambition")
    return picker
