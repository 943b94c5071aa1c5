"""Reduction levers as data, and their combination without double counting.

A lever acts on one or more emission buckets (``scope1``, ``scope2_market``,
``scope3.1`` ...). Its reduction on a bucket is

    remaining emissions x affected share x reduction per unit x adoption

where *remaining* is what the levers applied before it left. Levers are applied in a
stated order; each one only acts on what is left, so the total can never exceed the
emissions, and the final total does not depend on the order (the factors multiply).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from workbook.errors import InputError, Problem
from workbook.i18n import number, tr
from workbook.paths import data_dir
from workbook.safeinput import MAX_SMALL_TEXT_BYTES, csv_records, load_yaml, read_text, regular_file
from workbook.schemas import read_csv


@dataclass(frozen=True)
class Lever:
    id: str
    name: str
    sectors: tuple[str, ...]
    acts_on: tuple[str, ...]
    unit_of_adoption: str
    affected_share: float
    affected_share_basis: str
    affected_share_source: str
    affected_share_verified: bool
    reduction_per_unit: float
    source: str
    verified: bool
    difficulty: str
    cost_hint: str
    order: int
    note: str = ""
    short_name: str = ""   # optional column: a label short enough for a chart axis
    # optional: activities whose share of the acted-on emissions is the company's affected share
    company_share_activities: tuple[str, ...] = ()
    # optional: levers in one group switch the same input; their adoptions add up to at most 100 %
    exclusive_group: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def per_unit(self) -> float:
        """Share of the acted-on emissions removed per unit (100 %) of adoption."""
        return self.affected_share * self.reduction_per_unit

    @property
    def fully_verified(self) -> bool:
        return self.verified and self.affected_share_verified


# the template's sector names (workbook.climate.footprint.template) -> the lever library's sectors
_LEVER_SECTOR = {"clothing": "apparel", "textiles": "apparel", "apparel": "apparel",
                 "footwear": "footwear", "furniture": "furniture"}


def lever_sector(sector: str | None) -> str | None:
    """The lever library's sector for a company's sector ('clothing' -> 'apparel');
    None (all levers) for 'other' or an unknown sector."""
    return _LEVER_SECTOR.get(str(sector or "").strip().lower())


def levers_file() -> Path:
    return data_dir() / "climate" / "levers.csv"


def parse_levers(path: Path) -> list[Lever]:
    """Read the lever file, checked as ``data/climate/schemas.yaml`` declares ``levers.csv``
    (a bad row fails with the file, line and column), in the library's order."""
    levers = [Lever(**{**row, "sectors": tuple(row["sectors"]), "acts_on": tuple(row["acts_on"]),
                       "note": row["note"] or "", "short_name": row["short_name"] or "",
                       "company_share_activities": tuple(row.get("company_share_activities") or ()),
                       "exclusive_group": row.get("exclusive_group") or ""})
              for row in read_csv(path, like=levers_file())]
    return sorted(levers, key=lambda lv: (lv.order, lv.id))


def load_levers(path: Path | None = None, sector: str | None = None) -> list[Lever]:
    """The course's lever library (optionally only the levers for one sector), in order."""
    levers = parse_levers(path or levers_file())
    if sector:
        levers = [lv for lv in levers if sector in lv.sectors]
    return levers


# ---------------------------------------------------------------- combination
@dataclass(frozen=True)
class LeverStep:
    lever_id: str
    name: str
    adoption: float
    reduction_t: float                  # total over the buckets it acts on
    by_bucket: tuple[tuple[str, float], ...]
    label: str = ""                     # short chart label


@dataclass(frozen=True)
class LeverOutcome:
    steps: tuple[LeverStep, ...]
    after: dict[str, float]
    order: tuple[str, ...]


