"""Widgets for the FLR notebooks: a thin layer over the tested functions.

Every builder takes ``solution_mode``: in solution mode it returns a static result
(HTML or a chart) so the solution notebooks read well without a kernel. Widgets get CSS
classes (``wb-flr-...``) as stable selectors for browser tests. Participant data (readiness
answers, the questions list) is kept with ``course.save``/``course.load``. Every label is in the
participant's language; widget values (the scenario keys, the stored answers) stay the same in
every language.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import Any

from workbook.display import output_area, show_figure, show_in, table
from workbook.errors import InputError
from workbook.forced_labour.flr import investigation as inv
from workbook.forced_labour.flr import questions as qs
from workbook.forced_labour.flr import readiness as rd
from workbook.forced_labour.flr.applicability import (
    COMPANY_SIZES,
    FORCED_LABOUR_VALUES,
    LOCATIONS,
    STAGES,
    VERDICT_TEXT,
    CheckResult,
    check_dict,
    load_cases,
)
from workbook.forced_labour.flr.facts import fact_label, load_table
from workbook.i18n import BABEL_LOCALE, N_, number, tr
from workbook.language import language
from workbook.provenance import add_footer, provenance

ANSWER_TEXT = {True: N_("Yes: the activity is covered"), False: N_("No: the activity is not covered"),
               "depends": N_("It depends: an open point of scope")}  # shown with tr()
ANSWER_COLOR = {True: "#b2182b", False: "#1a9850", "depends": "#e08214"}
READINESS_KEY = "fl3_readiness"

QUESTION_LABELS = {
    "is_product": N_("Is it a product (goods), not a service?"),
    "placed_on_eu_market": N_("Are you the first to supply it on the EU market (e.g. you import or make it)?"),
    "bought_in_eu": N_("Do you buy it from another business in the EU and resell it?"),
    "made_available_in_eu": N_("Do you supply it in the EU (sell, distribute or give it away)?"),
    "online_offer_targets_eu": N_("Do you sell it online to customers in the EU from outside the EU?"),
    "exported_from_eu": N_("Do you export it from the EU?"),
    "supplied_free_of_charge": N_("Is it given away free of charge (samples, give-aways)?"),
    "reached_end_user": N_("Are (some) units already with the end users?"),
    "second_hand": N_("Is it second-hand?"),
    "first_placed_before_application": N_("Was this stock first placed on the market before 14 Dec 2027?"),
    "commercial_activity": N_("Is this part of a business activity?"),
}
# The words of the scenario's pick lists as the participant reads them (the value stays the key).
CHOICE_LABELS = {
    "micro": N_("micro"), "small": N_("small"), "medium": N_("medium"), "large": N_("large"),
    "unknown": N_("unknown"), "yes": N_("yes"), "no": N_("no"), "raw_material": N_("raw material"),
    "processing": N_("processing"), "component": N_("component"), "manufacturing": N_("manufacturing"),
    "transport": N_("transport"), "outside_eu": N_("outside the EU"), "netherlands": N_("the Netherlands"),
    "other_eu_country": N_("another EU country"),
}
# Column names of the fact tables the notebook shows.
FACT_COLUMNS = {
    "article": N_("article"), "term": N_("term"), "definition": N_("definition"), "source": N_("source"),
    "actor": N_("actor"), "role": N_("role"), "fact": N_("fact"), "info_date": N_("info_date"),
    "info_date_note": N_("info_date_note"), "element": N_("element"), "detail": N_("detail"),
    "step_no": N_("step_no"), "phase": N_("phase"), "what_happens": N_("what_happens"),
    "criterion": N_("criterion"), "status": N_("status"),
}


PLAN_HEADERS = {"priority": N_("priority"), "area": N_("area"), "gap": N_("gap"), "action": N_("action"),
                "start": N_("start"), "end": N_("end"), "late": N_("late")}


def _plan_frame(plan: list[dict], columns: list[str]):
    """The readiness plan as a table in the participant's language (unchanged in English)."""
    import pandas as pd

    df = pd.DataFrame(plan)[columns]
    if language() == "en":
        return df
    return df.rename(columns={c: tr(PLAN_HEADERS[c]) for c in columns})


def _number(value: float) -> str:
    """A percentage figure as computed (42.5), written the reader's way (42,5 in Dutch)."""
    if language() == "en":
        return f"{value}"
    return number(value, 0 if float(value).is_integer() else 1)


