"""The red-flag checklist and the supplier self-assessment questionnaire, as Excel files.

A participant exports them, fills them in (or sends the questionnaire to a supplier), and
reads the filled file back: answers are checked (a bad cell is reported with its sheet, row,
column, value and fix) and turned into red flags. Text is written formula-safe, and the
input file is never overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from workbook.errors import InputError, Problem
from workbook.excel import save_new, write_table
from workbook.forced_labour.essentials.content import Content, indicator_names, load, shown
from workbook.i18n import N_, spellings, tr, translate
from workbook.language import LANGUAGES
from workbook.provenance import add_about_sheet, provenance
from workbook.safeinput import open_xlsx

# Sheet names, headers and answers are written in the reader's language; the English is the
# canonical form (what the code compares and stores), and a file in either language reads back.
CHECKLIST_SHEET = N_("Red flags")
QUESTIONNAIRE_SHEET = N_("Questionnaire")
SUPPLIER_SHEET = N_("Supplier")
INDICATOR_SHEET = N_("ILO indicators")
CHECKLIST_HEADER = (N_("ID"), N_("Area"), N_("Red flag"), N_("ILO indicators"), N_("How to check"), N_("Found?"),
                    N_("Notes"), N_("Source"))
QUESTIONNAIRE_HEADER = (N_("ID"), N_("Section"), N_("Question"), N_("Answer type"), N_("Possible answers"),
                        N_("Answer"), N_("Guidance"), N_("Source"))
SUPPLIER_FIELDS = (N_("Supplier name"), N_("Site (address)"), N_("Filled in by"), N_("Date"))
SUPPLIER_NAME = SUPPLIER_FIELDS[0]
YES_NO = (N_("Yes"), N_("No"))
TYPE_LABELS = {"yes_no": N_("Yes / No"), "number": N_("number"), "percent": N_("percent (0-100)"),
               "choice": N_("choose one"), "text": N_("text")}
CHECKLIST_TITLE = N_("Red-flag checklist")
QUESTIONNAIRE_TITLE = N_("Supplier self-assessment questionnaire")


def canonical(text: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The English choice a cell means, whatever language it was written in (case ignored)."""
    text = text.strip().lower()
    return next((c for c in choices if text in {s.lower() for s in spellings(c)}), None)


@dataclass
class ChecklistResult:
    """What a participant recorded in the checklist: per red flag, Found? and notes."""

    found: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def flagged(self) -> list[str]:
        return [k for k, v in self.found.items() if v == "Yes"]

    def unknown(self) -> list[str]:
        return [k for k, v in self.found.items() if v in ("Unknown", "")]


@dataclass
class QuestionnaireResult:
    """A supplier's answers (None when unanswered), and who answered."""

    answers: dict[str, Any] = field(default_factory=dict)
    supplier: dict[str, str] = field(default_factory=dict)

    def unanswered(self) -> list[str]:
        return [k for k, v in self.answers.items() if v is None]


