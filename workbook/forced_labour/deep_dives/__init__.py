"""Deep dives for facilitators (fl4): migrant workers, state-imposed forced labour, the FLR webinar."""
from __future__ import annotations

from workbook.forced_labour.deep_dives.content import (
    corridors,
    fair_recruitment,
    migrant_cases,
    months_to_repay,
    state_imposed,
    webinar_agenda,
)
from workbook.forced_labour.deep_dives.views import repayment_widget, table, webinar_widget

__all__ = ["corridors", "fair_recruitment", "migrant_cases", "months_to_repay", "repayment_widget",
           "state_imposed", "table", "webinar_agenda", "webinar_widget"]
