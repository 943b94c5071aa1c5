"""Action plan and KPIs (OECD steps 3, 4 and 6): proposed actions per prioritised risk.

Each risk's drivers select actions from ``action_library.yaml`` (prevent, mitigate,
remediate, use leverage, responsible disengagement), with an owner, a deadline and a KPI.
The plan and a KPI set (baseline from the supplier map, target from the KPI library) are
exported to Excel and read back next year to track progress.

The file is written in the participant's language (sheet names, headers, and the coded values
status, action type, level, unit and direction); :func:`load_plan` reads a file of any
edition and returns the canonical (English) codes.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.forced_labour.hrdd import facts as hrdd_data
from workbook.forced_labour.hrdd import risk
from workbook.i18n import N_, spellings, tr
from workbook.provenance import add_about_sheet
from workbook.safeinput import open_xlsx

PLAN_SHEET, KPI_SHEET = N_("Action plan"), N_("KPIs")
PLAN_COLUMNS = ["priority", "supplier", "level", "score", "drivers", "action_id", "action_type", "action",
                "owner", "deadline", "kpi_id", "kpi", "status", "progress_note"]
KPI_COLUMNS = ["kpi_id", "kpi", "definition", "unit", "direction", "baseline", "target", "current", "basis"]
STATUSES = (N_("planned"), N_("in progress"), N_("done"), N_("dropped"))
ACTION_TYPES = (N_("prevent"), N_("mitigate"), N_("remediate"), N_("leverage"), N_("disengage"))
DIRECTIONS = (N_("increase"), N_("decrease"))
UNITS = (N_("percent"), N_("count"), N_("days"), "EUR")
# The headers of both sheets, marked for translation (the English header is the column's name).
HEADERS = {
    "priority": N_("priority"), "supplier": N_("supplier"), "level": N_("level"), "score": N_("score"),
    "drivers": N_("drivers"), "action_id": N_("action_id"), "action_type": N_("action_type"),
    "action": N_("action"), "owner": N_("owner"), "deadline": N_("deadline"), "kpi_id": N_("kpi_id"),
    "kpi": N_("kpi"), "status": N_("status"), "progress_note": N_("progress_note"),
    "definition": N_("definition"), "unit": N_("unit"), "direction": N_("direction"), "baseline": N_("baseline"),
    "target": N_("target"), "current": N_("current"), "basis": N_("basis"),
}
# Columns holding codes: written in the reader's language, read back as the English code.
CODED = {"level": risk.LEVELS, "action_type": ACTION_TYPES, "status": STATUSES, "direction": DIRECTIONS,
         "unit": UNITS}


def _code_of(column: str, value):
    """The English code of a coded cell written in any edition's language (the value if unknown)."""
    if not isinstance(value, str):
        return value
    for code in CODED[column]:
        if value.strip().lower() in (s.lower() for s in spellings(code)):
            return code
    return value


def _shown(column: str, value):
    return tr(value) if column in CODED and isinstance(value, str) and value else value


def library() -> list[dict]:
    return list(hrdd_data.document("action_library.yaml")["actions"])


def kpi_library() -> pd.DataFrame:
    return pd.DataFrame(list(hrdd_data.table("kpi_library.csv")))


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    y += day.year
    import calendar

    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def driver_codes(row: dict) -> set[str]:
    codes = {d["code"] for d in risk.drivers(row)}
    if row["level"] != "low":
        codes.add("any_risk")
    return codes


