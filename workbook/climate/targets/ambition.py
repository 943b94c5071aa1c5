"""Deciding the company's climate ambition (objective c1.c): the levels, and a picker whose
choice is kept with the participant's progress."""
from __future__ import annotations

from typing import Any

from workbook.climate.targets.rules import load_rules
from workbook.i18n import percent, tr
from workbook.language import using

PROGRESS_KEY = "climate_ambition"


def ambition_levels(standard_rules, sme_rules) -> dict[str, str]:
    """The four levels, worded from the rule sets' own numbers (never typed in here), in the
    participant's language (the keys are what is stored)."""
    s3_trigger = standard_rules.scope3.trigger_share
    lt_reduction, lt_year = standard_rules.long_term.value
    return {
        "report": tr("1 · Measure and report: a complete GHG Protocol inventory every year, no target yet"),
        "sbti-sme": tr("2 · SBTi SME route: an absolute scope 1+2 target for {year}; measure and reduce scope 3",
                       year=sme_rules.fixed_target_year.value),
        "sbti-near-term": tr("3 · SBTi near-term targets: scope 1+2 ({ambition12}) and, when scope 3 is {trigger} "
                             "or more of the total, scope 3 ({ambition3})",
                             ambition12=standard_rules.scope12.ambition, trigger=_whole_percent(s3_trigger),
                             ambition3=standard_rules.scope3.ambition),
        "sbti-net-zero": tr("4 · Near-term targets plus net zero: at least {reduction} less in scopes 1, 2 and 3 "
                            "by {year} at the latest, then neutralise the rest",
                            reduction=_whole_percent(lt_reduction), year=lt_year),
    }


def _whole_percent(share: float) -> str:
    """A share as a whole percentage without a space (40%), as the English levels have always read."""
    return percent(share, 0, spaced=False)


def english_levels(standard_rules, sme_rules) -> dict[str, str]:
    """The levels in English (the rule sets read again in English): the label stored with the
    progress does not depend on the language."""
    with using("en"):
        return ambition_levels(load_rules(standard_rules.id), load_rules(sme_rules.id))


def ambition_picker(course, levels: dict[str, str], solution_mode: bool = False,
                    stored_labels: dict[str, str] | None = None) -> Any:
    """Radio buttons that save the choice at once; a static table in solution mode.

    ``stored_labels`` (the English levels) is what is saved as the label; the shown text is ``levels``."""
    if solution_mode:
        import pandas as pd

        return pd.Series(levels, name=tr("ambition level")).to_frame()
    import ipywidgets as widgets

    saved = course.load(PROGRESS_KEY) or {}
    picker = widgets.RadioButtons(options=[(text, key) for key, text in levels.items()],
                                  value=saved.get("level") if saved.get("level") in levels else None,
                                  layout=widgets.Layout(width="auto"))

    def keep(change) -> None:
        course.save(PROGRESS_KEY, {"level": change["new"], "label": (stored_labels or levels)[change["new"]]})

    picker.observe(keep, names="value")
    picker.add_class("wb-ambition")
    return picker
