"""``workbook targets``: BAU, SBTi targets, levers and the gap for a company's footprint.

IN is the JSON written by ``workbook footprint --json`` (its reporting year is the base
year), a filled data template, or an activity CSV (then ``--base-year`` is required).
"""
from __future__ import annotations

from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.i18n import number, tr
from workbook.outputs import json_text, output_path
from workbook.safeinput import load_json, regular_file


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "targets", help="business as usual, SBTi targets, levers and the remaining gap",
        description="Project business as usual, compute the SBTi minimum targets with every check, "
                    "apply reduction levers and report the remaining gap (t CO2e).")
    p.add_argument("input", metavar="IN", help="footprint JSON (from `workbook footprint --json`), "
                                               "a filled data template (.xlsx) or an activity CSV")
    p.add_argument("--target-year", type=int, required=True, metavar="Y", help="the near-term target year")
    p.add_argument("--base-year", type=int, metavar="B",
                   help="the base year (required for an activity CSV; a footprint's reporting year otherwise)")
    p.add_argument("--growth", default="0", metavar="G",
                   help="organic growth per year for business as usual: 0.03 or 3%% (default 0)")
    p.add_argument("--rules", default=None, metavar="NAME",
                   help="target rule set in data/climate/targets (default sbti-aca-floor)")
    p.add_argument("--levers", metavar="FILE", help="lever settings (.csv or .yaml): lever, adoption")
    p.add_argument("--submitted", metavar="YYYY-H1|YYYY-H2",
                   help="when the target is submitted to SBTi, for the time-frame check (default: now)")
    p.add_argument("--scope2", choices=("market", "location"), default="market",
                   help="scope 2 basis of the scope 1+2 target (default market)")
    p.add_argument("--proposed-scope12", metavar="P", help="your proposed scope 1+2 reduction by the target "
                   "year (0.3 or 30%%), checked against the minimum")
    p.add_argument("--proposed-scope3", metavar="P", help="your proposed scope 3 reduction (0.25 or 25%%)")
    p.add_argument("--scope3-categories", metavar="LIST", help="the scope 3 categories the target covers, "
                   "e.g. 1,4,12 (default: every category with emissions)")
    p.add_argument("--scope12-coverage", metavar="P", default="1",
                   help="share of scope 1+2 the target covers (default 100%%)")
    p.add_argument("--scope3-ambition", choices=("WB2C", "1.5C"), default=None,
                   help="scope 3 rate: the route's own (well below 2 C, default) or 1.5C (the scope 1+2 rate)")
    p.add_argument("--employees", type=float, metavar="N", help="employees (SME route size facts, e.g. with a "
                   "footprint JSON, which does not carry them)")
    p.add_argument("--turnover-eur", type=float, metavar="EUR", help="turnover in EUR (SME route)")
    p.add_argument("--assets-eur", type=float, metavar="EUR", help="total assets in EUR (SME route)")
    p.add_argument("--fiscal-years", action="store_true",
                   help="the base and target years are financial years (labelled FY in the output)")
    p.add_argument("--out", metavar="RESULTS.xlsx", help="also write an Excel results file (a new file)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing results file (never an input, the progress file or a file the "
                        "workbook did not write in WORKBOOK_HOME)")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(func=run)


def _parse_growth(text: str) -> float:
    from workbook.climate.targets.compute import GROWTH_MAX, GROWTH_MIN

    t = str(text).strip().replace(",", ".")
    try:
        g = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        g = None
    if g is None or not GROWTH_MIN <= g <= GROWTH_MAX:
        raise InputError([Problem(tr("the growth rate must be a yearly fraction or percentage"), column="--growth",
                                  value=text, fix=tr("e.g. 0.03 or 3%, between {low}% and {high}%",
                                                     low=number(GROWTH_MIN * 100), high=number(GROWTH_MAX * 100)))],
                         title=tr("Invalid growth rate"))
    return g


def _share_option(text: str | None, option: str) -> float | None:
    from workbook.climate.targets.levers import parse_share

    if text is None:
        return None
    try:
        return parse_share(text)
    except ValueError:
        raise InputError([Problem(tr("must be a share: 0.3 or 30%"), column=option, value=text,
                                  fix=tr("give a number between 0 and 1, or a percentage"))],
                         title=tr("Invalid target option")) from None


