from workbook.forced_labour.deep_dives.views import *  # noqa: F401,F403
from workbook.forced_labour.flr.views import *  # noqa: F401,F403  old path kept for saved notebooks of the 2026-27 cohort
