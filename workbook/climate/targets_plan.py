from workbook.climate.targets.plan import *  # noqa: F401,F403  old path kept for saved notebooks of the 2026-27 cohort