def _options(values) -> list[tuple[str, str]]:
    """(label, value) pairs of a pick list: the label translated, the value as the checker reads it."""
    return [(tr(CHOICE_LABELS[v]) if v in CHOICE_LABELS else v, v) for v in values]


# ---------------------------------------------------------------- pure renderers
def result_html(result: CheckResult) -> str:
    """The checker's answer as HTML: verdict, numbered reasoning with articles, actions."""
    e = html.escape
    color = ANSWER_COLOR[result.applies]
    article = tr("Art.")
    steps = "".join(
        f"<li><b>{article} {e(s.article)}</b>"
        + ("" if s.article_verified else " <i>" + e(tr("(article number unconfirmed)")) + "</i>")
        + f": {e(s.reason)}</li>" for s in result.steps)
    acts = "".join(f"<li>{e(a)}</li>" for a in result.actions)
    open_q = ("<p><b>" + e(tr("Open questions")) + "</b> " + e(tr("(the outcome is the cautious reading):")) + " "
              f"{e('; '.join(result.open_questions))}</p>" if result.open_questions else "")
    outcome, why, todo = e(tr("Outcome:")), e(tr("Why, step by step")), e(tr("What to do"))
    return (f"<div class='wb-flr-result'><p style='font-size:1.2em;color:{color}'><b>"
            f"{e(tr(ANSWER_TEXT[result.applies]))}</b></p>"
            f"<p><b>{outcome}</b> {e(tr(VERDICT_TEXT[result.verdict]))} (<code>{e(result.verdict)}</code>)</p>"
            f"{open_q}<p>{e(result.summary)}</p>"
            f"<p><b>{why}</b></p><ol>{steps}</ol>"
            f"<p><b>{todo}</b></p><ul>{acts}</ul></div>")


def facts_frame(name: str, columns: list[str]):
    """A data file as a table with a 'status' column (confirmed / UNCONFIRMED)."""
    rows = load_table(name)
    status = any("verified" in r for r in rows)
    def name(c: str) -> str:
        return tr(FACT_COLUMNS[c]) if c in FACT_COLUMNS else c

    return table([{**{name(c): ("" if r[c] is None else r[c]) for c in columns},
                   **({name("status"): fact_label(r)} if status else {})} for r in rows])


def cases_html(graded_only: bool = False) -> str:
    """All scenario cases with the checker's answer and the defence (solution view)."""
    e = html.escape
    rows = []
    open_point = e(tr("open point: discussed, not graded"))
    for c in load_cases():
        if graded_only and not c["graded"]:
            continue
        r = check_dict(c["scenario"])
        covered = {True: tr("True"), False: tr("False"), "depends": tr("depends")}[r.applies]
        rows.append(f"<tr><td>{e(c['title'])}</td><td style='color:{ANSWER_COLOR[r.applies]}'>"
                    f"<b>{e(covered)}</b></td><td>{e(r.verdict)}</td><td>{e(c['defence'])}</td>"
                    f"<td>{'' if c['graded'] else open_point}</td></tr>")
    head = "".join(f"<th>{e(tr(h))}</th>" for h in (N_("Scenario"), N_("Covered?"), N_("Outcome"), N_("Why")))
    return ("<table class='wb-flr-cases'><tr>" + head + "<th></th></tr>" + "".join(rows) + "</table>")


def flr_timeline_chart():
    """The FLR's key dates on one line, from the timeline data."""
    import matplotlib.pyplot as plt

    rows = load_table("timeline.csv")
    keep = ["proposal", "ep_vote", "entry_into_force", "authorities_designated",
            "guidelines_published", "application", "review"]
    rows = [r for r in rows if r["id"] in keep]
    import textwrap

    fig, ax = plt.subplots(figsize=(12, 5))
    xs = [r["date"].toordinal() for r in rows]
    ax.hlines(0, min(xs) - 60, max(xs) + 60, color="grey")
    levels = (1, -1, 2, -2)
    for i, r in enumerate(rows):
        level = levels[i % len(levels)]
        strong = r["id"] == "application"
        ax.plot(xs[i], 0, "o", color="#b2182b" if strong else "#2166ac", markersize=10 if strong else 7)
        label = _date(r["date"]) + "\n" + textwrap.fill(r["event"], 26)
        if r["article"]:
            label += "\n(" + tr("Art.") + f" {r['article']})"
        ax.vlines(xs[i], 0, 0.55 * level, color="grey", linewidth=0.8)
        ax.text(xs[i], 0.58 * level, label, ha="center", va="bottom" if level > 0 else "top",
                fontsize=8.5, fontweight="bold" if strong else "normal")
    ax.set_ylim(-2.3, 2.3)
    ax.axis("off")
    ax.set_title(tr("EU Forced Labour Regulation (EU) 2024/3015: key dates"), fontsize=12)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    add_footer(fig, provenance(data_edition=tr("FLR timeline (data/forced_labour/flr/timeline.csv)")))
    return fig