def propose_actions(scored: pd.DataFrame, start: dt.date, min_level: str = "medium",
                    max_per_supplier: int = 4) -> pd.DataFrame:
    """Actions for every supplier at or above ``min_level``, in priority order.

    ``start`` is the plan date (passed in, so the plan is reproducible); deadlines follow
    the risk level (deadline_months in the library).
    """
    doc = hrdd_data.document("action_library.yaml")
    months = doc["deadline_months"]
    kpis = {k["kpi_id"]: k["kpi"] for k in hrdd_data.table("kpi_library.csv")}
    rank = {v: i for i, v in enumerate(risk.LEVELS)}
    order = {t: i for i, t in enumerate(["disengage", "remediate", "prevent", "mitigate", "leverage"])}
    rows = []
    for rec in scored.to_dict("records"):
        if rank[rec["level"]] < rank[min_level]:
            continue
        codes = driver_codes(rec)
        reasons = "; ".join(f"{d['part']}: {d['reason'][:80]}" for d in risk.drivers(rec))
        hits = [a for a in doc["actions"] if codes & set(a["triggers"])]
        # specific triggers first (not the catch-all), then by type, then library order
        hits.sort(key=lambda a: (set(a["triggers"]) == {"any_risk"} or not (codes & (set(a["triggers"]) - {"any_risk"})),
                                 order[a["type"]]))
        for a in hits[:max_per_supplier]:
            rows.append({
                "priority": int(rec["priority"]), "supplier": rec["supplier"], "level": rec["level"],
                "score": int(rec["score"]), "drivers": reasons, "action_id": a["id"], "action_type": a["type"],
                "action": a["title"], "owner": a["owner"],
                "deadline": _add_months(start, months[rec["level"]]).isoformat(),
                "kpi_id": a["kpi_id"], "kpi": kpis[a["kpi_id"]], "status": "planned", "progress_note": "",
            })
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def kpi_baselines(scored: pd.DataFrame) -> dict[str, float]:
    """Baselines that the supplier map itself can measure (others are left for the company)."""
    n = len(scored)
    if n == 0:
        return {}
    sensitive = scored["material"].isin(risk.lookups().sensitive_goods) if "material" in scored else pd.Series(False)
    traced = sensitive & (scored["material_origin"] != "")
    mapped = scored["migrant_agency_share_pct"].notna() & (scored["recruitment_channel"] != "")
    flags = ";" + scored["flags_present"].astype(str) + ";"
    out = {
        "K3": round(100 * traced.sum() / sensitive.sum(), 1) if sensitive.sum() else 100.0,
        "K4": round(100 * (scored["state_imposed_basis"] == "linked").sum() / n, 1),
        "K5": round(100 * mapped.sum() / n, 1),
        "K6": float(flags.str.contains(";id_documents_held;", regex=False).sum()),
    }
    return out


