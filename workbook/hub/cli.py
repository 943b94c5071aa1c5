"""``workbook hub tokens`` (a name and a personal token per participant, and the hash file the
hub reads) and ``workbook hub cohort-service`` (the read-only service the hub runs for
``workbook cohort --hub``)."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hub", help="for a JupyterHub: participants' tokens, the facilitator's cohort service",
                       description="Tools for running the course on a JupyterHub (deploy/hub, docs/deploy.md).")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    t = verbs.add_parser("tokens", help="a name and a personal token per participant, and the hash file for the hub",
                         description="Generate participant names (PREFIX001, PREFIX002, ...) with a strong random "
                                     "token each. OUT (the list to hand out) and the hash file (the only file the hub "
                                     "reads: WORKBOOK_HUB_TOKENS) are new files readable by their owner only; an "
                                     "existing file is replaced only with --force.")
    t.add_argument("--count", type=int, required=True, metavar="N", help="how many participants")
    t.add_argument("--out", type=Path, required=True, metavar="tokens.csv",
                   help="the list of names and tokens, for the facilitator to hand out")
    t.add_argument("--prefix", default="p", help="start of every name (default p: p001, p002, ...)")
    t.add_argument("--hashes", type=Path, default=None, metavar="FILE",
                   help="the hash file for the hub (default: beside OUT, e.g. tokens-hashes.csv)")
    t.add_argument("--force", action="store_true", help="replace existing files")
    t.add_argument("--json", action="store_true", help="machine-readable output (never the tokens)")
    t.set_defaults(func=_tokens)

    s = verbs.add_parser("cohort-service", help="the read-only cohort service a hub runs (workbook cohort --hub)",
                         description="Serve participants' answers, read from their homes on this machine, to tokens "
                                     "that may use the service. Run by JupyterHub as a service "
                                     "(c.JupyterHub.services), which gives it its address and token; it never writes "
                                     "to a participant's files.")
    s.add_argument("--homes", required=True, metavar="TEMPLATE",
                   help="participants' homes, with {username}: e.g. /home/jupyter-{username}")
    s.add_argument("--progress-path", default=None, metavar="PATH",
                   help="the progress file inside a home (default workbook-data/progress.json)")
    s.set_defaults(func=_cohort_service)


def _tokens(args) -> int:
    import json

    from workbook.hub import write_token_files

    out, hashes, names = write_token_files(args.out, args.count, prefix=args.prefix, hashes=args.hashes,
                                           force=args.force)
    if args.json:
        print(json.dumps({"participants": len(names), "first": names[0], "last": names[-1], "tokens": str(out),
                          "hashes": str(hashes)}, indent=2))
        return 0
    print(f"{len(names)} participants, {names[0]} to {names[-1]}:\n"
          f"  {out}: names and tokens, to hand out (keep it private)\n"
          f"  {hashes}: hashes only, for the hub (WORKBOOK_HUB_TOKENS={hashes})")
    return 0


def _cohort_service(args) -> int:
    from workbook.course import HUB_PROGRESS_PATH
    from workbook.hub.cohort_service import serve

    serve(args.homes, args.progress_path or HUB_PROGRESS_PATH)
    return 0