# ------------------------------------------------------------------ export
def next_free_path(path: str | Path) -> Path:
    """``path``, or ``name (2).xlsx``, ``name (3).xlsx``... if taken: a filled-in file is never replaced."""
    path = Path(path)
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def export_checklist(path: str | Path, result: ChecklistResult | None = None, *,
                     content: Content | None = None, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write the red-flag checklist to a new Excel file (optionally with earlier answers)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    content = content or load()
    meta = content.files["red_flag_checklist.yaml"]
    names = indicator_names(content)
    result = result or ChecklistResult()
    wb = Workbook()
    ws = wb.active
    ws.title = tr(CHECKLIST_SHEET)
    rows = [(rf["id"], meta["areas"][rf["area"]], rf["flag"], "; ".join(names[i] for i in rf["indicators"]),
             rf["how_to_check"], shown(result.found.get(rf["id"], "")), result.notes.get(rf["id"], ""), rf["source"])
            for rf in content.red_flags]
    last = write_table(ws, tuple(tr(h) for h in CHECKLIST_HEADER), rows,
                       widths={1: 28, 2: 24, 3: 60, 4: 34, 5: 60, 6: 12, 7: 40, 8: 50})
    answers = [shown(a) for a in meta["answers"]]
    dv = DataValidation(type="list", formula1='"' + ",".join(answers) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle=tr("Found?"),
                        error=tr("Choose {choices}.", choices=", ".join(answers)))
    ws.add_data_validation(dv)
    dv.add(f"F2:F{last - 1}")
    _indicator_sheet(wb, content)
    _about(wb, content, tr(CHECKLIST_TITLE))
    return save_new(wb, path, protect=protect)


def export_questionnaire(path: str | Path, result: QuestionnaireResult | None = None, *,
                         content: Content | None = None, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write the supplier self-assessment questionnaire to a new Excel file."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    content = content or load()
    sections = content.files["supplier_questionnaire.yaml"]["sections"]
    result = result or QuestionnaireResult()
    wb = Workbook()
    ws = wb.active
    ws.title = tr(QUESTIONNAIRE_SHEET)
    rows = []
    for q in content.questions:
        answer = result.answers.get(q["id"])
        if isinstance(answer, str) and q["answer_type"] in ("yes_no", "choice"):
            answer = shown(answer)
        rows.append((q["id"], sections[q["section"]], q["question"], tr(TYPE_LABELS[q["answer_type"]]),
                     _possible(q), "" if answer is None else answer, q["guidance"], q["source"]))
    write_table(ws, tuple(tr(h) for h in QUESTIONNAIRE_HEADER), rows,
                widths={1: 22, 2: 26, 3: 70, 4: 16, 5: 40, 6: 30, 7: 60, 8: 50})
    for r, q in enumerate(content.questions, start=2):
        dv = _validation(q, DataValidation)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"F{r}")
    sup = wb.create_sheet(tr(SUPPLIER_SHEET))
    write_table(sup, (tr("Field"), tr("Value")), [(tr(f), result.supplier.get(f, "")) for f in SUPPLIER_FIELDS],
                widths={1: 20, 2: 50})
    _about(wb, content, tr(QUESTIONNAIRE_TITLE))
    return save_new(wb, path, protect=protect)


def _possible(q: dict) -> str:
    kind = q["answer_type"]
    if kind == "yes_no":
        return "; ".join(shown(o) for o in YES_NO)
    if kind == "choice":
        return "; ".join(shown(o) for o in q["options"])
    if kind in ("number", "percent"):
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else None)
        return tr("{lo} to {hi}", lo=lo, hi=hi) if hi is not None else tr("{lo} or more", lo=lo)
    return tr("free text")


def _validation(q: dict, DataValidation):  # noqa: N803 (the openpyxl class)
    kind = q["answer_type"]
    if kind in ("yes_no", "choice"):
        options = [shown(o) for o in (YES_NO if kind == "yes_no" else q["options"])]
        if sum(len(o) + 1 for o in options) > 250 or any("," in o or '"' in o for o in options):
            return None  # Excel lists cannot hold these; reading back still checks the value
        return DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    if kind in ("number", "percent"):
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else 10**9)
        return DataValidation(type="decimal", operator="between", formula1=str(lo), formula2=str(hi),
                              allow_blank=True, showErrorMessage=True,
                              error=tr("Enter a number from {lo} to {hi}.", lo=lo, hi=hi))
    return None


def _indicator_sheet(wb, content: Content) -> None:
    ws = wb.create_sheet(tr(INDICATOR_SHEET))
    rows = [(i["number"], i["name"], i["explanation"],
             tr("yes") if i["explanation_verified"] else tr("no (course paraphrase, not the ILO's wording)"),
             i["source"]) for i in content.indicators]
    write_table(ws, (tr("No."), tr("Indicator"), tr("Plain explanation"),
                     tr("Explanation checked against the ILO text?"), tr("Source")),
                rows, widths={1: 6, 2: 34, 3: 80, 4: 24, 5: 60})


