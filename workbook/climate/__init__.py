"""Climate: the footprint (``climate.footprint``) and the targets built on it (``climate.targets``).

Stable entry points (the targets engine and the notebooks rely on them):

- :func:`load_footprint` (a template or activity CSV → :class:`Inventory`)
- :func:`compute_inventory` (activity rows → :class:`Inventory`, pure)
- :func:`totals` and :func:`footprint_json` (the CLI's JSON contract, t CO2e)
"""
from __future__ import annotations

from workbook.climate.footprint import (
    Company,
    Inventory,
    by_category,
    compute_inventory,
    data_quality_score,
    footprint_json,
    load_footprint,
    totals,
)

__all__ = ["Company", "Inventory", "by_category", "compute_inventory", "data_quality_score",
           "footprint_json", "load_footprint", "totals"]
