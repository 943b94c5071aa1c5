"""Peers: public targets and actions of well-known companies and sector commitments,
each with its source and the year it was stated (``data/climate/peers.csv``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbook.datafiles import RowProblem, Table
from workbook.paths import data_dir
from workbook.schemas import read_csv


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


def peer_rules(table: Table) -> list[RowProblem]:
    """peers.csv: a verified statement names the year it was made; a reduction is above 0 %."""
    out = []
    for line, r in zip(table.lines, table.rows):
        if r["verified"] and r["year"] is None:
            out.append(RowProblem(line, "a verified peer statement needs the year it was made", "year",
                                  "add the year of the statement, or set verified to false"))
        if r["reduction_pct"] is not None and not r["reduction_pct"] > 0:
            out.append(RowProblem(line, "a reduction of 0 % is no target", "reduction_pct",
                                  "write the percentage the target cuts, or leave it empty"))
    return out


def load_peers(path: Path | None = None) -> list[Peer]:
    """The peers, checked as ``data/climate/schemas.yaml`` declares ``peers.csv``."""
    rows = read_csv(path or peers_file(), like=peers_file())
    return [Peer(**{**row, "actions": row["actions"] or ""}) for row in rows]