def _about(wb, content: Content, title: str) -> None:
    info = {"document": title, **provenance(data_edition=content.edition(), sources=content.sources())}
    add_about_sheet(wb, info)


# ------------------------------------------------------------------ read back
def _sheet_name(names: list[str], sheet: str) -> str | None:
    """The sheet of a filled file that is ``sheet`` in one of the languages."""
    return next((n for n in names if n in spellings(sheet)), None)


def _open(path: str | Path, sheet: str, header: tuple[str, ...]):
    """The data rows of a sheet exported by the course (in any language), after its header is checked."""
    from openpyxl import load_workbook

    path = Path(path)
    open_xlsx(path, sheets=sorted(spellings(sheet)), title=tr("Cannot read the file"),
              missing=Problem(tr("the file does not exist"), file=str(path),
                              fix=tr("check the name and folder of the file"))).close()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-xlsx file
        raise InputError([Problem(tr("not an Excel (.xlsx) file ({kind})", kind=type(exc).__name__), file=path.name,
                                  fix=tr("save the file as Excel Workbook (.xlsx) and try again"))],
                         title=tr("Cannot read the file")) from None
    found = _sheet_name(wb.sheetnames, sheet)
    if found is None:
        wb.close()
        raise InputError([Problem(tr("the sheet '{sheet}' is missing", sheet=tr(sheet)), file=path.name,
                                  fix=tr("use the file exported by the course; it has a sheet '{sheet}'",
                                         sheet=tr(sheet)))],
                         title=tr("Cannot read the file"))
    rows = list(wb[found].iter_rows(values_only=True))
    wb.close()
    got = tuple(str(c or "").strip() for c in (rows[0] if rows else ()))[:len(header)]
    if not any(got == tuple(translate(h, lang) for h in header) for lang in LANGUAGES):
        raise InputError([Problem(tr("the header row has been changed"), file=path.name, sheet=found, row=1,
                                  value=", ".join(got),
                                  fix=tr("restore the header: {header}", header=", ".join(tr(h) for h in header)))],
                         title=tr("Cannot read the file"))
    return path, found, rows[1:]