def _date(day: dt.date, form: str = "medium") -> str:
    """A date as the reader writes it (14 Dec 2027, 14 dec. 2027)."""
    from babel.dates import format_date

    if language() == "en":
        return f"{day:%d %b %Y}" if form == "medium" else f"{day:%d %B %Y}"
    return format_date(day, format="d MMM y" if form == "medium" else "d MMMM y", locale=BABEL_LOCALE[language()])


# ---------------------------------------------------------------- interactive builders
def applicability_wizard(solution_mode: bool = False):
    """Answer a few questions about a product situation; see the answer with its articles."""
    import ipywidgets as w
    from IPython.display import HTML

    if solution_mode:
        return HTML(cases_html())
    cases = load_cases()
    example = w.Dropdown(options=[(tr("(start from an example)"), None)] +
                         [(c["title"], c["id"]) for c in cases], description=tr("Example"),
                         layout=w.Layout(width="520px"))
    desc = w.Textarea(description=tr("Situation"), placeholder=tr("Describe the product and the situation"),
                      layout=w.Layout(width="520px", height="60px"))
    toggles = {k: w.ToggleButtons(options=[(tr("Yes"), True), (tr("No"), False)], value=False,
                                  description="", style={"button_width": "60px"})
               for k in QUESTION_LABELS}
    toggles["is_product"].value = True
    toggles["commercial_activity"].value = True
    size = w.Dropdown(options=_options(COMPANY_SIZES), value="unknown", description=tr("Company size"))
    fl = w.Dropdown(options=_options(FORCED_LABOUR_VALUES), value="unknown",
                    description=tr("Forced labour?"), style={"description_width": "initial"})
    stage = w.Dropdown(options=_options(STAGES), value="unknown", description=tr("At which stage?"),
                       style={"description_width": "initial"})
    loc = w.Dropdown(options=_options(LOCATIONS), value="unknown", description=tr("Where?"))
    button = w.Button(description=tr("Check"), button_style="primary", icon="check")
    out = w.HTML()
    for widget in (button, out):
        widget.add_class("wb-flr-wizard")

    def collect() -> dict[str, Any]:
        raw = {k: t.value for k, t in toggles.items()}
        raw.update(description=desc.value.strip() or tr("My situation"), company_size=size.value,
                   forced_labour_in_supply_chain=fl.value, forced_labour_stage=stage.value,
                   forced_labour_location=loc.value)
        return raw

    def on_check(_=None):
        try:
            out.value = result_html(check_dict(collect()))
        except InputError as exc:
            out.value = "<pre>" + html.escape(str(exc)) + "</pre>"

    def on_example(change):
        case = next((c for c in cases if c["id"] == change["new"]), None)
        if not case:
            return
        s = case["scenario"]
        desc.value = s["description"]
        for k, t in toggles.items():
            default = k in ("is_product", "commercial_activity")
            t.value = bool(s.get(k, default))
        size.value = s["company_size"]
        fl.value = {True: "yes", False: "no"}.get(s["forced_labour_in_supply_chain"],
                                                  s["forced_labour_in_supply_chain"])
        stage.value = s.get("forced_labour_stage", "unknown")
        loc.value = s.get("forced_labour_location", "unknown")
        out.value = ""

    button.on_click(on_check)
    example.observe(on_example, names="value")
    rows = [w.HBox([w.Label(tr(QUESTION_LABELS[k]), layout=w.Layout(width="520px")), t])
            for k, t in toggles.items()]
    box = w.VBox([example, desc, *rows, size, fl, stage, loc, button, out])
    box.add_class("wb-flr-wizard")
    box._wb = {"example": example, "toggles": toggles, "size": size, "fl": fl, "button": button,
               "out": out, "collect": collect}
    return box