def _categories_option(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        cats = [int(c) for c in str(text).replace(";", ",").split(",") if c.strip()]
    except ValueError:
        cats = []
    if not cats or any(not 1 <= c <= 15 for c in cats):
        raise InputError([Problem(tr("scope 3 categories are numbers 1 to 15, separated by commas"),
                                  column="--scope3-categories", value=text,
                                  fix=tr("e.g. {example}", example="1,4,12"))],
                         title=tr("Invalid target option"))
    return cats


def load_baseline(path: str | Path, base_year: int | None = None):
    """A Baseline from a footprint JSON, a data template or an activity CSV."""
    from workbook.climate.targets.compute import baseline_from_footprint_json

    path = Path(path)
    missing = Problem(tr("file not found"), file=str(path), fix=tr("check the path of IN"))
    regular_file(path, title=tr("Cannot read the input"), missing=missing, max_bytes=None)
    suffix = path.suffix.lower()
    if suffix == ".json":
        d = load_json(path, title=tr("Cannot read the footprint"), missing=missing,
                      fix=tr("pass the output of `workbook footprint IN --json`"))
        b = baseline_from_footprint_json(d, file=path.name)
        if base_year is not None and base_year != b.base_year:
            raise InputError([Problem(tr("--base-year differs from the footprint's reporting year"), file=path.name,
                                      column="reporting_year", value=b.base_year,
                                      fix=tr("leave out --base-year, or compute a footprint for {year}",
                                             year=base_year))],
                             title=tr("Conflicting base year"))
        return b
    if suffix in (".xlsx", ".csv"):
        d = footprint_dict_from_file(path, base_year)
        return baseline_from_footprint_json(d, file=path.name, **(d.get("_company") or {}))
    raise InputError([Problem(tr("unknown input type"), file=path.name, value=suffix,
                              fix=tr("use a footprint .json, a data template .xlsx or an activity .csv"))],
                     title=tr("Cannot read the input"))


def footprint_dict_from_file(path: Path, base_year: int | None) -> dict:
    """Run the footprint engine on a template or activity CSV for the base year and return
    its JSON dict, with the company's name, sector and size under ``_company``.

    The base year is ``base_year`` when given; for a template, otherwise the company's own
    base year when the template holds data for it, else its reporting year. An activity CSV
    needs ``base_year``.
    """
    import pandas as pd

    from workbook.climate.footprint import Company, compute_inventory, footprint_json, load_activities

    company, acts, _screening = load_activities(path)
    year_col = pd.to_numeric(acts["year"], errors="coerce") if "year" in acts else pd.Series(dtype=float)
    if company is None:  # an activity CSV
        if base_year is None:
            raise InputError([Problem(tr("an activity CSV needs --base-year"), file=path.name, column="--base-year",
                                      fix=tr("add the year of the data, e.g. --base-year 2024"))],
                             title=tr("Missing base year"))
        company = Company(name=path.stem, reporting_year=base_year)
    # rows with an empty year belong to the file's reporting year, and only to it
    undated_year = company.reporting_year
    years = set(year_col.dropna().astype(int)) | ({undated_year} if year_col.isna().any() or not len(acts) else set())
    if base_year is None:
        base_year = company.base_year if company.base_year in years else company.reporting_year
    if base_year not in years:
        raise InputError([Problem(tr("the file holds no data for {year} (it has data for {years})", year=base_year,
                                     years=", ".join(map(str, sorted(years))) or tr("no year")), file=path.name,
                                  column="year", value=base_year,
                                  fix=tr("choose a base year the file has data for"))],
                         title=tr("No data for the base year"))
    if base_year != undated_year:
        acts = acts[year_col == base_year]
    inv = compute_inventory(acts, reporting_year=base_year, company=company, input_file=path.name)
    d = footprint_json(inv)
    d["_company"] = {"company": company.name, "sector": company.sector,
                     "employees": company.employees, "turnover_eur": company.turnover_eur}
    return d


def _submission(text: str | None):
    from workbook.climate.targets.compute import Submission

    if text:
        return Submission.parse(text)
    import datetime as _dt

    today = _dt.date.today()
    return Submission(today.year, 1 if today.month <= 6 else 2)


def run(args) -> int:
    from workbook.climate.targets.levers import load_levers, read_lever_settings
    from workbook.climate.targets.plan import make_plan, plan_to_json
    from workbook.climate.targets.rules import DEFAULT_RULES, load_rules

    inputs = [args.input] + ([args.levers] if args.levers else [])
    if args.out:  # refused before the work, not after it
        output_path(args.out, force=args.force, inputs=inputs, title="Cannot write the results")
    baseline = load_baseline(args.input, args.base_year)
    facts = {k: v for k, v in (("employees", args.employees), ("turnover_eur", args.turnover_eur),
                               ("assets_eur", args.assets_eur)) if v is not None}
    if facts:
        import dataclasses

        baseline = dataclasses.replace(baseline, **facts)
    proposed = {k: v for k, v in (("scope12", _share_option(args.proposed_scope12, "--proposed-scope12")),
                                  ("scope3", _share_option(args.proposed_scope3, "--proposed-scope3")))
                if v is not None}
    rules = load_rules(args.rules or DEFAULT_RULES)
    growth = _parse_growth(args.growth)
    levers, adoption, shares, order = [], {}, {}, []
    if args.levers:
        levers = load_levers()
        adoption, shares, order = read_lever_settings(args.levers)
    plan = make_plan(baseline, args.target_year, rules, growth=growth, levers=levers, adoption=adoption,
                     affected_share=shares, lever_order=order, scope2_basis=args.scope2,
                     submission=_submission(args.submitted), proposed=proposed or None,
                     scope3_categories=_categories_option(args.scope3_categories),
                     scope12_coverage=_share_option(args.scope12_coverage, "--scope12-coverage"),
                     scope3_ambition=args.scope3_ambition)
    result = plan_to_json(plan, input_name=Path(args.input).name)
    if args.fiscal_years:
        result["year_basis"] = "fiscal"
        result["year_labels"] = {"base_year": f"FY{result['base_year']}", "target_year": f"FY{result['target_year']}",
                                 "note": tr("financial years, each named by the year given on the command line; "
                                            "SBTi's FAQ 'Can I use financial years instead of calendar years' "
                                            "covers their use (its naming rule was not checked by the course)")}
    if args.out:
        from workbook.climate.targets.excel import write_results

        write_results(plan, args.out, input_file=args.input, force=args.force, protect=inputs)
        result["out"] = str(args.out)
    if args.json:
        print(json_text(result))
    else:
        print(summary_text(result))
    return 0


def summary_text(r: dict) -> str:
    def t(v):
        return "-" if v is None else tr("{tonnes} t", tonnes=number(v))

    fy = "FY" if r.get("year_basis") == "fiscal" else ""
    basis = tr("market-based") if r["scope2_basis"] == "market" else tr("location-based")
    base, target = fy + str(r["base_year"]), fy + str(r["target_year"])
    s12, s3 = tr("scope 1+2"), tr("scope 3")
    lines = [tr("Targets {base} -> {target} under {rules} (version {version}, scope 2 {basis})",
                base=base, target=target, rules=r["rule_set"]["id"], version=r["rule_set"]["version"], basis=basis),
             f"{'':24}{s12:>14}{s3:>14}"]
    placeholder = r.get("target_is_placeholder") or {}
    target_label = tr("target (PLACEHOLDER)") if any(placeholder.values()) else tr("target")
    for key, label in (("baseline", tr("base year")), ("bau", tr("business as usual")), ("target", target_label),
                       ("after_levers", tr("after levers")), ("gap", tr("gap (to close)"))):
        lines.append(f"{label:24}{t(r[key]['scope12']):>14}{t(r[key]['scope3']):>14}")
    if any(placeholder.values()):
        lines.append("  " + tr("The target is a PLACEHOLDER: this route's own percentages were not seen "
                               "(see the note)."))
    lines.append(tr("Checks:"))
    passed, failed, not_checked, unverified = tr("pass"), tr("FAIL"), tr("not checked"), tr("unverified rule")
    for c in r["checks"]:
        lines.append(f"  [{passed if c['passed'] else failed}] {c['id']}: {c['reason']}")
    for c in r["not_checked"]:
        lines.append(f"  [{not_checked}] {c['id']}: {c['reason']}")
    for u in r["rule_set"]["unverified"]:
        lines.append(f"  [{unverified}] {u}")
    lines.append(tr("Note: {caveat}", caveat=r["rule_set"]["caveat"]))
    return "\n".join(lines)