def kpi_set(scored: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """The KPIs the plan relies on (plus the exposure KPIs), with baseline and target."""
    lib = {k["kpi_id"]: k for k in hrdd_data.table("kpi_library.csv")}
    ids = sorted(set(plan["kpi_id"]) | {"K3", "K4", "K5", "K6"}, key=lambda k: int(k[1:]))
    base = kpi_baselines(scored)
    rows = []
    for k in ids:
        e = lib[k]
        rows.append({"kpi_id": k, "kpi": e["kpi"], "definition": e["definition"], "unit": e["unit"],
                     "direction": e["direction"], "baseline": base.get(k),
                     "target": e["default_target"], "current": None, "basis": e["basis"]})
    return pd.DataFrame(rows, columns=KPI_COLUMNS)


def export_plan(plan: pd.DataFrame, kpis: pd.DataFrame, path: str | Path, info: dict | None = None,
                protect=(), *, force: bool = False, rename: bool = False) -> Path:
    """Write the plan and the KPIs to a new Excel file with an About sheet."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = tr(PLAN_SHEET)
    write_table(ws, [tr(HEADERS[c]) for c in PLAN_COLUMNS],
                [[_shown(c, _cell(r.get(c))) for c in PLAN_COLUMNS] for r in plan.to_dict("records")],
                widths={2: 26, 5: 60, 8: 44, 9: 18, 12: 30, 14: 40})
    dv = DataValidation(type="list", formula1='"' + ",".join(tr(s) for s in STATUSES) + '"', allow_blank=False)
    dv.add(f"M2:M{max(2, len(plan) + 200)}")
    ws.add_data_validation(dv)
    ks = wb.create_sheet(tr(KPI_SHEET))
    write_table(ks, [tr(HEADERS[c]) for c in KPI_COLUMNS],
                [[_shown(c, _cell(r.get(c))) for c in KPI_COLUMNS] for r in kpis.to_dict("records")],
                widths={2: 30, 3: 60, 9: 40})
    add_about_sheet(wb, info or risk.provenance_info())
    return save_new(wb, path, protect=protect, force=force, rename=rename, title=tr("Cannot write the plan"))


def _cell(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return v.item() if hasattr(v, "item") else v


def load_plan(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read an exported (and possibly updated) plan back; every problem names sheet, row and column."""
    path = Path(path)
    names = {sheet: spellings(sheet) for sheet in (PLAN_SHEET, KPI_SHEET)}
    wb = open_xlsx(path, sheets=[n for ns in names.values() for n in ns], title=tr("Cannot read the action plan"),
                   missing=Problem(tr("the file does not exist"), file=str(path), fix=tr("check the path")),
                   not_xlsx=tr("the file cannot be opened as an Excel workbook"),
                   not_xlsx_fix=tr("save it again as .xlsx"))
    problems: list[Problem] = []
    frames = {}
    for key, cols in ((PLAN_SHEET, PLAN_COLUMNS), (KPI_SHEET, KPI_COLUMNS)):
        sheet = next((n for n in names[key] if n in wb.sheet_names), None)
        if sheet is None:
            problems.append(Problem(tr("the sheet '{sheet}' is missing", sheet=tr(key)), file=path.name,
                                    value=", ".join(wb.sheet_names),
                                    fix=tr("use the file exported by the workbook, with its sheet names")))
            continue
        data = wb.rows(sheet, max_columns=len(cols) + 30)
        header = [str(h).strip() for h in (data[0] if data else [])]
        where = {c: next((header.index(n) for n in spellings(HEADERS[c]) if n in header), None) for c in cols}
        miss = [c for c in cols if where[c] is None]
        for c in miss:
            problems.append(Problem(tr("the column '{column}' is missing", column=tr(HEADERS[c])), file=path.name,
                                    sheet=sheet, row=1, column=tr(HEADERS[c]),
                                    fix=tr("restore the header row as exported")))
        if miss:
            continue
        recs = []
        for i, row in enumerate(data[1:], start=2):
            if all(str(v).strip() == "" for v in row):
                continue
            rec = {c: row[where[c]] for c in cols}
            for c, v in rec.items():
                if v == "":
                    rec[c] = None
                elif isinstance(v, float) and v.is_integer() and c in ("priority", "score"):
                    rec[c] = int(v)
                elif c in CODED:
                    rec[c] = _code_of(c, v)
            if key == PLAN_SHEET:
                if rec["status"] not in STATUSES:
                    problems.append(Problem(tr("unknown status"), file=path.name, sheet=sheet, row=i,
                                            column=tr(HEADERS["status"]), value=rec["status"],
                                            fix=tr("use one of: {choices}",
                                                   choices=", ".join(tr(x) for x in STATUSES))))
                if rec["action_type"] not in ACTION_TYPES:
                    problems.append(Problem(tr("unknown action type"), file=path.name, sheet=sheet, row=i,
                                            column=tr(HEADERS["action_type"]), value=rec["action_type"],
                                            fix=tr("use one of: {choices}",
                                                   choices=", ".join(tr(x) for x in ACTION_TYPES))))
                try:
                    dt.date.fromisoformat(str(rec["deadline"])[:10])
                except ValueError:
                    problems.append(Problem(tr("the deadline is not a date"), file=path.name, sheet=sheet, row=i,
                                            column=tr(HEADERS["deadline"]), value=rec["deadline"],
                                            fix=tr("write it as YYYY-MM-DD")))
                rec["deadline"] = str(rec["deadline"])[:10] if rec["deadline"] else None
                rec["progress_note"] = rec["progress_note"] or ""
            else:
                for c in ("baseline", "target", "current"):
                    if rec[c] is not None and not isinstance(rec[c], (int, float)):
                        try:
                            rec[c] = float(str(rec[c]).replace(",", "."))
                        except ValueError:
                            problems.append(Problem(tr("not a number"), file=path.name, sheet=sheet, row=i,
                                                    column=tr(HEADERS[c]), value=rec[c],
                                                    fix=tr("enter a number, or leave the cell empty")))
                    elif rec[c] is not None:
                        rec[c] = float(rec[c])
            recs.append(rec)
        frames[key] = pd.DataFrame(recs, columns=cols)
    if problems:
        raise InputError(problems, title=tr("The action plan has problems"))
    return frames[PLAN_SHEET], frames[KPI_SHEET]


def progress(plan: pd.DataFrame, kpis: pd.DataFrame) -> dict:
    """Share of actions done and KPIs moving towards their target (for next year's review)."""
    done = int((plan["status"] == "done").sum())
    moving, measured = 0, 0
    for r in kpis.to_dict("records"):
        if r["current"] is None or r["baseline"] is None or pd.isna(r["current"]) or pd.isna(r["baseline"]):
            continue
        measured += 1
        better = r["current"] > r["baseline"] if r["direction"] == "increase" else r["current"] < r["baseline"]
        moving += bool(better)
    return {"actions": len(plan), "done": done, "kpis_measured": measured, "kpis_improving": moving}
