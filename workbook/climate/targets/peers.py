"""Peers: public targets and actions of well-known companies and sector commitments,
each with its source and the year it was stated (``data/climate/peers.csv``)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from workbook.errors import ContentError
from workbook.paths import data_dir

PEER_COLUMNS = ("id", "name", "sector", "kind", "scope", "target", "base_year", "target_year",
                "reduction_pct", "actions", "year", "source", "verified")
KINDS = ("company", "commitment", "sector_study")
SECTORS = ("apparel", "footwear", "furniture")


@dataclass(frozen=True)
class Peer:
    id: str
    name: str
    sector: str
    kind: str
    scope: str
    target: str
    base_year: int | None
    target_year: int | None
    reduction_pct: float | None
    actions: str
    year: int | None
    source: str
    verified: bool

    @property
    def annual_rate(self) -> float | None:
        """Linear reduction per year implied by the target (percentage points a year)."""
        if self.reduction_pct is None or self.base_year is None or self.target_year is None:
            return None
        return self.reduction_pct / (self.target_year - self.base_year)


def peers_file() -> Path:
    return data_dir() / "climate" / "peers.csv"


def load_peers(path: Path | None = None) -> list[Peer]:
    path = path or peers_file()
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != PEER_COLUMNS:
            raise ContentError(path.name, f"columns must be {list(PEER_COLUMNS)}")
        for line, r in enumerate(reader, start=2):
            def fail(col, problem):
                raise ContentError(path.name, f"line {line}, column '{col}': {problem} (found {r.get(col)!r})")

            for col in ("id", "name", "target", "source", "scope"):
                if not r[col].strip():
                    fail(col, "must not be empty")
            if r["kind"] not in KINDS:
                fail("kind", f"use {', '.join(KINDS)}")
            if r["sector"] not in SECTORS:
                fail("sector", f"use {', '.join(SECTORS)}")
            if r["verified"] not in ("true", "false"):
                fail("verified", "must be true or false")
            nums = {}
            for col, kind in (("base_year", int), ("target_year", int), ("year", int), ("reduction_pct", float)):
                if r[col].strip() == "":
                    nums[col] = None
                    continue
                try:
                    nums[col] = kind(r[col])
                except ValueError:
                    fail(col, f"must be a {'whole number' if kind is int else 'number'}")
            if r["verified"] == "true" and nums["year"] is None:
                fail("year", "a verified peer statement needs the year it was made")
            if nums["reduction_pct"] is not None and not 0 < nums["reduction_pct"] <= 100:
                fail("reduction_pct", "must be a percentage between 0 and 100")
            out.append(Peer(r["id"], r["name"], r["sector"], r["kind"], r["scope"], r["target"],
                            nums["base_year"], nums["target_year"], nums["reduction_pct"], r["actions"],
                            nums["year"], r["source"], r["verified"] == "true"))
    return out
