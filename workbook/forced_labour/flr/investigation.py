"""Simulate an FLR investigation: the working-day deadlines from a request date, as a timeline.

Each deadline is a row of ``data/forced_labour/flr/deadlines.csv`` with its article and
source. None of the day counts has been confirmed in a primary copy of the Regulation
(the course references mark them UNVERIFIED), so every event carries ``verified`` and
the chart draws unconfirmed deadlines hatched. Two candidate sets exist: A (memory of the
final text) and B (a weak note citing the 2026 guidelines); B replaces A where it has a row.

Working days follow the calendar of the authority that leads (Regulation (EEC, Euratom)
1182/71 on periods, dates and time limits). A Dutch authority: Monday to Friday minus the
public holidays of the Netherlands from the maintained ``holidays`` library. The Commission
(forced labour outside the EU): its own calendar, which the course's data does not have, so
Monday to Friday only, and the dates are flagged as approximate (:func:`calendar_note`).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from workbook.errors import InputError, Problem
from workbook.forced_labour.flr.facts import load_table
from workbook.i18n import BABEL_LOCALE, N_, tr
from workbook.language import language
from workbook.provenance import add_footer, provenance

CANDIDATES = ("A", "B")
LEADS = ("commission", "netherlands")  # who leads: the Commission (outside the EU) or a Dutch authority
# Which procedure step's evidence list belongs to each deadline.
EVIDENCE_STEP = {
    "reply_preliminary": "preliminary",
    "end_preliminary": "preliminary",
    "notice_investigation": "investigation",
    "reply_investigation": "investigation",
    "decision": "decision",
    "comply_decision": "comply",
}
# The anchors of deadlines.csv in words (the English is the id with spaces).
ANCHORS = {"request": N_("request"), "reply_preliminary": N_("reply preliminary"),
           "end_preliminary": N_("end preliminary"), "notice_investigation": N_("notice investigation"),
           "reply_investigation": N_("reply investigation"), "decision": N_("decision")}
# Column names of events_table() as shown.
EVENT_COLUMNS = {"step": N_("step"), "what": N_("what"), "who": N_("who"), "from": N_("from"), "due": N_("due"),
                 "rule": N_("rule"), "article": N_("article"), "status": N_("status"), "candidate": N_("candidate"),
                 "source": N_("source")}
ACTORS = {"company": N_("company"), "authority": N_("authority")}


def _anchor(anchor: str) -> str:
    return tr(ANCHORS[anchor]) if anchor in ANCHORS else anchor.replace("_", " ")


def _day(day: dt.date, pattern: str, babel_pattern: str) -> str:
    """A date in the reader's language (strftime in English, as before; Babel's month names otherwise)."""
    if language() == "en":
        return day.strftime(pattern)
    from babel.dates import format_date

    return format_date(day, format=babel_pattern, locale=BABEL_LOCALE[language()])


@lru_cache(maxsize=64)
def _nl_holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("NL", years=[year]))


def holiday_name(day: dt.date) -> str | None:
    """The Dutch public holiday on ``day``, if any."""
    return _nl_holidays(day.year).get(day)


def is_working_day(day: dt.date, lead: str = "netherlands") -> bool:
    """Monday to Friday; minus Dutch public holidays when a Dutch authority leads."""
    return day.weekday() < 5 and (lead == "commission" or holiday_name(day) is None)


def add_working_days(start: dt.date, n: int, lead: str = "netherlands") -> dt.date:
    """The date ``n`` working days after ``start`` (the start day itself is not counted), in the
    calendar of the authority that leads (see :func:`calendar_note`)."""
    if n < 0:
        raise ValueError("n must be zero or more")
    if lead not in LEADS:
        raise ValueError(f"lead must be one of {LEADS}")
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, lead):
            n -= 1
    return day


def calendar_note(lead: str) -> str:
    """Which working days the dates count, said plainly."""
    if lead == "commission":
        return tr("The Commission leads (forced labour outside the EU), so its own calendar of working days "
                  "applies; the course has no data on the Commission's holidays, so these dates count Monday to "
                  "Friday only and are approximate (a holiday would push a date back).")
    return tr("A Dutch authority leads: working days are Monday to Friday minus Dutch public holidays.")


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later (the month's last day when that day does not exist)."""
    m = start.month - 1 + months
    year, month = start.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def holidays_between(a: dt.date, b: dt.date) -> list[tuple[dt.date, str]]:
    """Dutch public holidays on weekdays between two dates (they push deadlines back)."""
    out = []
    for year in range(a.year, b.year + 1):
        out += [(d, n) for d, n in _nl_holidays(year).items() if a <= d <= b and d.weekday() < 5]
    return sorted(out)


