"""The results file: a new Excel workbook with summary, categories, lines, charts and provenance."""
from __future__ import annotations

import os
from pathlib import Path

from workbook.climate.footprint.inventory import (
    Inventory,
    by_category,
    footprint_json,
    gwp_basis,
    newer_editions,
    note_text,
    part_name,
)
from workbook.climate.footprint.plausibility import rule_texts, rules, warning_message, warning_place
from workbook.climate.footprint.sheets import in_language
from workbook.excel import MAX_DATA_ROWS, PRIVATE_FILE, save_new, set_cell, table_sheet, write_table
from workbook.outputs import output_path, write_new
from workbook.i18n import tr
from workbook.provenance import add_about_sheet, provenance


LINE_COLUMNS_OUT = ["sheet", "row", "year", "scope", "category", "scope2_method", "activity", "description",
                    "country", "quantity", "unit", "method", "factor_id", "factor_kg_co2e", "factor_unit",
                    "kg_co2e", "data_quality", "memo", "verified", "note"]


def provenance_of(inv: Inventory) -> dict:
    newer = newer_editions(inv)
    edition = tr("emission factors for reporting year {year}", year=inv.reporting_year)
    if newer:
        edition += tr(" (newer lists used for {n} factors: see the notes)", n=len(newer))
    info = provenance(None, data_edition=edition, sources=inv.sources)
    if inv.input_file:
        info["input_file"] = inv.input_file
        info["input_sha256"] = inv.input_sha256
    info["gwp_set"] = inv.company.gwp_set
    info["gwp_basis"] = gwp_basis(inv.lines, inv.company.gwp_set)
    return info


def _sheet_names(inv: Inventory, sheets):
    """The template sheet of each line, as the participant's file names it."""
    return sheets.map(lambda s: in_language(s, inv.language) if isinstance(s, str) else s)


