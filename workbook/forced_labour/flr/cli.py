"""``workbook flr-check SCENARIO.yaml [--json]``: does the FLR cover this product situation?

Prints the answer (is the activity covered: true, false or "depends"), the verdict
(prohibited, covered_no_evidence, covered_allowed, not_yet_applicable or not_covered), the
reasoning step by step with article references, and what to do. A missing or mistyped key is an error that names it and the
closest valid key (exit status 2 through the dispatcher).
"""
from __future__ import annotations

import argparse
import json

from workbook.forced_labour.flr.applicability import VERDICT_TEXT, check_dict, load_scenario_file
from workbook.i18n import N_, tr

KEYS_HELP = ("Required keys: description, is_product, placed_on_eu_market, made_available_in_eu, "
             "exported_from_eu, supplied_free_of_charge, reached_end_user, company_size "
             "(micro/small/medium/large/unknown), forced_labour_in_supply_chain (yes/no/unknown). "
             "Samples: data/forced_labour/flr/scenarios/.")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "flr-check", help="check whether the EU Forced Labour Regulation applies to a product situation",
        description="Check whether the EU Forced Labour Regulation (EU) 2024/3015 applies. " + KEYS_HELP)
    p.add_argument("scenario", help="a scenario YAML file")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(func=run)


def format_text(result) -> str:
    answer = tr({True: N_("YES, the activity is covered"), False: N_("NO, the activity is not covered"),
                 "depends": N_("IT DEPENDS on an open point of scope")}[result.applies])
    lines = [result.description, "", tr("Answer: {answer}", answer=answer),
             tr("Verdict: {verdict} ({text})", verdict=result.verdict, text=tr(VERDICT_TEXT[result.verdict]))]
    if result.open_questions:
        lines.append(tr("Open questions (the verdict is the cautious reading): {questions}",
                        questions="; ".join(result.open_questions)))
    lines += [result.summary, "", tr("Reasoning:")]
    for n, s in enumerate(result.steps, 1):
        art = tr("Art.") + f" {s.article}" + ("" if s.article_verified else " " + tr("(article number unconfirmed)"))
        lines.append(f"  {n}. [{art}] {s.reason}")
    lines += ["", tr("What to do:")] + [f"  - {a}" for a in result.actions]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    raw = load_scenario_file(args.scenario)
    result = check_dict(raw, file=str(args.scenario))
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_text(result))
    return 0