def investigation_widget(solution_mode: bool = False, request_date: dt.date = dt.date(2028, 2, 1)):
    """Pick a request date and a candidate set; see the deadlines, the chart and the evidence."""
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    def render(day: dt.date, candidate: str, assumed: int | None, lead: str = "commission"):
        events = inv.simulate(day, candidate, assumed, lead=lead)
        print(inv.calendar_note(lead))
        show_figure(inv.timeline_chart(events, day))
        events_frame = pd.DataFrame(inv.events_table(events)).drop(columns=["source"])
        display(table(events_frame if language() == "en" else
                      events_frame.rename(columns={c: tr(inv.EVENT_COLUMNS[c]) for c in events_frame.columns})))
        hol = inv.holidays_between(day, max(e.due for e in events if e.due)) if lead == "netherlands" else []
        if hol:
            display(table([{tr("date"): d.isoformat(), tr("Dutch public holiday"): n} for d, n in hol]))

    if solution_mode:  # static: displayed into the notebook itself, not into a widget
        render(request_date, "A", None)
        return None
    date = w.DatePicker(description=tr("Request date"), value=request_date,
                        style={"description_width": "initial"})
    cand = w.ToggleButtons(options=[(tr("A: 15 working days"), "A"), (tr("B: 30 working days"), "B")],
                           description=tr("Candidate"), style={"button_width": "150px"})
    assumed = w.BoundedIntText(value=30, min=1, max=120, description=tr("Authority's deadline (wd)"),
                               style={"description_width": "initial"})
    lead = w.ToggleButtons(options=[(tr("Commission (outside the EU)"), "commission"),
                                    (tr("Dutch authority"), "netherlands")],
                           description=tr("Who leads"), style={"button_width": "200px"})
    step = w.Dropdown(options=[(r["step"], r["id"]) for r in inv.deadline_rows("A")],
                      description=tr("Evidence for"), layout=w.Layout(width="640px"))
    out, ev = output_area(), w.HTML()

    def draw() -> None:
        if date.value is None:
            print(tr("Pick a request date."))
            return
        render(date.value, cand.value, assumed.value, lead.value)

    def redraw(_=None):
        show_in(out, draw, errors="show")

    def show_evidence(_=None):
        rows = inv.evidence_for(step.value)
        ev.value = "<ul>" + "".join(
            f"<li><b>{html.escape(r['evidence'])}</b>: {html.escape(r['why'])} "
            f"<i>({html.escape(r['source'])})</i></li>" for r in rows) + "</ul>"

    for wid in (date, cand, assumed, lead):
        wid.observe(redraw, names="value")
    step.observe(show_evidence, names="value")
    redraw()
    show_evidence()
    box = w.VBox([w.HBox([date, cand]), lead, assumed, out, step, ev])
    box.add_class("wb-flr-investigation")
    return box


