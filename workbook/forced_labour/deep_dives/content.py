"""Deep-dive content for facilitators (fl4): migrant workers, state-imposed forced labour, the FLR webinar.

Facts are rows of ``data/forced_labour/deep_dives/*.csv`` with their sources; the webinar
running order is ``webinar.yaml`` (both read by ``facts``). The recruitment-debt calculator
works only on the participant's own numbers: it teaches the mechanism, not a statistic.
"""
from __future__ import annotations

import math
from typing import Any

from workbook.errors import InputError, Problem
from workbook.forced_labour.deep_dives.facts import document, load_table
from workbook.i18n import tr

CASE_COUNTRIES = ("India", "Türkiye", "Mauritius")


def migrant_cases(country: str | None = None) -> list[dict[str, Any]]:
    rows = load_table("migrant_cases.csv")
    if country is None:
        return rows
    if country not in {r["country"] for r in rows}:
        raise InputError([Problem(tr("no cases for {country}", country=repr(country)), column="country",
                                  fix=tr("choose one of {choices}", choices=", ".join(CASE_COUNTRIES)))])
    return [r for r in rows if r["country"] == country]


def corridors() -> list[dict[str, Any]]:
    return load_table("corridors.csv")


def fair_recruitment() -> list[dict[str, Any]]:
    return load_table("fair_recruitment.csv")


def state_imposed(country: str | None = None) -> list[dict[str, Any]]:
    rows = load_table("state_imposed.csv")
    return rows if country is None else [r for r in rows if r["country"].startswith(country)]


def months_to_repay(debt: float, monthly_wage: float, share_for_debt: float,
                    monthly_interest: float = 0.0) -> float:
    """Months of work needed to repay a recruitment debt from the wage (inf if never).

    ``share_for_debt`` is the fraction of the wage left over for repayment after food,
    housing and remittances; ``monthly_interest`` a fraction per month (e.g. 0.03).
    """
    problems = []
    for name, v in (("debt", debt), ("monthly_wage", monthly_wage)):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
            problems.append(Problem(tr("{name} must be a positive number", name=name), column=name, value=v,
                                    fix=tr("enter an amount such as 1500")))
    if not isinstance(share_for_debt, (int, float)) or not 0 < share_for_debt <= 1:
        problems.append(Problem(tr("the share of the wage for the debt must be between 0 and 1"),
                                column="share_for_debt", value=share_for_debt, fix=tr("e.g. 0.3 for 30%")))
    if not isinstance(monthly_interest, (int, float)) or not 0 <= monthly_interest < 1:
        problems.append(Problem(tr("the monthly interest must be between 0 and 1"), column="monthly_interest",
                                value=monthly_interest, fix=tr("e.g. 0.02 for 2% a month")))
    if problems:
        raise InputError(problems, title=tr("Cannot compute the repayment time"))
    payment = monthly_wage * share_for_debt
    if debt == 0:
        return 0.0
    if monthly_interest == 0:
        return debt / payment
    if payment <= debt * monthly_interest:
        return math.inf  # the interest eats the whole payment: debt bondage
    return -math.log(1 - monthly_interest * debt / payment) / math.log(1 + monthly_interest)


def webinar_agenda() -> list[dict[str, Any]]:
    """The running order with start minutes, for the facilitator."""
    out, t = [], 0
    for s in document("webinar.yaml")["segments"]:
        out.append({**s, "start_minute": t})
        t += s["minutes"]
    return out