@dataclass(frozen=True)
class Event:
    """One deadline of the simulated procedure."""

    id: str
    step_no: int
    step: str
    actor: str
    start: dt.date | None
    due: dt.date | None
    rule: str  # e.g. "15 working days after request", or "set by the authority"
    candidate: str
    article: str
    article_verified: bool
    verified: bool
    source: str


def deadline_rows(candidate: str = "A") -> list[dict]:
    """The deadline rows for a candidate set: B's rows replace A's where B has one."""
    if candidate not in CANDIDATES:
        raise InputError([Problem(tr("unknown candidate set {candidate}", candidate=repr(candidate)),
                                  column="candidate",
                                  fix=tr("use A (memory of the final text) or B (2026 guidelines note)"))])
    rows = load_table("deadlines.csv")
    chosen: dict[str, dict] = {}
    for r in rows:
        if r["candidate"] == "A" and r["id"] not in chosen:
            chosen[r["id"]] = r
    if candidate == "B":
        for r in rows:
            if r["candidate"] == "B":
                chosen[r["id"]] = r
    return sorted(chosen.values(), key=lambda r: r["step_no"])


def simulate(request_date: dt.date, candidate: str = "A",
             authority_deadline_days: int | None = None, lead: str = "netherlands") -> list[Event]:
    """Compute every deadline from the date the company receives the first request.

    ``authority_deadline_days`` is the participant's own assumption for a deadline the
    authority sets itself (used where the data has no fixed number).
    """
    if not isinstance(request_date, dt.date):
        raise InputError([Problem(tr("the request date must be a date"), column="request_date",
                                  value=request_date, fix=tr("pick a date, e.g. 2028-02-01"))])
    if authority_deadline_days is not None and (not isinstance(authority_deadline_days, int)
                                                or authority_deadline_days < 1):
        raise InputError([Problem(tr("the authority's deadline must be a whole number of working days"),
                                  column="authority_deadline_days", value=authority_deadline_days,
                                  fix=tr("enter a number such as 30"))])
    dates: dict[str, dt.date | None] = {"request": request_date}
    events = []
    for r in deadline_rows(candidate):
        start = dates.get(r["anchor"])
        due, rule = None, tr("set by the authority")
        if start is not None:
            if r["working_days"] is not None:
                due = add_working_days(start, r["working_days"], lead)
                span = (f"{r['working_days']}-{r['working_days_max']}" if r["working_days_max"]
                        else str(r["working_days"]))
                rule = tr("{span} working days after {anchor}", span=span, anchor=_anchor(r["anchor"]))
                if r["working_days_max"]:
                    rule += tr(" (earliest date shown)")
            elif r["months"] is not None:
                due = add_months(start, r["months"])
                rule = tr("about {months} months after {anchor}", months=r["months"], anchor=_anchor(r["anchor"]))
            elif authority_deadline_days is not None:
                due = add_working_days(start, authority_deadline_days, lead)
                rule = tr("set by the authority; your assumption: {days} working days", days=authority_deadline_days)
        dates[r["id"]] = due
        events.append(Event(r["id"], r["step_no"], r["step"], r["actor"], start, due, rule,
                            r["candidate"], r["article"], r["article_verified"], r["verified"],
                            r["source"]))
    return events