def readiness_widget(course=None, solution_mode: bool = False, start: dt.date | None = None):
    """The scored questionnaire; answers saved with the progress; gap list, plan and Excel export."""
    import ipywidgets as w
    from IPython.display import display

    start = start or dt.date(2026, 12, 1)
    scale = rd.scale()
    saved = (course.load(READINESS_KEY, None) if course is not None else None) or {}
    valid = {x["score"] for x in scale}
    saved = {k: v for k, v in saved.items() if v in valid} if isinstance(saved, dict) else {}
    if solution_mode:  # static example, displayed into the notebook itself
        from IPython.display import HTML

        example = {q.id: 1 for q in rd.questions()}
        partly = next((s["text"] for s in scale if s["score"] == 1), "")
        display(HTML("<p>" + tr("Example: every item <i>{answer}</i>. Readiness {pct}%. The plan, starting {start}:",
                                answer=html.escape(partly), pct=_number(rd.score(example)["overall_pct"]),
                                start=_date(start, "long")) + "</p>"))
        display(table(_plan_frame(rd.plan(example, start), ["priority", "gap", "action", "start", "end", "late"])))
        return None
    pickers = {}
    rows = []
    for q in rd.questions():
        dd = w.Dropdown(options=[(s["text"], s["score"]) for s in scale],
                        value=saved.get(q.id, 0), layout=w.Layout(width="260px"))
        pickers[q.id] = dd
        rows.append(w.HBox([w.HTML(f"<b>{html.escape(q.area)}</b>: {html.escape(q.question)}",
                                   layout=w.Layout(width="640px")), dd]))
    start_pick = w.DatePicker(description=tr("Plan starts"), value=start)
    tracks = w.BoundedIntText(value=2, min=1, max=5, description=tr("Parallel work streams"),
                              style={"description_width": "initial"})
    go = w.Button(description=tr("Score and plan"), button_style="primary")
    export = w.Button(description=tr("Export to Excel"), icon="download")
    out = output_area()

    def answers() -> dict[str, int]:
        return {k: d.value for k, d in pickers.items()}

    def save(_=None):
        if course is not None:
            course.save(READINESS_KEY, answers())

    def score_and_plan() -> None:
        res = rd.score(answers())
        print(tr("Readiness: {pct}%", pct=_number(res["overall_pct"])) + "  |  " +
              ", ".join(f"{k}: {_number(v)}%" for k, v in res["areas"].items()))
        plan = rd.plan(answers(), start_pick.value or start, tracks.value)
        if not plan:
            print(tr("No gaps: keep your evidence up to date."))
            return
        display(table(_plan_frame(plan, ["priority", "area", "gap", "action", "start", "end", "late"])))

    def write_excel() -> None:
        home = course.home if course is not None else None
        if home is None:
            print(tr("Export needs the course session (course.home)."))
            return
        path = rd.export_excel(answers(), start_pick.value or start,
                               home / "exports" / "fl3_readiness.xlsx", tracks.value, rename=True)
        print(tr("Saved: {path}", path=path))

    def on_go(_=None):
        save()
        show_in(out, score_and_plan, errors="show")

    def on_export(_=None):
        save()
        show_in(out, write_excel, errors="show")

    for d in pickers.values():
        d.observe(save, names="value")
    go.on_click(on_go)
    export.on_click(on_export)
    box = w.VBox([*rows, w.HBox([start_pick, tracks]), w.HBox([go, export]), out])
    box.add_class("wb-flr-readiness")
    box._wb = {"pickers": pickers, "go": go, "export": export, "out": out}
    return box


def questions_widget(course=None, solution_mode: bool = False):
    """The participant's questions for the experts: seeded, added to, saved and exported."""
    import ipywidgets as w

    def qtable(items):
        return table([{tr("topic"): q["topic"], tr("question"): q["question"], tr("for"): tr(q["addressee"])}
                      for q in items])

    if solution_mode:
        return qtable(qs.seed_questions())
    state = {"items": qs.start_list(course.load(qs.STORE_KEY, None) if course is not None else None)}
    text = w.Textarea(placeholder=tr("Type your question for the experts"),
                      layout=w.Layout(width="600px", height="60px"))
    topic = w.Text(description=tr("Topic"), value=tr(qs.MY_QUESTION))
    to = w.Dropdown(options=[(tr(a), a) for a in qs.ADDRESSEES], description=tr("For"))
    add = w.Button(description=tr("Add"), button_style="primary", icon="plus")
    export = w.Button(description=tr("Export to Excel"), icon="download")
    msg, out = w.HTML(), output_area()

    def show():
        show_in(out, lambda: qtable(state["items"]), errors="show")

    def on_add(_=None):
        try:
            state["items"] = qs.add_question(state["items"], text.value, topic.value, to.value)
        except InputError as exc:
            msg.value = "<span style='color:#b2182b'>" + html.escape(str(exc.problems[0])) + "</span>"
            return
        if course is not None:
            course.save(qs.STORE_KEY, state["items"])
        text.value, msg.value = "", tr("Added and saved.")
        show()

    def on_export(_=None):
        if course is None:
            msg.value = tr("Export needs the course session (course.home).")
            return
        path = qs.export_excel(state["items"], course.home / "exports" / "fl3_expert_questions.xlsx", rename=True)
        msg.value = html.escape(tr("Saved: {path}", path=path))

    add.on_click(on_add)
    export.on_click(on_export)
    show()
    box = w.VBox([text, w.HBox([topic, to]), w.HBox([add, export]), msg, out])
    box.add_class("wb-flr-questions")
    box._wb = {"text": text, "add": add, "export": export, "msg": msg, "state": state}
    return box