def apply_levers(buckets: Mapping[str, float], levers: Sequence[Lever], adoption: Mapping[str, float],
                 affected_share: Mapping[str, float] | None = None,
                 order: Iterable[str] | None = None) -> LeverOutcome:
    """Apply each lever with ``adoption[id]`` (0..1) to what the previous ones left.

    ``order`` (lever ids) overrides the library order; levers not named follow in library
    order. ``affected_share`` overrides a lever's default share with the company's own.
    """
    by_id = {lv.id: lv for lv in levers}
    problems = []
    for lid, a in adoption.items():
        if lid not in by_id:
            problems.append(Problem(tr("unknown lever"), column="lever", value=lid,
                                    fix=tr("use one of: {choices}", choices=", ".join(by_id))))
        elif isinstance(a, bool) or not isinstance(a, (int, float)) or not (0 <= a <= 1):
            problems.append(Problem(tr("adoption must be a share between 0 and 1"),
                                    column=tr("adoption of {lever}", lever=lid), value=a,
                                    fix=tr("e.g. 0.5 for 50 %")))
    for lid, s in (affected_share or {}).items():
        if lid not in by_id:
            problems.append(Problem(tr("unknown lever"), column="lever", value=lid,
                                    fix=tr("use one of: {choices}", choices=", ".join(by_id))))
        elif isinstance(s, bool) or not isinstance(s, (int, float)) or not (0 <= s <= 1):
            problems.append(Problem(tr("the affected share must be between 0 and 1"),
                                    column=tr("affected share of {lever}", lever=lid), value=s,
                                    fix=tr("e.g. 0.3 for 30 %")))
    for group in sorted({lv.exclusive_group for lv in levers if lv.exclusive_group}):
        members = [lv.id for lv in levers if lv.exclusive_group == group and adoption.get(lv.id)]
        total = sum(float(adoption[m]) for m in members if not isinstance(adoption[m], bool)
                    and isinstance(adoption[m], (int, float)))
        if total > 1 + 1e-9:
            problems.append(Problem(tr("{levers} together switch {total}% of the same input ({group}): at most "
                                       "100 % of it can be replaced", levers=tr(" and ").join(members),
                                       total=number(total * 100), group=group.replace('_', ' ')),
                                    column="adoption", value=", ".join(f"{m} {adoption[m]:.0%}" for m in members),
                                    fix=tr("lower the adoptions so that they add up to 100 % or less")))
    for lv in levers:
        if (lv.company_share_activities and adoption.get(lv.id) and lid_share(affected_share, lv.id) is None):
            problems.append(Problem(
                tr("{lever} needs the company's own affected share ({unit}); the baseline does not break {buckets} "
                   "down by activity, and the library default would treat all of it as {activities}", lever=lv.id,
                   unit=lv.unit_of_adoption, buckets=", ".join(lv.acts_on),
                   activities=", ".join(lv.company_share_activities)), column=f"affected_share of {lv.id}",
                fix=tr("give affected_share for this lever (e.g. 0.3 for 30 %), or use a footprint made by this "
                       "version of the workbook (it carries the breakdown)")))
    named = list(order or [])
    for lid in named:
        if lid not in by_id:
            problems.append(Problem(tr("unknown lever in the order"), column="order", value=lid,
                                    fix=tr("use one of: {choices}", choices=", ".join(by_id))))
    if problems:
        raise InputError(problems, title=tr("The lever settings have problems"))
    sequence = list(dict.fromkeys(named)) + [lv.id for lv in levers if lv.id not in named]

    remaining = {k: float(v) for k, v in buckets.items()}
    steps = []
    for lid in sequence:
        lv = by_id[lid]
        a = float(adoption.get(lid, 0.0))
        share = float((affected_share or {}).get(lid, lv.affected_share))
        f = share * lv.reduction_per_unit * a
        per = []
        for b in lv.acts_on:
            if b not in remaining:
                continue
            cut = remaining[b] * f
            remaining[b] -= cut
            per.append((b, cut))
        steps.append(LeverStep(lid, lv.name, a, sum(c for _, c in per), tuple(per), lv.label))
    return LeverOutcome(tuple(steps), remaining, tuple(sequence))


def lid_share(affected_share: Mapping[str, float] | None, lever_id: str) -> float | None:
    return None if not affected_share or lever_id not in affected_share else affected_share[lever_id]