def _text(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return "" if value is None else str(value).strip()


def read_checklist(path: str | Path, content: Content | None = None) -> ChecklistResult:
    """Read a filled checklist; every problem is reported at once with sheet, row and column."""
    content = content or load()
    path, sheet, rows = _open(path, CHECKLIST_SHEET, CHECKLIST_HEADER)
    allowed = list(content.files["red_flag_checklist.yaml"]["answers"])
    known = {rf["id"] for rf in content.red_flags}
    result, problems = ChecklistResult(), []
    for r, row in enumerate(rows, start=2):
        row = tuple(row) + (None,) * (len(CHECKLIST_HEADER) - len(row))
        rid, found, notes = _text(row[0]), _text(row[5]), _text(row[6])
        if not rid and not found and not notes:
            continue
        if rid not in known:
            problems.append(Problem(tr("unknown red-flag id"), file=path.name, sheet=sheet, row=r, column=tr("ID"),
                                    value=rid, fix=tr("do not edit the ID column; export a fresh checklist if needed")))
            continue
        match = canonical(found, allowed)
        if found and match is None:
            problems.append(Problem(tr("the answer is not one of the choices"), file=path.name, sheet=sheet,
                                    row=r, column=tr("Found?"), value=found,
                                    fix=tr("choose {choices}", choices=", ".join(shown(a) for a in allowed))))
            continue
        result.found[rid] = match or ""
        result.notes[rid] = notes
    if problems:
        raise InputError(problems, title=tr("The checklist {name} has problems", name=path.name))
    return result


def read_questionnaire(path: str | Path, content: Content | None = None) -> QuestionnaireResult:
    """Read a filled questionnaire; check every answer against its question's type."""
    from openpyxl import load_workbook

    content = content or load()
    path, sheet, rows = _open(path, QUESTIONNAIRE_SHEET, QUESTIONNAIRE_HEADER)
    questions = {q["id"]: q for q in content.questions}
    result = QuestionnaireResult(answers={qid: None for qid in questions})
    problems: list[Problem] = []
    for r, row in enumerate(rows, start=2):
        row = tuple(row) + (None,) * (len(QUESTIONNAIRE_HEADER) - len(row))
        qid, raw = _text(row[0]), row[5]
        if not qid and raw in (None, ""):
            continue
        if qid not in questions:
            problems.append(Problem(tr("unknown question id"), file=path.name, sheet=sheet, row=r,
                                    column=tr("ID"), value=qid, fix=tr("do not edit the ID column")))
            continue
        value, problem = parse_answer(questions[qid], raw)
        if problem:
            problems.append(Problem(problem[0], file=path.name, sheet=sheet, row=r, column=tr("Answer"),
                                    value=raw, fix=problem[1]))
        else:
            result.answers[qid] = value
    if problems:
        raise InputError(problems, title=tr("The questionnaire {name} has problems", name=path.name))
    wb = load_workbook(path, read_only=True, data_only=True)
    supplier_sheet = _sheet_name(wb.sheetnames, SUPPLIER_SHEET)
    if supplier_sheet is not None:
        for row in list(wb[supplier_sheet].iter_rows(values_only=True))[1:]:
            field_name = canonical(_text(row[0]), SUPPLIER_FIELDS) if row else None
            if field_name is not None:
                result.supplier[field_name] = _text(row[1] if len(row) > 1 else None)
    wb.close()
    return result


def parse_answer(q: Mapping[str, Any], raw: Any) -> tuple[Any, tuple[str, str] | None]:
    """One answer as a value of its question's type, or (None, (problem, fix)).

    A choice is returned in English (the canonical answer), whichever language the cell is in.
    """
    kind = q["answer_type"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if kind in ("yes_no", "choice"):
        options = YES_NO if kind == "yes_no" else q["options"]
        match = canonical(_text(raw), options)
        if match is None:
            return None, (tr("the answer is not one of the choices"),
                          tr("choose one of: {choices}", choices="; ".join(shown(o) for o in options)))
        return match, None
    if kind in ("number", "percent"):
        if isinstance(raw, bool):
            return None, (tr("a number is needed"), tr("type a number"))
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = _text(raw).rstrip("%").strip().replace(" ", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                return None, (tr("a number is needed"), tr("type digits only, e.g. 12 or 12,5"))
        lo = q.get("min", 0)
        hi = q.get("max", 100 if kind == "percent" else None)
        if value < lo or (hi is not None and value > hi):
            fix = (tr("enter a number from {lo} to {hi}", lo=lo, hi=hi) if hi is not None
                   else tr("enter a number of at least {lo}", lo=lo))
            return None, (tr("the number is out of range"), fix)
        return (int(value) if value.is_integer() else value), None
    return _text(raw), None


# ------------------------------------------------------------------ answers -> red flags
def red_flags_from_answers(answers: Mapping[str, Any], content: Content | None = None) -> list[dict[str, Any]]:
    """The red flags a supplier's answers raise, each with the question and answer behind it."""
    content = content or load()
    flags = {rf["id"]: rf for rf in content.red_flags}
    out = []
    for q in content.questions:
        value = answers.get(q["id"])
        if value is None or "flag_when" not in q or not _matches(q["flag_when"], value):
            continue
        rf = flags[q["red_flag"]]
        out.append({"question": q["id"], "answer": value, "red_flag": rf["id"], "flag": rf["flag"],
                    "indicators": list(rf["indicators"])})
    return out


def _matches(cond: Mapping[str, Any], value: Any) -> bool:
    (op, target), = ((k, v) for k, v in cond.items())
    if op == "equals":
        return value == target
    if op == "in":
        return value in target
    if not isinstance(value, (int, float)):
        return False
    return value > target if op == "above" else value < target
