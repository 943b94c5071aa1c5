"""``workbook risk SUPPLIERS [--json] [--out RESULTS.xlsx]``: forced-labour risk per supplier;
``workbook supplier-map OUT.xlsx``: the blank supplier map, in the language of ``--lang``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.i18n import tr
from workbook.outputs import json_text, output_path


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "risk",
        help="forced-labour risk per supplier from a supplier map (template .xlsx or CSV)",
        description="Score the forced-labour risk of each supplier in a supplier map (the course template, "
                    "or a CSV with at least the columns supplier, country (ISO 3166 alpha-2), tier and goods). "
                    "Prints a prioritised list; exit status 2 with a list of problems on invalid input.",
    )
    p.add_argument("suppliers", metavar="SUPPLIERS", help="supplier map: template .xlsx or .csv")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--out", metavar="RESULTS.xlsx",
                   help="also write the results (priorities, drivers, heat map, About) to a new Excel file")
    p.add_argument("--force", action="store_true",
                   help="replace an existing results file (never the input, the progress file or a file the "
                        "workbook did not write in WORKBOOK_HOME)")
    p.set_defaults(func=run)

    p = subparsers.add_parser("supplier-map", help="write a blank supplier map template (Excel) for workbook risk",
                              description="Write a blank supplier map (sheets, headers, instructions and drop-downs "
                                          "in the language of --lang; codes are the same in every language, and "
                                          "workbook risk reads a map in either language).")
    p.add_argument("out", metavar="OUT.xlsx", help="where to write the template (a new file)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=cmd_supplier_map)


def cmd_supplier_map(args: argparse.Namespace) -> int:
    from workbook.forced_labour.hrdd.supplier_map import write_template

    title = tr("Cannot write the template")
    out = output_path(args.out, force=args.force, title=title)
    if out.suffix.lower() != ".xlsx":
        raise InputError([Problem(tr("the template must be an .xlsx file"), file=str(out),
                                  fix=tr("end the name in .xlsx"))], title=title)
    write_template(out, force=args.force, rename=False)
    print(tr("Supplier map written to {path}. Fill it in, then run: workbook risk {path}", path=out))
    return 0


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from workbook.forced_labour.hrdd import risk
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map

    src = Path(args.suppliers)
    if args.out:
        output_path(args.out, force=args.force, inputs=(src,), title=tr("Cannot write the results"))
        if Path(args.out).suffix.lower() != ".xlsx":
            raise InputError([Problem(tr("the results file must end in .xlsx"), file=args.out,
                                      value=Path(args.out).suffix, fix=tr("choose a name like results.xlsx"))],
                             title=tr("Cannot write the results"))
    smap = read_supplier_map(src)
    scored = risk.score_suppliers(smap.table)
    info = risk.provenance_info(src)
    out_path = risk.export_results(scored, args.out, input_file=src, info=info, force=args.force) \
        if args.out else None
    if args.json:
        doc = {
            "input": src.name,
            "data_edition": info.get("data_edition"),
            "method": "likelihood (country, goods, state-imposed, process, red flags) x severity; see "
                      "data/forced_labour/hrdd/scoring.yaml",
            "suppliers": risk.to_records(scored),
            "warnings": [str(w) for w in smap.warnings],
            "results_file": str(out_path) if out_path else None,
            "provenance": info,
        }
        print(json_text(doc))
        return 0
    out = sys.stdout
    out.write(tr("Forced-labour risk for {n} supplier line(s) in {file} ({edition})", n=len(scored), file=src.name,
                 edition=info.get("data_edition")) + "\n")
    head = [tr("supplier"), tr("ctry"), tr("goods"), tr("score"), tr("level"), tr("state-imposed")]
    out.write(f"{'#':>3}  {head[0]:<32} {head[1]:<4} {head[2]:<14} {head[3]:>5}  {head[4]:<9}  {head[5]}\n")
    basis = scored["state_imposed_basis"].map({"linked": tr("LINKED"), "untraced": tr("untraced origin")}).fillna("")
    stop = np.where(scored["hard_stop"].to_numpy(dtype=bool), "  " + tr("HARD STOP"), "")
    levels = scored["level"].map(lambda v: tr(v))
    lines = [f"{p:>3}  {str(name)[:32]:<32} {c:<4} {str(g)[:14]:<14} {sc:>5}  {lv:<9}  {b}{hs}\n"
             for p, name, c, g, sc, lv, b, hs in zip(scored["priority"].tolist(), scored["supplier"].tolist(),
                                                     scored["country"].tolist(), scored["goods"].tolist(),
                                                     scored["score"].tolist(), levels.tolist(),
                                                     basis.tolist(), stop.tolist())]
    out.write("".join(lines))
    for w in smap.warnings:
        print(tr("warning: {warning}", warning=w), file=sys.stderr)
    if out_path:
        print(tr("Results written to {path}", path=out_path))
    else:
        print(tr("Use --json for the drivers of each score, or --out results.xlsx for the full report."))
    return 0
