"""``workbook template``, ``workbook footprint`` and ``workbook factors``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.i18n import N_, number, tr
from workbook.language import language
from workbook.outputs import json_text, output_path


FORCE_HELP = ("replace an existing output file (never the input, the progress file or a file the "
              "workbook did not write in WORKBOOK_HOME)")


def register(subparsers) -> None:
    p = subparsers.add_parser("template", help="write a blank climate data template (Excel)")
    p.add_argument("out", metavar="OUT.xlsx", help="where to write the template (a new file)")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_template)

    p = subparsers.add_parser("footprint", help="compute the GHG footprint of a template or activity CSV")
    p.add_argument("input", metavar="IN", help="a filled template (.xlsx) or an activity CSV")
    p.add_argument("--json", action="store_true", help="print the footprint as JSON (t CO2e)")
    p.add_argument("--out", metavar="RESULTS.xlsx", help="write the results to this new Excel file")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--year", type=int, help="reporting year (default: the template's reporting year)")
    p.set_defaults(func=cmd_footprint)

    p = subparsers.add_parser("factors", help="list the emission-factor database with sources")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--activity", help="only this activity id")
    p.set_defaults(func=cmd_factors)


def cmd_template(args) -> int:
    from workbook.climate.footprint.template import write_template

    title = tr("Cannot write the template")
    out = output_path(args.out, force=args.force, title=title)
    if out.suffix.lower() != ".xlsx":
        raise InputError([Problem(tr("the template must be an .xlsx file"), file=str(out),
                                  fix=tr("end the name in .xlsx"))], title=title)
    write_template(out, force=args.force, rename=False)
    if args.json:
        print(json_text({"template": str(out)}, indent=None))
    else:
        print(tr("Template written to {out}. Fill it in, then run: workbook footprint {out}", out=out))
    return 0


def cmd_footprint(args) -> int:
    from workbook.climate.footprint.inventory import footprint_json
    from workbook.climate.footprint.load import load_footprint

    inp = Path(args.input)
    if args.out:  # refused before the work, not after it
        output_path(args.out, force=args.force, inputs=(inp,), title=tr("Cannot write the results"))
    inv = load_footprint(inp, year=args.year)
    fj = footprint_json(inv)
    if args.out:
        from workbook.climate.footprint.results import write_results

        write_results(inv, args.out, protect=(inp,), force=args.force)
        fj["results_file"] = str(args.out)
    if args.json:
        print(json_text(fj))
    else:
        print(summary_text(fj))
        if fj["warnings"]:
            print(warnings_text(fj["warnings"], inv.language), file=sys.stderr)
    return 0


def warnings_text(warnings: list[dict], lang: str = "en") -> str:
    """Plausibility warnings for the terminal: where to look (as the file in ``lang`` names it), and why
    (they do not stop the calculation)."""
    from workbook.climate.footprint.plausibility import as_text

    lines = [tr("Plausibility warnings ({n}): please check these cells; the footprint above "
                "is calculated anyway.", n=len(warnings))]
    lines += [f"  - {as_text(w, lang)}" for w in warnings]
    return "\n".join(lines)


def _quality(dq: float | None) -> str:
    if dq is None:
        return "-"
    return str(dq) if language() == "en" else number(dq, 2)


def summary_text(fj: dict) -> str:
    def n(v: float) -> str:
        return number(v, 1).rjust(14)

    def line(label: str, v: float) -> str:
        return f"  {tr(label):<25}{n(v)}"

    gwp = fj.get("gwp_basis", fj["gwp_set"])
    gwp = tr("GWP mixed: {sets}", sets=", ".join(fj["gwp_sets_used"])) if gwp == "mixed" else gwp
    dq = fj["data_quality"]
    lines = [tr("{company}: footprint {year} (t CO2e, {gwp})", company=fj["company"], year=fj["reporting_year"],
                gwp=gwp),
             line(N_("Scope 1"), fj["scope1"]),
             line(N_("Scope 2 location-based"), fj["scope2_location"]),
             line(N_("Scope 2 market-based"), fj["scope2_market"]),
             line(N_("Scope 3"), fj["scope3_total"])]
    lines += ["    " + tr("category {k}", k=str(k).rjust(2)).ljust(23) + n(v) for k, v in fj["scope3"].items() if v]
    lines += [line(N_("Total (location-based)"), fj["total_location"]),
              line(N_("Total (market-based)"), fj["total_market"]),
              "  " + tr("Data quality (1-5)").ljust(25) + _quality(dq).rjust(14)]
    if fj.get("memo"):
        lines += [tr("  Memo (optional, not in totals): category {k}: {v}", k=k, v=number(v, 1))
                  for k, v in fj["memo"].items()]
    if fj.get("memo_outside_scopes"):
        lines += [tr("  Memo (outside the scopes, not a Kyoto gas): {k}: {v}", k=k, v=number(v, 1))
                  for k, v in fj["memo_outside_scopes"].items()]
    if fj.get("countries_without_grid_data"):
        lines.append(tr("  NO grid data (world average used) for: ") + ", ".join(fj["countries_without_grid_data"]))
    if fj.get("unverified_factors"):
        lines.append(tr("  UNVERIFIED factors used: ") + ", ".join(fj["unverified_factors"]))
    from workbook.climate.footprint.inventory import note_text

    lines += [tr("Notes:")] + [f"  - {note_text(n_)}" for n_ in fj["notes"]]
    if fj.get("results_file"):
        lines.append(tr("Results written to {file}", file=fj["results_file"]))
    return "\n".join(lines)


FACTOR_FIELDS = ["id", "activity", "label", "basis", "region", "year", "edition", "unit", "kg_co2e_per_unit",
                 "gwp_basis", "source", "table", "quality", "verified", "notes"]


def cmd_factors(args) -> int:
    from workbook.climate.footprint.facts import factor_table

    df = factor_table()
    if args.activity:
        df = df[df["activity"] == args.activity]
        if df.empty:
            raise InputError([Problem(f"no factors for activity '{args.activity}'", column="activity",
                                      value=args.activity, fix="run `workbook factors` to see the activity ids")])
    recs = [{k: (None if v != v else v) for k, v in r.items()}
            for r in df[FACTOR_FIELDS].to_dict("records")]
    if args.json:
        print(json.dumps({"factors": recs}, indent=2, ensure_ascii=False, default=str))
        return 0
    _print_factors(recs)
    return 0


def _print_factors(recs: list[dict]) -> None:
    for r in recs:
        value = "not available" if r["kg_co2e_per_unit"] is None else f"{r['kg_co2e_per_unit']:g}"
        flag = "" if r["verified"] else "  [UNVERIFIED]"
        sys.stdout.write(f"{r['id']:<34} {r['activity']:<28} {value:>12} kg CO2e/{r['unit']:<10} "
                         f"{r['region']:<4} {r['year']}  {r['source']}; {r['table']}{flag}\n")
