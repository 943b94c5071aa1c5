"""What the fl1 notebook shows: cards, tables, one chart, a scenario explorer, downloads.

A thin layer over :mod:`essentials` and :mod:`checklists`: each function turns checked
content into HTML, a DataFrame or a figure, so the notebook stays a sequence of short calls.
Unverified text is shown with its flag; every card names its source.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Iterable

from workbook.errors import ContentError, InputError
from workbook.forced_labour.essentials import checklists
from workbook.forced_labour.essentials.content import (
    SAMPLE_ANSWERS,
    Content,
    chain_name,
    classification_labels,
    content_dir,
    groups_and_drivers,
    indicator_names,
    load,
    scenarios_summary,
    severity_name,
    shown,
)
from workbook.i18n import N_, number, tr
from workbook.language import language
from workbook.provenance import add_footer, provenance
from workbook.schemas import label, read_document

STYLE = """<style>
.fl1-card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:6px 0;background:#fbfcfd}
.fl1-card h4{margin:0 0 4px 0}.fl1-src{color:#57606a;font-size:0.85em;margin-top:4px}
.fl1-flag{background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:1px 6px;font-size:0.85em}
.fl1-quote{font-style:italic}.fl1-tag{display:inline-block;background:#ddf4ff;border-radius:10px;
padding:0 8px;margin:1px;font-size:0.85em}.fl1-sev-critical{color:#a40e26;font-weight:bold}
.fl1-sev-high{color:#bc4c00;font-weight:bold}.fl1-sev-medium{color:#7d4e00}
</style>"""
UNVERIFIED_NOTE = N_("plain-language explanation written for this course; not checked against the "
                     "ILO booklet's own wording")
BASIS = {"documented_case": N_("a documented case"),
         "documented_pattern": N_("a documented pattern, fictional names"),
         "illustrative": N_("an illustration")}


def _h(text: Any) -> str:
    return html.escape(str(text))


def _HTML(text: str):  # noqa: N802 (mirrors IPython's class)
    from IPython.display import HTML

    return HTML(STYLE + text)


def _src(source: str) -> str:
    return '<div class="fl1-src">' + _h(tr("Source:")) + f' {_h(source)}</div>'


def _card(title: str, body: str, source: str | None = None, flag: str | None = None) -> str:
    flag_html = f' <span class="fl1-flag">⚠ {_h(flag)}</span>' if flag else ""
    return (f'<div class="fl1-card"><h4>{_h(title)}</h4>{body}{flag_html}'
            f'{_src(source) if source else ""}</div>')


# ------------------------------------------------------------------ fl1.a / fl1.b
def concepts(group: str | None = None, ids: Iterable[str] | None = None, content: Content | None = None):
    """Definition cards: quoted legal text in italics, a plain version under it, the source."""
    content = content or load()
    items = content.section("definitions.yaml", "concepts")
    wanted = list(ids) if ids else None
    items = [c for c in items if (group is None or c["group"] == group) and (wanted is None or c["id"] in wanted)]
    if wanted:
        items.sort(key=lambda c: wanted.index(c["id"]))
    out = []
    for c in items:
        nl = f' <small>(NL: {_h(c["term_nl"])})</small>' if c.get("term_nl") and language() == "en" else ""
        text = f'<p class="fl1-quote">{_h(c["text"])}</p>' if c["quote"] else f"<p>{_h(c['text'])}</p>"
        body = text + "<p><b>" + _h(tr("In plain words:")) + f"</b> {_h(c['plain'])}</p>" + nl
        out.append(_card(c["term"], body, c["source"], None if c["verified"] else tr("not verified")))
    return _HTML("".join(out))


def estimates_table(content: Content | None = None):
    """The headline numbers, each with its edition and source."""
    import pandas as pd

    content = content or load()
    rows = content.section("where_it_occurs.yaml", "global_estimates")
    return pd.DataFrame([{tr("what"): r["metric"], tr("value"): r["value"], tr("unit"): r["unit"],
                          tr("edition"): r["edition"], tr("source"): r["source"]} for r in rows])


def sector_chart(content: Content | None = None):
    """Forced labour exploitation in the private economy by sector (GEMS 2022), as a bar chart."""
    import matplotlib.pyplot as plt

    content = content or load()
    rows = sorted(content.section("where_it_occurs.yaml", "sectors"), key=lambda r: r["value"])
    fig, ax = plt.subplots(figsize=(11, 4.8))
    bars = ax.barh([r["sector"] for r in rows], [r["value"] for r in rows], color="#3b6ea5")
    ax.bar_label(bars, labels=[tr("{value} m", value=number(r["value"], 1)) for r in rows], padding=4, fontsize=12)
    ax.set_xlabel(tr("million people (on any given day in 2021)"), fontsize=12)
    fig.suptitle(tr("Forced labour exploitation in the private economy, by sector"), fontsize=15, x=0.01,
                 ha="left")
    ax.tick_params(labelsize=12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, max(r["value"] for r in rows) * 1.2)
    fig.text(0.01, 0.04, tr("Source:") + " " + rows[0]["source"], fontsize=8, color="#444444")
    add_footer(fig, provenance(data_edition=rows[0]["edition"]))
    fig.tight_layout(rect=(0, 0.07, 1, 0.95))
    return fig


def stages_table(chain: str | None = None, content: Content | None = None):
    """Where in a clothing, footwear or furniture chain the documented risks sit."""
    import pandas as pd

    content = content or load()
    rows = [s for s in content.section("where_it_occurs.yaml", "supply_chain_stages")
            if chain is None or chain in s["chains"]]
    return pd.DataFrame([{tr("stage"): s["stage"], tr("chains"): ", ".join(chain_name(c) for c in s["chains"]),
                          tr("what is documented"): s["pattern"], tr("source"): s["source"]} for s in rows])


def goods_list_facts(content: Content | None = None):
    content = content or load()
    return _HTML("".join(_card(f["edition"], f"<p>{_h(f['fact'])}</p>", f["source"])
                         for f in content.section("where_it_occurs.yaml", "goods_list_facts")))


# ------------------------------------------------------------------ fl1.c
def indicators(content: Content | None = None):
    """The 11 ILO indicators as cards: name, plain explanation (flagged), what a buyer sees, examples."""
    content = content or load()
    meta = content.files["indicators.yaml"]
    out = [f"<p><b>{_h(meta['rule'])}</b></p>{_src(meta['rule_source'])}"]
    for i in content.indicators:
        nl = f' <small>(NL: {_h(i["name_nl"])})</small>' if i.get("name_nl") and language() == "en" else ""
        body = f"<p>{_h(i['explanation'])}{nl}</p>"
        body += ("<p><b>" + _h(tr("What a buyer may see:")) + "</b></p><ul>"
                 + "".join(f"<li>{_h(s)}</li>" for s in i["buyer_signals"]))
        body += "</ul><p><b>" + _h(tr("In the sector:")) + "</b></p><ul>"
        for ex in i["examples"]:
            tag = tr("documented") if ex["basis"] == "documented" else tr("illustration")
            body += (f"<li>{_h(ex['text'])} <small>({tag}, {_h(chain_name(ex['chain']))}; "
                     f"{_h(ex['source'])})</small></li>")
        body += "</ul>"
        out.append(_card(f"{i['number']}. {i['name']}", body, i["source"],
                         None if i["explanation_verified"] else tr(UNVERIFIED_NOTE)))
    return _HTML("".join(out))


# ------------------------------------------------------------------ fl1.d / fl1.e
def groups_table(content: Content | None = None):
    return groups_and_drivers(content)


def root_causes(content: Content | None = None):
    content = content or load()
    return _HTML("".join(
        _card(c["name"], f"<p>{_h(c['explanation'])}</p><p><b>" + _h(tr("What a buyer can do:")) + f"</b> "
                         f"{_h(c['buyer_lever'])}</p>",
              c["source"]) for c in content.section("vulnerability.yaml", "root_causes")))


# ------------------------------------------------------------------ fl1.f
def state_imposed(content: Content | None = None):
    """C105's banned purposes, the characteristics, and the cases."""
    content = content or load()
    data = content.files["state_imposed.yaml"]
    purposes = {p["id"]: p for p in data["c105_purposes"]}
    out = ["<h4>" + _h(tr("What states may not use forced labour for (ILO Convention No. 105, Art. 1)"))
           + "</h4><ul>"]
    out += [f"<li>{_h(p['article'])}: {_h(p['purpose'])}</li>" for p in data["c105_purposes"]]
    out.append(f"</ul>{_src(data['c105_purposes'][0]['source'].rsplit(',', 1)[0])}"
               f"<h4>" + _h(tr("How to recognise it")) + "</h4>")
    out += [_card(c["name"], f"<p>{_h(c['text'])}</p>", c["source"]) for c in data["characteristics"]]
    out.append("<h4>" + _h(tr("Cases")) + "</h4>")
    for case in data["cases"]:
        body = "<ul>" + "".join(f"<li>{_h(f)}</li>" for f in case["facts"]) + "</ul>"
        body += "<p>C105: " + ", ".join(_h(purposes[p]["article"]) for p in case["c105_purposes"]) + "</p>"
        body += "<p><b>" + _h(tr("What buyers do:")) + f"</b> {_h(case['buyer_response'])}</p>"
        out.append(_card(case["name"], body, case["source"]))
    return _HTML("".join(out))


# ------------------------------------------------------------------ fl1.g
def scenario_html(scenario: dict, reveal: bool, content: Content | None = None) -> str:
    """One case; with ``reveal`` also the analysis (indicators, red flags, what to do and not to do)."""
    content = content or load()
    basis = tr(BASIS[scenario["basis"]])
    body = (f"<p>{_h(scenario['text'])}</p><p><small>{_h(chain_name(scenario['chain']))} · "
            f"{_h(scenario['country'])} · {basis}</small></p>")
    if reveal:
        names = indicator_names(content)
        flags = {rf["id"]: rf["flag"] for rf in content.red_flags}
        sev = scenario["severity"]
        body += ("<p><b>" + _h(tr("Classification:")) + f"</b> "
                 f"{_h(classification_labels(content)[scenario['classification']])}. ")
        body += f"{_h(scenario['classification_note'])}</p>"
        body += '<p><b>' + _h(tr("Severity:")) + f'</b> <span class="fl1-sev-{sev}">{_h(severity_name(sev))}</span></p>'
        tags = ("".join(f'<span class="fl1-tag">{_h(names[i])}</span>' for i in scenario["indicators"])
                or _h(tr("none")))
        body += ("<p><b>" + _h(tr("ILO indicators:")) + f"</b> {tags}</p><p><b>" + _h(tr("Red flags:"))
                 + "</b></p><ul>")
        body += "".join(f"<li>{_h(flags[r])}</li>" for r in scenario["red_flags"]) + "</ul>"
        body += ("<p><b>" + _h(tr("Next steps:")) + "</b></p><ol>"
                 + "".join(f"<li>{_h(s)}</li>" for s in scenario["next_steps"]))
        body += ("</ol><p><b>" + _h(tr("Not to do:")) + "</b></p><ul>"
                 + "".join(f"<li>{_h(s)}</li>" for s in scenario["not_to_do"]))
        body += "</ul>"
    return _card(scenario["title"], body, scenario["source"])


def scenario_explorer(solution_mode: bool = False, content: Content | None = None):
    """Pick a case, think, then reveal the analysis. In solution mode: a static summary table."""

    content = content or load()
    if solution_mode:
        return scenarios_summary(content)
    import ipywidgets as w

    options = [(s["title"], s["id"]) for s in content.scenarios]
    by_id = {s["id"]: s for s in content.scenarios}
    pick = w.Dropdown(options=options, description=tr("Case:"), layout=w.Layout(width="70%"))
    reveal = w.ToggleButton(description=tr("Show the analysis"), value=False, icon="eye")
    out = w.HTML()

    def redraw(*_):
        out.value = STYLE + scenario_html(by_id[pick.value], reveal.value, content)

    def on_pick(*_):
        reveal.value = False
        redraw()

    pick.observe(on_pick, names="value")
    reveal.observe(redraw, names="value")
    redraw()
    box = w.VBox([w.HBox([pick, reveal]), out])
    box.add_class("fl1-scenario-explorer")
    return box


# ------------------------------------------------------------------ fl1.h
def good_practices(content: Content | None = None):
    content = content or load()
    data = content.files["good_practices.yaml"]
    out = [_card(p["name"], f"<p>{_h(p['what'])}</p><p><b>" + _h(tr("Lesson:")) + f"</b> {_h(p['lesson'])}</p>",
                 p["source"]) for p in data["practices"]]
    out.append("<h4>" + _h(tr("Anti-patterns: what not to do")) + "</h4>")
    out += [_card(a["name"], f"<p>{_h(a['why'])}</p>", a["source"]) for a in data["anti_patterns"]]
    return _HTML("".join(out))


# ------------------------------------------------------------------ fl1.i
def checklist_table(content: Content | None = None):
    import pandas as pd

    content = content or load()
    names = indicator_names(content)
    areas = content.files["red_flag_checklist.yaml"]["areas"]
    return pd.DataFrame([{tr("area"): areas[r["area"]], tr("red flag"): r["flag"],
                          tr("ILO indicators"): ", ".join(names[i] for i in r["indicators"]),
                          tr("how to check"): r["how_to_check"]} for r in content.red_flags])


def sample_answers(content: Content | None = None) -> checklists.QuestionnaireResult:
    """The fictional supplier's filled questionnaire used to demonstrate reading answers back."""

    content = content or load()
    path = content_dir() / SAMPLE_ANSWERS
    data = read_document(path)  # answers name only questions that exist (declared in schemas.yaml)
    questions = {q["id"]: q for q in content.questions}
    answers: dict[str, Any] = {qid: None for qid in questions}

    for qid, raw in data["answers"].items():
        value, problem = checklists.parse_answer(questions[qid], raw)
        if problem:
            raise ContentError(label(path), f"question '{qid}': {problem[0]} (found {raw!r}); {problem[1]}")
        answers[qid] = value
    return checklists.QuestionnaireResult(answers=answers, supplier=dict(data.get("supplier") or {}))


def flags_table(result: checklists.QuestionnaireResult, content: Content | None = None):
    """The red flags a questionnaire raises, with the answer behind each and what to check next."""
    import pandas as pd

    content = content or load()
    names = indicator_names(content)
    how = {r["id"]: r["how_to_check"] for r in content.red_flags}
    questions = {q["id"]: q["question"] for q in content.questions}
    columns = [tr("question"), tr("answer"), tr("red flag"), tr("ILO indicators"), tr("verify by")]
    rows = [dict(zip(columns, (questions[f["question"]], shown(f["answer"]) if isinstance(f["answer"], str)
                               else f["answer"], f["flag"], ", ".join(names[i] for i in f["indicators"]),
                               how[f["red_flag"]])))
            for f in checklists.red_flags_from_answers(result.answers, content)]
    return pd.DataFrame(rows, columns=columns)


def questionnaire_flags(path: str | Path | None = None, content: Content | None = None):
    """Red flags from a filled questionnaire (or, without a path, the fictional sample supplier).

    Problems in the file are listed with sheet, row, column and fix instead of raising, so the
    notebook shows what to correct.
    """
    import pandas as pd  # noqa: F401 (flags_table needs it)

    content = content or load()
    try:
        result = checklists.read_questionnaire(path, content) if path else sample_answers(content)
    except InputError as exc:
        items = "".join(f"<li>{_h(p)}</li>" for p in exc.problems)
        return _HTML(f'<div class="fl1-card"><b>{_h(exc.title)}</b><ul>{items}</ul></div>')
    who = result.supplier.get(checklists.SUPPLIER_NAME) or Path(str(path)).name
    table = flags_table(result, content)
    summary = (f"<p><b>{_h(who)}</b>: "
               + _h(tr("{flags} red flag(s) from {answered} answered question(s); {unanswered} unanswered. "
                       "Every red flag is a question to verify with workers, not a verdict.",
                       flags=len(table), answered=len(content.questions) - len(result.unanswered()),
                       unanswered=len(result.unanswered())))
               + "</p>")
    return _HTML(summary + table.to_html(index=False, escape=True))


def offer_downloads(course, content: Content | None = None) -> list[Path]:
    """Export the checklist and the questionnaire to the participant's folder and offer them.

    A file already there (perhaps filled in) is never overwritten: a new name is chosen.
    In solution mode nothing is written.
    """
    names = ("fl1_red_flag_checklist.xlsx", "fl1_supplier_questionnaire.xlsx")
    if course.solution_mode:
        for n in names:
            course.download_link(n)
        return []
    folder = Path(course.home) / "exports"
    out = [checklists.export_checklist(checklists.next_free_path(folder / names[0]), content=content),
           checklists.export_questionnaire(checklists.next_free_path(folder / names[1]), content=content)]
    for p in out:
        course.download_link(p)
    return out