def company_affected_shares(activity_t: Mapping[str, Mapping[str, float]], buckets: Mapping[str, float],
                            levers: Sequence[Lever]) -> dict[str, float]:
    """Each lever's affected share from the company's own footprint, where the lever names the
    activities it applies to (e.g. air_to_sea: air freight's share of category 4). Levers whose
    buckets have no breakdown get none (and then ask for it when used)."""
    out = {}
    for lv in levers:
        if not lv.company_share_activities or not all(b in activity_t for b in lv.acts_on):
            continue
        total = sum(float(buckets.get(b, 0.0)) for b in lv.acts_on)
        part = sum(float(activity_t[b].get(a, 0.0)) for b in lv.acts_on for a in lv.company_share_activities)
        out[lv.id] = min(1.0, part / total) if total > 0 else 0.0
    return out


def read_lever_settings(path: str | Path) -> tuple[dict[str, float], dict[str, float], list[str]]:
    """Read a lever settings file (CSV or YAML): adoption per lever, optional affected
    shares, and the order of the rows. Adoption is a fraction (0.4) or a percentage ("40 %").

    CSV columns: ``lever``, ``adoption``, optional ``affected_share``.
    YAML: ``levers:`` a list of {lever, adoption, affected_share} (or a mapping lever -> adoption).
    """
    path = Path(path)
    name = path.name
    title = tr("Cannot read the lever settings")
    missing = Problem(tr("file not found"), file=str(path), fix=tr("check the path given to --levers"))
    rows: list[tuple[int, dict]] = []
    if path.suffix.lower() in (".yaml", ".yml"):
        raw = load_yaml(path, title=title, missing=missing, fix=tr("check the indentation"))
        items = raw.get("levers") if isinstance(raw, dict) else None
        if isinstance(items, dict):
            items = [{"lever": k, "adoption": v} for k, v in items.items()]
        if not isinstance(items, list):
            raise InputError([Problem(tr("expected a 'levers:' list of {lever, adoption}"), file=name,
                                      fix=tr("write 'levers:' and under it one line per lever, e.g. "
                                             "'- {lever: material_efficiency, adoption: 0.4}' (the lever ids are "
                                             "the id column of data/climate/levers.csv)"))])
        rows = [(i, r if isinstance(r, dict) else {}) for i, r in enumerate(items, 1)]
    elif path.suffix.lower() == ".csv":
        text = read_text(path, title=title, missing=missing, max_bytes=MAX_SMALL_TEXT_BYTES)
        header, records, _ = csv_records(text, name, title=title)
        fields = [h.strip() for h in header]
        if not fields or "lever" not in fields or "adoption" not in fields:
            raise InputError([Problem(tr("the CSV needs the columns 'lever' and 'adoption'"), file=name, row=1,
                                      value=fields or None, fix=tr("add a header row: lever,adoption"))])
        rows = [(line, dict(zip(fields, values))) for line, values in records
                if any(v.strip() for v in values)]
    else:
        regular_file(path, title=title, missing=missing)
        raise InputError([Problem(tr("unknown file type"), file=name, value=path.suffix,
                                  fix=tr("use a .csv or .yaml lever settings file"))])
    adoption, shares, order, problems = {}, {}, [], []
    for line, r in rows:
        lid = str(r.get("lever") or "").strip()
        if not lid:
            problems.append(Problem(tr("the lever id is empty"), file=name, row=line, column="lever",
                                    fix=tr("use an id from data/climate/levers.csv")))
            continue
        for col, target in (("adoption", adoption), ("affected_share", shares)):
            v = r.get(col)
            if v is None or str(v).strip() == "":
                if col == "adoption":
                    problems.append(Problem(tr("adoption is empty"), file=name, row=line, column=col,
                                            fix=tr("e.g. 0.5 or 50 %")))
                continue
            try:
                target[lid] = parse_share(v)
            except ValueError:
                problems.append(Problem(tr("must be a share: 0.4 or 40 %"), file=name, row=line, column=col,
                                        value=v, fix=tr("write a number between 0 and 1, or a percentage")))
        order.append(lid)
    if problems:
        raise InputError(problems, title=tr("The lever settings have problems"))
    return adoption, shares, order


def parse_share(v) -> float:
    """0.4, '0.4', '40%', '40 %' or '0,4' -> 0.4; ValueError otherwise."""
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        t = str(v).strip().replace(",", ".")
        if t.endswith("%"):
            x = float(t[:-1].strip()) / 100
        else:
            x = float(t)
    if not (math.isfinite(x) and 0 <= x <= 1):
        raise ValueError(v)
    return x