def write_results(inv: Inventory, path: str | os.PathLike, protect: tuple = (), *, force: bool = False,
                  rename: bool = False) -> Path:
    """Write the results to a new file (never over ``protect``, i.e. the input; over another
    existing file only with ``force``, or under a free name with ``rename``).

    The emission lines are streamed into the "Lines" sheet; more lines than an Excel sheet
    holds go to a CSV file beside the workbook (``<name>_lines.csv``), and the sheet says so.
    """
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    fj = footprint_json(inv)
    wb = Workbook()
    ws = wb.active
    ws.title = tr("Summary")
    rows = [("company", inv.company.name, ""), ("reporting_year", inv.reporting_year, ""),
            ("gwp_set", inv.company.gwp_set, tr("the set chosen for refrigerant leaks")),
            ("gwp_basis", fj["gwp_basis"] + (f": {', '.join(fj['gwp_sets_used'])}" if fj["gwp_basis"] == "mixed" else ""),
             tr("GWP sets of all factors used (mixed: disclose both; see the notes)")),
            ("scope1", fj["scope1"], "t CO2e"), ("scope2_location", fj["scope2_location"], "t CO2e"),
            ("scope2_market", fj["scope2_market"], "t CO2e"), ("scope3_total", fj["scope3_total"], "t CO2e"),
            ("total_location", fj["total_location"], "t CO2e"), ("total_market", fj["total_market"], "t CO2e"),
            ("data_quality", fj["data_quality"], tr("1 very good … 5 unknown, emission-weighted")),
            ("supplier_specific_share_scope3", fj["supplier_specific_share_scope3"], tr("share"))]
    rows += [(f"scope3.{k}", v, "t CO2e") for k, v in fj["scope3"].items()]
    rows += [(f"memo.{k}", v, tr("t CO2e, optional, outside the totals")) for k, v in fj["memo"].items()]
    rows += [(f"memo_outside_scopes.{k}", v, tr("t CO2e, not a Kyoto gas: outside the scopes and the totals"))
             for k, v in fj["memo_outside_scopes"].items()]
    nxt = write_table(ws, [tr("key"), tr("value"), tr("unit")], rows, widths={1: 32, 2: 18, 3: 50})
    set_cell(ws, nxt + 1, 1, tr("Notes")).font = Font(bold=True)
    for i, n in enumerate(inv.notes, start=nxt + 2):
        set_cell(ws, i, 1, note_text(n))
    if inv.unverified_factors:
        set_cell(ws, i + 2, 1, tr("UNVERIFIED factors used (verified: false): ") + ", ".join(inv.unverified_factors))

    ws = wb.create_sheet(tr("By category"))
    cat = by_category(inv)
    write_table(ws, [tr("part"), tr("name"), "t CO2e", tr("share"), tr("data quality")],
                [[part_name(r.part), r.name, round(r.t_co2e, 3), round(r.share, 4),
                  None if r.data_quality != r.data_quality else round(r.data_quality, 2)]
                 for r in cat.itertuples()], widths={1: 26, 2: 44, 3: 14, 4: 10, 5: 14})
    chart = BarChart()
    chart.type = "bar"
    chart.title = tr("{company} {year}: t CO2e by scope and category (location-based)", company=inv.company.name,
                     year=inv.reporting_year)
    chart.y_axis.title = "t CO2e"
    chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=len(cat) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(cat) + 1))
    chart.height, chart.width, chart.legend = 12, 22, None
    ws.add_chart(chart, "G2")

    ws = wb.create_sheet(tr("Scope 2"))
    write_table(ws, [tr("method"), "t CO2e"], [[tr("location-based"), fj["scope2_location"]],
                                                 [tr("market-based"), fj["scope2_market"]]], widths={1: 20, 2: 14})
    c2 = BarChart()
    c2.title = tr("Scope 2: location- vs market-based (t CO2e)")
    c2.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    c2.set_categories(Reference(ws, min_col=1, min_row=2, max_row=3))
    c2.legend = None
    ws.add_chart(c2, "D2")

    cols = LINE_COLUMNS_OUT
    path = output_path(path, force=force, rename=rename, inputs=protect, title="Cannot write the results")
    lines_csv = None
    if len(inv.lines) <= MAX_DATA_ROWS:
        table_sheet(wb, tr("Lines"), cols, [_sheet_names(inv, inv.lines[c]) if c == "sheet" else inv.lines[c]
                                            for c in cols], widths={8: 30, 12: 30, 13: 30, 20: 40})
    else:
        lines_csv = output_path(path.with_name(f"{path.stem}_lines.csv"), force=force, inputs=protect,
                                title="Cannot write the results")
        ws = wb.create_sheet(tr("Lines"))
        set_cell(ws, 1, 1, tr("The {n} emission lines are more than an Excel sheet holds "
                              "({max} rows): they are in the file {file} beside this "
                              "one (CSV, UTF-8, comma-separated, the same columns).", n=format(len(inv.lines), ","),
                              max=format(MAX_DATA_ROWS, ","), file=lines_csv.name)).font = Font(bold=True)

    ws = wb.create_sheet(tr("Sources"))
    used = inv.lines.drop_duplicates("factor_id")[["factor_id", "factor_kg_co2e", "factor_unit",
                                                    "factor_source", "verified"]]
    write_table(ws, ["factor_id", tr("kg CO2e per unit"), tr("unit"), tr("source"), tr("verified")],
                used.itertuples(index=False, name=None), widths={1: 30, 4: 100})
    _write_checks(wb, inv)
    add_about_sheet(wb, provenance_of(inv))
    if lines_csv is not None:
        write_new(lines_csv, lambda tmp: inv.lines[cols].to_csv(tmp, index=False, encoding="utf-8"),
                  force=force, inputs=protect, title="Cannot write the results", suffix=".csv.tmp",
                  mode=PRIVATE_FILE)
    return save_new(wb, path, protect=protect, force=force)


def _write_checks(wb, inv: Inventory) -> None:
    """The "Checks" sheet: every plausibility warning with its cell, then the rules applied."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(tr("Checks"))
    rows = [[*warning_place(w, inv.language), warning_message(w), w["check"]] for w in inv.warnings]
    if not rows:
        rows = [[None, None, None, tr("No plausibility warnings."), None]]
    nxt = write_table(ws, [tr("sheet"), tr("row"), tr("column"), tr("warning"), tr("check")], rows,
                      widths={1: 18, 2: 8, 3: 22, 4: 110, 5: 22})
    data = rules()
    set_cell(ws, nxt + 1, 1, tr("Rules (warnings, not errors: the footprint is calculated anyway)")
             ).font = Font(bold=True)

    r = nxt + 2
    for name, text in rule_texts().items():
        set_cell(ws, r, 1, name)
        set_cell(ws, r, 4, f"{data['checks'][name]['title']}: {text}")
        r += 1
    set_cell(ws, r, 1, tr("source"))
    set_cell(ws, r, 4, data["source"])
