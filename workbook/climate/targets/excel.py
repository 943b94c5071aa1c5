"""The Excel results file of ``workbook targets --out``: summary, checks, waterfall,
pathway and an About sheet. Always a new file: the input is never overwritten."""
from __future__ import annotations

from pathlib import Path

from workbook.climate.targets.plan import Plan, plan_to_json
from workbook.climate.targets.waterfall import add_waterfall_sheet
from workbook.excel import save_new, write_table
from workbook.i18n import tr
from workbook.provenance import add_about_sheet, provenance


def write_results(plan: Plan, out: str | Path, input_file: str | Path | None = None, *, force: bool = False,
                  rename: bool = False, protect: tuple | list = ()) -> Path:
    from openpyxl import Workbook

    r = plan_to_json(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = tr("Summary")
    rows = [(label, r[key]["scope12"], r[key]["scope3"]) for key, label in (
        ("baseline", tr("Base year {year}", year=r["base_year"])),
        ("bau", tr("Business as usual {year}", year=r["target_year"])),
        ("target", tr("Target {year}", year=r["target_year"])), ("after_levers", tr("After levers")),
        ("gap", tr("Gap (after levers - target)")))]
    rows.append((tr("Required reduction"), r["required_reduction"]["scope12"], r["required_reduction"]["scope3"]))
    write_table(ws, [tr("item"), tr("scope 1+2 (t CO2e)"), tr("scope 3 (t CO2e)")], rows,
                widths={1: 34, 2: 20, 3: 20})
    ws2 = wb.create_sheet(tr("Checks"))
    write_table(ws2, [tr("check"), tr("passed"), tr("reason")],
                [(c["id"], tr("yes") if c["passed"] else tr("NO"), c["reason"]) for c in r["checks"]]
                + [(c["id"], tr("not checked"), c["reason"]) for c in r["not_checked"]]
                + [(tr("unverified rule"), "-", u) for u in r["rule_set"]["unverified"]],
                widths={1: 20, 2: 12, 3: 110})
    add_waterfall_sheet(wb, plan, tr("Waterfall"))
    ws4 = wb.create_sheet(tr("Levers"))
    write_table(ws4, [tr("order"), tr("lever id"), tr("lever"), tr("adoption"),
                      tr("reduction in the target year (t CO2e)")],
                [(i, lv["id"], lv["name"], lv["adoption"], lv["reduction"]) for i, lv in enumerate(r["levers"], 1)],
                widths={1: 8, 2: 32, 3: 60, 4: 10, 5: 36})
    ws3 = wb.create_sheet(tr("Pathway"))
    s3 = dict(r["pathway"]["scope3"] or [])
    write_table(ws3, [tr("year"), tr("scope 1+2 target pathway (t CO2e)"), tr("scope 3 target pathway (t CO2e)")],
                [(y, v, s3.get(y)) for y, v in r["pathway"]["scope12"]], widths={1: 8, 2: 32, 3: 32})
    rules = plan.target.rules
    info = provenance(input_file, data_edition=f"{rules.id} {rules.version}",
                      sources=[rules.scope12.source, rules.scope3.source, rules.caveat_source])
    add_about_sheet(wb, info)
    protect = [*([input_file] if input_file else []), *protect]
    return save_new(wb, out, protect=protect, force=force, rename=rename)
