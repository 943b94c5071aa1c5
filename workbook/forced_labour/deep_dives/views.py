"""What the deep-dive notebook (fl4) shows: the webinar agenda with answers to reveal, and a
recruitment-debt calculator on the participant's own numbers."""
from __future__ import annotations

import html
from typing import Any

from workbook.display import table as display_table
from workbook.errors import InputError
from workbook.forced_labour.deep_dives.content import months_to_repay, webinar_agenda
from workbook.forced_labour.flr import ANSWER_COLOR, ANSWER_TEXT, check_dict, load_cases
from workbook.i18n import N_, number, percent, tr

# The columns the deep-dive tables show, as the reader sees them (the keys stay English).
COLUMN_LABELS = {
    "origin": N_("origin"), "destination": N_("destination"), "sector": N_("sector"),
    "what_happens": N_("what_happens"), "source": N_("source"), "topic": N_("topic"), "fact": N_("fact"),
    "instrument": N_("instrument"), "content": N_("content"), "country": N_("country"),
    "tracing_implication": N_("tracing_implication"), "start_minute": N_("start_minute"),
    "minutes": N_("minutes"), "title": N_("title"), "poll": N_("poll"),
}


def table(rows: Any, columns: list[str]):
    """Deep-dive rows as a table of the chosen columns, headed in the reader's language."""
    import pandas as pd

    df = pd.DataFrame(list(rows))[list(columns)]
    return display_table(df.rename(columns={c: tr(COLUMN_LABELS[c]) for c in columns if c in COLUMN_LABELS}))


def webinar_widget(solution_mode: bool = False):
    """Facilitator view: pick a segment, read the poll, then reveal the checker's answers."""
    import ipywidgets as w

    agenda = webinar_agenda()
    cases = {c["id"]: c for c in load_cases()}

    def segment_html(seg, reveal: bool) -> str:
        e = html.escape
        minutes = tr("{minutes} min", minutes=seg["minutes"])
        parts = [f"<h3>{e(seg['title'])} ({e(minutes)})</h3>",
                 "<p><b>" + e(tr("Poll:")) + f"</b> {e(seg['poll'])}</p>"]
        for cid in seg["scenarios"]:
            c = cases[cid]
            parts.append(f"<p>&bull; <b>{e(c['title'])}</b>: {e(c['scenario']['description'])}</p>")
            if reveal:
                r = check_dict(c["scenario"])
                parts.append(f"<p style='margin-left:2em;color:{ANSWER_COLOR[r.applies]}'>"
                             f"<b>{e(tr(ANSWER_TEXT[r.applies]))}</b> ("
                             + e(tr("outcome: {verdict}", verdict=r.verdict)) + "): "
                             f"{e(c['defence'])}</p>")
        if reveal:
            parts.append("<p><b>" + e(tr("Key point:")) + f"</b> {e(seg['key_point'])}</p>")
        return "".join(parts)

    if solution_mode:
        from IPython.display import HTML

        return HTML("".join(segment_html(s, True) for s in agenda))
    unit = tr("min")
    pick = w.Dropdown(options=[(f"{s['start_minute']:>3} {unit}  {s['title']}", i) for i, s in enumerate(agenda)],
                      description=tr("Segment"), layout=w.Layout(width="560px"))
    reveal = w.Button(description=tr("Reveal answers"), button_style="warning")
    view = w.HTML(segment_html(agenda[0], False))
    pick.observe(lambda ch: setattr(view, "value", segment_html(agenda[ch["new"]], False)), names="value")
    reveal.on_click(lambda _: setattr(view, "value", segment_html(agenda[pick.value], True)))
    box = w.VBox([pick, view, reveal])
    box.add_class("wb-flr-webinar")
    box._wb = {"pick": pick, "reveal": reveal, "view": view}
    return box


def repayment_widget(solution_mode: bool = False):
    """How long a recruitment-fee debt takes to repay, on the participant's own numbers."""
    import ipywidgets as w

    def text(debt, wage, share, interest) -> str:
        months = months_to_repay(debt, wage, share, interest)
        if months == float("inf"):
            return ("<b>" + html.escape(tr("Never")) + "</b>: "
                    + html.escape(tr("the interest is larger than what the worker can pay each month. "
                                     "This is how recruitment debt becomes debt bondage.")))
        return ("<b>" + html.escape(tr("{months} months", months=number(months, 1))) + "</b> "
                + html.escape(tr("of work just to repay the debt ({years} years).", years=number(months / 12, 1))))

    example = (1800, 300, 0.3, 0.02)
    if solution_mode:
        from IPython.display import HTML

        return HTML("<p>" + html.escape(tr("Example inputs (not data): debt {debt}, wage {wage} a month, {share} for "
                                           "the debt, {rate} interest a month.", debt=number(example[0]),
                                           wage=number(example[1]), share=percent(example[2], spaced=False),
                                           rate=percent(example[3], spaced=False)))
                    + "</p><p>" + text(*example) + "</p>")
    debt = w.FloatText(value=example[0], description=tr("Debt"))
    wage = w.FloatText(value=example[1], description=tr("Monthly wage"))
    share = w.FloatSlider(value=example[2], min=0.05, max=1.0, step=0.05, description=tr("Share for debt"),
                          readout_format=".0%", style={"description_width": "initial"})
    rate = w.FloatSlider(value=example[3], min=0.0, max=0.1, step=0.005, description=tr("Interest / month"),
                         readout_format=".1%", style={"description_width": "initial"})
    out = w.HTML()

    def update(_=None):
        try:
            out.value = text(debt.value, wage.value, share.value, rate.value)
        except InputError as exc:
            out.value = html.escape(str(exc.problems[0]))

    for x in (debt, wage, share, rate):
        x.observe(update, names="value")
    update()
    box = w.VBox([w.HTML("<i>" + html.escape(tr("Your own example numbers, in any currency.")) + "</i>"),
                  debt, wage, share, rate, out])
    box.add_class("wb-flr-repayment")
    return box