def events_table(events: list[Event]) -> list[dict]:
    """Rows for display or Excel: one per deadline, the flags spelled out."""
    return [{
        "step": e.step_no, "what": e.step, "who": tr(ACTORS[e.actor]) if e.actor in ACTORS else e.actor,
        "from": e.start.isoformat() if e.start else "",
        "due": e.due.isoformat() if e.due else tr("not fixed"),
        "rule": e.rule, "article": e.article,
        "status": tr("confirmed") if e.verified else tr("UNCONFIRMED"),
        "candidate": e.candidate, "source": e.source,
    } for e in events]


def evidence_for(event_id: str) -> list[dict]:
    """What the company should have ready at this step, with why and the basis."""
    step = EVIDENCE_STEP.get(event_id, event_id)
    return [r for r in load_table("evidence.csv") if r["step_id"] == step]


def timeline_chart(events: list[Event], request_date: dt.date, title: str | None = None):
    """A horizontal timeline: one bar per deadline; unconfirmed deadlines hatched."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    shown = [e for e in events if e.start and e.due]
    fig, ax = plt.subplots(figsize=(11, 0.7 * len(shown) + 2.2))
    colors = {"company": "#d95f02", "authority": "#1b9e77"}
    lo = request_date.toordinal() - 5
    hi = max(e.due.toordinal() for e in shown) + 60 if shown else lo + 60
    for i, e in enumerate(shown):
        y = len(shown) - i
        ax.barh(y, (e.due - e.start).days, left=e.start.toordinal(), height=0.55,
                color=colors[e.actor], alpha=0.85, hatch=None if e.verified else "//",
                edgecolor="black", linewidth=0.6)
        label = f"{e.step}  (" + tr("Art.") + f" {e.article})"
        late = e.start.toordinal() > lo + 0.5 * (hi - lo)
        ax.text(e.due.toordinal() if late else e.start.toordinal(), y + 0.38, label, fontsize=9,
                va="bottom", ha="right" if late else "left")
        ax.text(e.due.toordinal() + 2, y, _day(e.due, "%d %b %Y", "d MMM y"), fontsize=9, va="center")
    ax.axvline(request_date.toordinal(), color="grey", linestyle=":")
    ax.set_yticks([])
    ax.set_xlim(lo, hi)
    ticks = range(lo + 5, hi, max(7, (hi - lo) // 8))
    ax.set_xticks(list(ticks))
    ax.set_xticklabels([_day(dt.date.fromordinal(t), "%d %b\n%Y", "d MMM\ny") for t in ticks], fontsize=9)
    ax.set_ylim(0.3, len(shown) + 1)
    ax.legend(handles=[Patch(color=colors["company"], label=tr("company's deadline")),
                       Patch(color=colors["authority"], label=tr("authority's deadline")),
                       Patch(facecolor="white", edgecolor="black", hatch="//",
                             label=tr("UNCONFIRMED day count"))],
              loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize=9, frameon=False)
    ax.set_title(title or tr("Simulated FLR investigation from a request on {date}",
                             date=_day(request_date, "%d %B %Y", "d MMMM y")), fontsize=12)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    add_footer(fig, provenance(data_edition=tr("FLR deadlines (data/forced_labour/flr/deadlines.csv)")))
    return fig


def check_reply_date_exercise(value) -> tuple[bool, str]:
    """Check for exercise fl3-reply-deadline-code: 15 working days after Thu 20 Apr 2028.

    The 15 is an assumed (UNCONFIRMED) day count; what is graded is the working-day
    arithmetic with the Dutch holidays (King's Day, 27 Apr 2028).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return False, tr("Give a date, e.g. date(2028, 5, 12) or '2028-05-12'.")
    if not isinstance(value, dt.date):
        return False, tr("`reply_due` should be a date, not {type}.", type=type(value).__name__)
    right = add_working_days(dt.date(2028, 4, 20), 15)
    if value == right:
        return True, tr("Right: {date}. King's Day (27 April) is not a working day.",
                        date=_day(right, "%A %d %B %Y", "EEEE d MMMM y"))
    if value == right - dt.timedelta(days=1):
        return False, tr("One day short: did you count King's Day (27 April) as a working day?")
    return False, tr("Not quite. Count Monday to Friday only, skip Dutch public holidays, and do not count the "
                     "request day.")
