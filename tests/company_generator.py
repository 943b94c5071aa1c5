"""Companies nobody tuned the course for: valid, random and reproducible from a seed.

``generate(seed, folder)`` writes a climate data template and a supplier map for a made-up
company: any sector, one or two years, some data sheets empty (sometimes no scope 3 at all),
sites outside the Netherlands, supplier-specific factors, a base year or none; suppliers in any
ISO 3166 country (also countries the risk data does not cover), any tier, goods and process.
The activity rows are drawn from the course's own activity list (through the sample
templates' rows, which are valid by construction) with new quantities, places and words.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from workbook.climate.footprint import Company, load_activities, write_template
from workbook.forced_labour.hrdd import fact_rows
from workbook.forced_labour.hrdd.facts import scoring
from workbook.forced_labour.hrdd.supplier_map import write_template as write_supplier_template
from workbook.paths import data_dir

SECTORS = ("clothing", "textiles", "footwear", "furniture", "other")
FIRST = ("Vlinder", "Kade", "Zeewind", "Duinroos", "Polder", "Merel", "Wilg", "Keizer", "Linde", "Horizon")
SECOND = {"clothing": "Mode", "textiles": "Textiel", "footwear": "Schoenen", "furniture": "Meubelen",
          "other": "Interieur"}
SITES = ("head office", "warehouse", "shop", "workshop", "studio", "showroom", "outlet", "depot")
ABROAD = ("BE", "DE", "FR", "PL", "PT", "ES", "IT", "GB", "DK", "AT")


@dataclass(frozen=True)
class GeneratedCompany:
    seed: int
    name: str
    sector: str
    template: Path
    supplier_map: Path
    sheets: tuple[str, ...]
    years: tuple[int, ...]
    suppliers: int


@lru_cache(maxsize=1)
def _pool() -> tuple[pd.DataFrame, tuple[dict, ...]]:
    """Every activity row and screening row of the sample templates (valid by construction)."""
    rows, screening = [], []
    for folder in sorted((data_dir() / "companies").iterdir()):
        if (folder / "footprint.xlsx").is_file():
            _, acts, scr = load_activities(folder / "footprint.xlsx")
            rows.append(acts)
            screening += scr
    return pd.concat(rows, ignore_index=True), tuple(screening)


def _name(rng: random.Random, sector: str) -> str:
    return f"{rng.choice(FIRST)} {SECOND[sector]} {rng.choice(('B.V.', 'V.O.F.', 'N.V.'))}"


def _activities(rng: random.Random, reporting: int, base: int | None) -> tuple[pd.DataFrame, tuple[str, ...]]:
    pool, _ = _pool()
    sheets = sorted(set(pool["sheet"]))
    keep = [s for s in sheets if rng.random() < 0.75] or [rng.choice(sheets)]
    if rng.random() < 0.15:  # no scope 3 data at all
        keep = [s for s in keep if s in ("Fuels", "Refrigerants", "Energy")] or ["Energy"]
    chosen = pool[pool["sheet"].isin(keep)]
    rows = chosen.sample(n=min(len(chosen), rng.randint(1, 18)), random_state=rng.randint(0, 10**6)).copy()
    rows["quantity"] = [round(q * rng.uniform(0.1, 4.0), 1) for q in rows["quantity"]]
    rows["description"] = [f"{rng.choice(SITES)} {rng.randint(1, 9)}" for _ in range(len(rows))]
    abroad = rows["sheet"].isin(["Energy"]) & pd.Series([rng.random() < 0.3 for _ in range(len(rows))], index=rows.index)
    rows.loc[abroad, "country"] = [rng.choice(ABROAD) for _ in range(int(abroad.sum()))]
    own = (rows["sheet"] == "Purchased goods") & pd.Series([rng.random() < 0.3 for _ in range(len(rows))], index=rows.index)
    rows.loc[own, "factor_kg_co2e"] = [round(rng.uniform(0.5, 25.0), 2) for _ in range(int(own.sum()))]
    rows.loc[own, "factor_unit"] = rows.loc[own, "unit"]
    rows["year"] = reporting
    if base is not None and base != reporting and rng.random() < 0.7:  # the base year's data too
        earlier = rows.copy()
        earlier["year"] = base
        earlier["quantity"] = [round(q * rng.uniform(0.7, 1.3), 1) for q in earlier["quantity"]]
        rows = pd.concat([earlier, rows], ignore_index=True)
    return rows.reset_index(drop=True), tuple(sorted(set(rows["sheet"])))


def _screening(rng: random.Random) -> list[dict]:
    _, pool = _pool()
    picked = rng.sample(list(pool), k=rng.randint(0, min(6, len(pool))))
    return [{**row, "quantity": None if row["quantity"] is None else round(float(row["quantity"]) * rng.uniform(0.2, 3.0))}
            for row in picked]


def _suppliers(rng: random.Random, sector: str) -> list[dict]:
    countries = [r["iso2"] for r in fact_rows("iso3166.csv")]
    goods = [r["good"] for r in fact_rows("goods.csv")]
    processes = [r["process"] for r in fact_rows("process_risk.csv")]
    flags = [r["code"] for r in fact_rows("red_flags.csv") if not r.get("derived_from")]
    template = scoring()["template"]
    channels = [c["value"] for c in template["recruitment_channels"]] + [""]
    findings = [c["value"] for c in template["audit_findings"]] + [""]
    rows = []
    for i in range(rng.randint(1, 25)):  # one supplier is a valid map too
        country = rng.choice(countries)
        rows.append({
            "supplier": f"Supplier {i + 1} {country}",
            "tier": rng.randint(1, 4),
            "country": country,
            "goods": rng.choice(goods),
            "process": rng.choice(processes) if rng.random() < 0.7 else "",
            "material": rng.choice(("cotton", "leather", "timber", "polyester", "wool", "")),
            "material_origin": rng.choice(countries + ["unknown", ""]),
            "workforce": rng.choice((rng.randint(5, 4000), "")),
            "migrant_agency_share_pct": rng.choice((rng.randint(0, 100), "")),
            "recruitment_channel": rng.choice(channels),
            "audit_findings": rng.choice(findings),
            "red_flags": ";".join(rng.sample(flags, k=rng.choice((0, 0, 1, 2)))),
            "notes": "",
        })
    return rows


def generate(seed: int, folder: Path) -> GeneratedCompany:
    """Write one random, valid company (template + supplier map) into ``folder``."""
    rng = random.Random(seed)
    sector = rng.choice(SECTORS)
    reporting = rng.choice((2023, 2024, 2025))
    base = rng.choice((None, reporting, reporting - 1, reporting - 2))
    company = Company(name=_name(rng, sector), sector=sector, reporting_year=reporting, base_year=base,
                      consolidation=rng.choice(("operational_control", "financial_control")),
                      gwp_set=rng.choice(("AR5", "AR6")), significance_threshold=rng.choice((0.05, 0.1)),
                      employees=rng.choice((None, rng.randint(3, 900))),
                      turnover_eur=rng.choice((None, float(rng.randint(1, 200)) * 1e6)))
    rows, sheets = _activities(rng, reporting, base)
    folder.mkdir(parents=True, exist_ok=True)
    template = write_template(folder / f"company_{seed}.xlsx", company, rows, _screening(rng))
    suppliers = _suppliers(rng, sector)
    supplier_map = write_supplier_template(folder / f"suppliers_{seed}.xlsx", suppliers)
    years = tuple(sorted(set(int(y) for y in rows["year"])))
    return GeneratedCompany(seed, company.name, sector, Path(template), Path(supplier_map), sheets, years,
                            len(suppliers))


