"""Communication (OECD step 5): a statement outline from what was found, done and measured.

The areas, do's and don'ts and the misleading-claim patterns live in
``data/forced_labour/hrdd/statement.yaml``; :func:`review_claims` flags wording that a
due-diligence process cannot support, in English and in the reader's language (every pattern has
its translation, so a Dutch draft is checked as well as an English one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from workbook.forced_labour.hrdd import facts as hrdd_data
from workbook.forced_labour.hrdd.policy import OUR_COMPANY
from workbook.forced_labour.hrdd.risk import LEVELS
from workbook.i18n import number, tr, translate
from workbook.language import language, using


def guidance() -> dict:
    return hrdd_data.document("statement.yaml")


@dataclass(frozen=True)
class ClaimFinding:
    claim_id: str
    text: str        # the words found
    why: str
    source: str


def review_claims(text: str) -> list[ClaimFinding]:
    """Misleading claims in a draft statement, in the order they appear."""
    found = {}
    with using("en"):
        english = guidance()["misleading_claims"]
    for c, shown in zip(english, guidance()["misleading_claims"]):
        patterns = dict.fromkeys((c["pattern"], translate(c["pattern"])))  # English and the reader's language
        for pattern in patterns:
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                found.setdefault((m.start(), c["id"]), ClaimFinding(c["id"], m.group(0), shown["why"], c["source"]))
    return [f for _, f in sorted(found.items(), key=lambda x: x[0][0])]


def facts_from(scored: pd.DataFrame | None = None, plan: pd.DataFrame | None = None,
               kpis: pd.DataFrame | None = None, policy=None) -> dict[str, str]:
    """Text for each area from the participant's own results (empty where nothing is known)."""
    facts: dict[str, str] = {}
    if scored is not None and len(scored):
        n = len(scored)
        countries = scored["country"].value_counts()
        tiers = scored["tier"].value_counts().sort_index()
        facts["organisation"] = tr("{n} supplier line(s) in {countries} countries ({by_country}); by tier: {by_tier}.",
                                   n=n, countries=len(countries),
                                   by_country=", ".join(f"{c} {k}" for c, k in countries.items()),
                                   by_tier=", ".join(tr("tier {tier}: {n}", tier=t, n=k) for t, k in tiers.items()))
        lv = scored["level"].value_counts()
        top = scored.head(3)
        si_l = int((scored["state_imposed_basis"] == "linked").sum())
        si_u = int((scored["state_imposed_basis"] == "untraced").sum())
        facts["risks_found"] = tr(
            "Risk levels: {levels}. Highest priorities: {top}. State-imposed forced labour: {linked} supplier "
            "line(s) linked, {untraced} with untraced origin.",
            levels=", ".join(f"{tr(k)} {int(lv.get(k, 0))}" for k in reversed(LEVELS)),
            top="; ".join(f"{r.supplier} ({r.country}, {r.goods}: {tr(r.level)})" for r in top.itertuples()),
            linked=si_l, untraced=si_u)
        facts["limits_next"] = tr("{untraced} supplier line(s) have inputs whose origin is not yet traced; "
                                  "{no_process} without a known process.", untraced=si_u,
                                  no_process=int(scored["process"].eq("").sum()))
    if policy is not None:
        facts["policy"] = (policy.summary() + tr(". In place: {present}",
                                                 present=", ".join(e["title"] for e in policy.present))
                           + (tr(". Still to add: {missing}", missing=", ".join(e["title"] for e in policy.missing))
                              if policy.missing else "") + ".")
    if plan is not None and len(plan):
        by_type = plan["action_type"].value_counts()
        status = plan["status"].value_counts()
        facts["actions_taken"] = tr("{n} actions for {suppliers} supplier(s): {by_type}; status: {status}.",
                                    n=len(plan), suppliers=plan["supplier"].nunique(),
                                    by_type=", ".join(f"{tr(k)} {v}" for k, v in by_type.items()),
                                    status=", ".join(f"{tr(k)} {v}" for k, v in status.items()))
        rem = plan[plan["action_type"] == "remediate"]
        if len(rem):
            facts["remediation"] = tr("Remediation actions: {actions}.", actions="; ".join(
                tr("{action} at {supplier} ({status})", action=r.action, supplier=r.supplier, status=tr(r.status))
                for r in rem.itertuples()))
    if kpis is not None and len(kpis):
        def show(v):
            if v is None or pd.isna(v):
                return tr("not yet measured")
            text = f"{v:g}"
            if language() == "en" or "e" in text:
                return text
            return number(v, len(text.split(".")[1]) if "." in text else 0)
        facts["effectiveness"] = "; ".join(
            tr("{kpi}: baseline {baseline}, target {target}, now {current}", kpi=r.kpi, baseline=show(r.baseline),
               target=show(r.target), current=show(r.current))
            for r in kpis.itertuples()) + "."
    return facts


def statement_outline(facts: dict[str, str], company: str | None = None, year: int | None = None) -> str:
    """A Markdown outline: each area with its prompt and the participant's facts (or a to-do)."""
    g = guidance()
    company = company or tr(OUR_COMPANY)
    title = tr("# {company}: forced labour in our supply chains", company=company) + (f" ({year})" if year else "")
    lines = [title, "", tr("*Outline generated by the course workbook. Replace the prompts with your own text.*"), ""]
    for i, a in enumerate(g["areas"], start=1):
        lines += [f"## {i}. {a['title']}", "", tr("*What to cover:* {prompt}", prompt=a["prompt"]), ""]
        lines += [facts[a["id"]] if facts.get(a["id"]) else tr("**To do:** {expects}", expects=a["expects"]), ""]
    lines += [tr("## Checklist before publishing"), ""]
    lines += [tr("- Do: {text}", text=d["text"]) for d in g["dos"]]
    lines += [tr("- Don't: {text}", text=d["text"]) for d in g["donts"]]
    return "\n".join(lines) + "\n"
