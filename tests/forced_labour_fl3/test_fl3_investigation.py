"""The investigation simulator: working days with Dutch holidays, deadlines as flagged data rows."""
from __future__ import annotations

import datetime as dt

import pytest

from workbook.errors import InputError
from workbook.forced_labour.flr import investigation as inv
from workbook.forced_labour.flr.facts import load_table

D = dt.date


def test_weekends_are_skipped():
    assert inv.add_working_days(D(2028, 1, 7), 1) == D(2028, 1, 10)  # Friday -> Monday


def test_kings_day_is_skipped():
    # 26 Apr 2028 is a Wednesday; 27 Apr (King's Day) is not a working day.
    assert inv.holiday_name(D(2028, 4, 27)) is not None
    assert inv.add_working_days(D(2028, 4, 26), 1) == D(2028, 4, 28)


def test_christmas_and_new_year_are_skipped():
    # 22 Dec 2028 (Fri): 25-26 Dec holidays, 1 Jan 2029 a holiday.
    assert inv.add_working_days(D(2028, 12, 22), 3) == D(2028, 12, 29)
    assert inv.add_working_days(D(2028, 12, 22), 4) == D(2029, 1, 2)


def test_fifteen_working_days_from_a_request_before_kings_day_and_ascension():
    # 20 Apr 2028 + 15 working days, with King's Day (27 Apr) in between: 12 May 2028.
    assert inv.add_working_days(D(2028, 4, 20), 15) == D(2028, 5, 12)


def test_zero_working_days_is_the_start_day():
    assert inv.add_working_days(D(2028, 3, 1), 0) == D(2028, 3, 1)


def test_months_stop_at_the_end_of_a_short_month():
    assert inv.add_months(D(2028, 5, 31), 9) == D(2029, 2, 28)


def test_holidays_come_from_the_library_not_a_hand_made_list():
    import holidays

    nl = holidays.country_holidays("NL", years=[2029])
    assert {d for d, _ in inv.holidays_between(D(2029, 1, 1), D(2029, 12, 31))} == {
        d for d in nl if d.weekday() < 5}


def test_every_deadline_row_has_an_article_and_a_source_and_is_flagged():
    for r in load_table("flr/deadlines.csv"):
        assert r["article"] and r["source"]
        assert r["verified"] is False


def test_candidate_a_uses_15_working_days_and_b_30_for_the_first_reply():
    a = inv.simulate(D(2028, 2, 1), "A")[0]
    b = inv.simulate(D(2028, 2, 1), "B")[0]
    assert a.id == b.id == "reply_preliminary"
    assert a.due == inv.add_working_days(D(2028, 2, 1), 15)
    assert b.due == inv.add_working_days(D(2028, 2, 1), 30)
    assert not a.verified and not b.verified


def test_deadlines_chain_from_one_step_to_the_next():
    events = {e.id: e for e in inv.simulate(D(2028, 2, 1), "A")}
    assert events["end_preliminary"].start == events["reply_preliminary"].due
    assert events["comply_decision"].start == events["decision"].due
    assert events["decision"].due == inv.add_months(events["notice_investigation"].due, 9)


def test_a_deadline_the_authority_sets_is_open_unless_the_participant_assumes_one():
    open_ = {e.id: e for e in inv.simulate(D(2028, 2, 1), "A")}["reply_investigation"]
    assert open_.due is None and open_.rule == "set by the authority"
    assumed = {e.id: e for e in inv.simulate(D(2028, 2, 1), "A", 20)}["reply_investigation"]
    assert assumed.due == inv.add_working_days(assumed.start, 20)


def test_bad_inputs_are_input_errors():
    with pytest.raises(InputError):
        inv.simulate("2028-02-01")
    with pytest.raises(InputError):
        inv.simulate(D(2028, 2, 1), "C")
    with pytest.raises(InputError):
        inv.simulate(D(2028, 2, 1), "A", 0)


def test_every_event_has_evidence_to_prepare():
    for e in inv.simulate(D(2028, 2, 1)):
        assert inv.evidence_for(e.id), e.id


def test_the_table_spells_out_unconfirmed():
    rows = inv.events_table(inv.simulate(D(2028, 2, 1)))
    assert all(r["status"] == "UNCONFIRMED" for r in rows)
    assert any(r["due"] == "not fixed" for r in rows)


def test_the_chart_hatches_unconfirmed_deadlines():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = inv.timeline_chart(inv.simulate(D(2028, 2, 1)), D(2028, 2, 1))
    bars = [p for p in fig.axes[0].patches]
    assert bars and all(p.get_hatch() == "//" for p in bars)
    plt.close(fig)


def test_when_the_commission_leads_dutch_holidays_are_not_skipped_and_the_calendar_is_flagged():
    """Reg. 1182/71: working days follow the institution's calendar. When the Commission leads
    (forced labour outside the EU) the Dutch holidays do not apply; the course has no data on the
    Commission's own holidays, so it counts Monday to Friday and says the dates are approximate."""
    import datetime as dt

    from workbook.forced_labour.flr.investigation import add_working_days, calendar_note, simulate

    start = dt.date(2028, 4, 20)  # King's Day, 27 April 2028, falls inside the next 15 working days
    assert add_working_days(start, 15, lead="netherlands") == dt.date(2028, 5, 12)
    assert add_working_days(start, 15, lead="commission") == dt.date(2028, 5, 11)
    nl = {e.id: e.due for e in simulate(start, "A", lead="netherlands")}
    eu = {e.id: e.due for e in simulate(start, "A", lead="commission")}
    assert nl["reply_preliminary"] == eu["reply_preliminary"] + dt.timedelta(days=1)
    assert "approximate" in calendar_note("commission") and "Dutch public holidays" in calendar_note("netherlands")
