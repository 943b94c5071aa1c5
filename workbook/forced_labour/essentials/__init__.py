"""Forced labour, the essentials (fl1): definitions, the ILO indicators, vulnerable groups,
state-imposed forced labour, scenarios, and the red-flag checklist and supplier questionnaire.

``content`` reads and checks ``data/forced_labour/essentials/``; ``checklists`` writes and
reads the Excel checklists; ``views`` serves the notebook.
"""
from __future__ import annotations

from workbook.forced_labour.essentials.checklists import (
    export_checklist,
    export_questionnaire,
    read_checklist,
    read_questionnaire,
)
from workbook.forced_labour.essentials.content import Content, load
from workbook.forced_labour.essentials.views import (
    checklist_table,
    concepts,
    estimates_table,
    good_practices,
    goods_list_facts,
    groups_table,
    indicators,
    offer_downloads,
    questionnaire_flags,
    root_causes,
    scenario_explorer,
    sector_chart,
    stages_table,
    state_imposed,
)

__all__ = [
    "Content", "checklist_table", "concepts", "estimates_table", "export_checklist", "export_questionnaire",
    "good_practices", "goods_list_facts", "groups_table", "indicators", "load", "offer_downloads",
    "questionnaire_flags", "read_checklist", "read_questionnaire", "root_causes", "scenario_explorer",
    "sector_chart", "stages_table", "state_imposed",
]
