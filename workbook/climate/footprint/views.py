"""What the climate notebooks show of a footprint (c1 and c2): tables and short reports.

Each function takes the loaded company (or its inventory) and returns a table, prints a
short report or both, so that a notebook cell is one named call. The arithmetic lives in
the engine modules; here it is only selected, rounded and labelled for reading.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.climate.footprint.charts import methods_table
from workbook.climate.footprint.company_file import LoadedCompany, as_loaded, keep_upload, load_company
from workbook.climate.footprint.compare import compare_years, edition_check, needs_recalculation
from workbook.climate.footprint.facts import category_table, method_table
from workbook.climate.footprint.inventory import (
    as_inventory,
    by_category,
    footprint_json,
    gwp_basis,
    gwp_sets_of,
    location_view,
    note_text,
    part_name,
    totals,
)
from workbook.climate.footprint.load import load_footprint, years_in
from workbook.climate.footprint.results import write_results
from workbook.climate.footprint.screening import screen, screening_basis
from workbook.climate.footprint.sheets import DATA_SHEETS
from workbook.climate.footprint.template import write_template
from workbook.errors import InputError
from workbook.i18n import NC_, N_, number, percent, tr, trc
from workbook.language import language

if TYPE_CHECKING:
    import pandas as pd

# Values of the data shown as words (the data keeps the English; the reader sees their translation).
VALUE_WORDS = (N_("upstream"), N_("downstream"), N_("operational control"), N_("financial control"),
               N_("equity share"), N_("mixed"))
# Column names of the tables shown (the engine's names, translated where shown).
COLUMN_WORDS = (N_("label"), N_("technology"), N_("time"), N_("geography"), N_("completeness"), N_("reliability"),
                N_("data_quality"), N_("estimate_t_co2e"), N_("cumulative_share"), NC_("screening", "material"), N_("basis"),
                N_("notes"), N_("minimum_boundary"), N_("relevance"), N_("stream"), N_("name"), N_("share"),
                N_("category"))
COMPARISON_WORDS = (N_("scope"), N_("category"), N_("activity"), N_("description"), N_("change_t"), N_("cause"),
                    N_("editions"), N_("plausibility"))


def _percent(share: float, decimals: int = 1) -> str:
    """A share as the reader writes it (English as it always was: ``42.5%``; Dutch ``42,5 %``)."""
    return f"{share:.{decimals}%}" if language() == "en" else percent(share, decimals)


# ------------------------------------------------------------------ the company shown
def upload_widget(solution_mode: bool = False):
    """A file picker for the participant's own template or activity CSV (not in solutions)."""
    import ipywidgets as w
    from IPython.display import display

    upload = w.FileUpload(accept=".xlsx,.csv", multiple=False, description=tr("Your template"))
    if not solution_mode:
        display(upload)
    return upload


def company_from(upload: Any, company_file: str | Path | None, home: Path, solution_mode: bool = False,
                 with_activities: bool = True) -> LoadedCompany:
    """The company a notebook shows: an uploaded file (kept in ``home/uploads``), else
    ``company_file``, else the sample; a file with problems lists them and shows the sample."""
    uploaded = None if solution_mode or upload is None else keep_upload(upload.value, home / "uploads")
    loaded = load_company(company_file, solution_mode, uploaded, with_activities=with_activities)
    print(loaded.message())
    return loaded


def company_choices(company: Any) -> pd.DataFrame:
    """The accounting choices the company made (c1.b): boundary, years, GWP set, threshold."""
    inv = as_inventory(company)
    import pandas as pd

    company = inv.company
    basis = gwp_basis(inv.lines, company.gwp_set)
    return pd.Series({
        tr("company"): company.name,
        tr("consolidation approach"): tr(company.consolidation.replace("_", " ")),
        tr("reporting year"): inv.reporting_year,
        tr("base year"): company.base_year,
        tr("GWP set for refrigerants"): company.gwp_set,
        tr("GWP sets of all factors used"): tr(basis)
        + (f" ({', '.join(gwp_sets_of(inv.lines))})" if basis == "mixed" else ""),
        tr("significance threshold for base-year recalculation"): _percent(company.significance_threshold, 0),
    }, name=tr("choice")).to_frame()


def memo_items(company: Any) -> pd.DataFrame | None:
    """Emissions reported outside the scope totals (memo items), or a line saying there are none."""
    inv = as_inventory(company)
    import pandas as pd

    fj = footprint_json(inv)
    memo = {tr("scope 3 category {category} (optional)", category=k): v for k, v in fj["memo"].items()}
    memo.update({tr("{activity} (not a Kyoto gas: outside the scopes)", activity=k): v
                 for k, v in fj["memo_outside_scopes"].items()})
    if not memo:
        print(tr("No memo items."))
        return None
    return pd.Series(memo, name=tr("t CO2e, outside the totals")).rename_axis(tr("memo item")).to_frame()


# ------------------------------------------------------------------ c2: scopes and categories
def emission_examples(company: Any, per_group: int = 3) -> pd.DataFrame:
    """Per scope and category: a few of the company's own descriptions and the tonnes."""
    inv = as_inventory(company)
    lines = location_view(inv.lines)
    examples = lines.groupby(["scope", "category"]).agg(
        examples=("description", lambda d: "; ".join(sorted(set(d))[:per_group])), t_co2e=("t_co2e", "sum"))
    names = category_table()["name"]
    examples["category name"] = [names.get(c, "") if s == 3 else "" for s, c in examples.index]
    out = examples[["category name", "examples", "t_co2e"]].round(1)
    return out.rename(columns={"category name": tr("category name"), "examples": tr("examples")},
                      ).rename_axis([tr("scope"), tr("category")])


def categories_overview() -> pd.DataFrame:
    """The 15 scope 3 categories: stream, minimum boundary and their usual relevance in the sector."""
    cats = category_table()
    relevance = [f"{r}" + ("" if v == "true" else " ⚠ " + tr("course estimate"))
                 for r, v in zip(cats["relevance_textile_furniture"],
                                 cats["relevance_verified"].astype(str).str.lower())]
    out = cats.assign(relevance=relevance, stream=cats["stream"].map(tr))[["name", "stream", "minimum_boundary",
                                                                          "relevance"]]
    return out.rename(columns={c: tr(c) for c in ("name", "stream", "minimum_boundary", "relevance")}
                      ).rename_axis(tr("category"))


def screened(company: Any) -> pd.DataFrame:
    """The company's screening rows ranked by estimate (the engine's table, unrounded)."""
    loaded = as_loaded(company)
    return screen(loaded.screening, loaded.inventory.reporting_year)


def screening_table(company: Any) -> pd.DataFrame:
    """The materiality screening, ranked, with shares as percentages."""
    loaded = as_loaded(company)
    s = screened(loaded)
    out = s.assign(estimate_t_co2e=s["estimate_t_co2e"].round(0), share=s["share"].map(_percent),
                   cumulative_share=s["cumulative_share"].map(_percent), basis=s["basis"].map(screening_basis)
                   ).set_index("rank")
    # "material" here is the materiality of a category (Dutch: materieel), not a raw material
    return out.rename(columns={c: trc("screening", c) if c == "material" else tr(c) for c in out.columns}
                      ).rename_axis(tr("rank"))


def screen_vs_footprint(company: Any, top: int = 6) -> pd.DataFrame:
    """The screening estimate beside the calculated footprint, for the largest categories."""
    loaded = as_loaded(company)
    import pandas as pd

    s = screened(loaded)
    fp = totals(loaded.inventory)["scope3"]
    return pd.DataFrame({tr("category"): s["category"], tr("name"): s["name"],
                         tr("screen (t CO2e)"): s["estimate_t_co2e"].round(0),
                         tr("footprint (t CO2e)"): [round(fp[str(c)]) for c in s["category"]]}
                        ).head(top).set_index(tr("category"))


# ------------------------------------------------------------------ c2: methods and data quality
def methods_overview() -> pd.DataFrame:
    """The calculation methods and their five data-quality indicators (Scope 3 Standard)."""
    out = method_table()[["label", "technology", "time", "geography", "completeness", "reliability",
                          "data_quality"]]
    return out.rename(columns={c: tr(c) for c in out.columns}).rename_axis(tr("method"))


def data_quality_summary(company: Any) -> pd.DataFrame:
    """The emission-weighted data-quality score, the supplier-specific share, and tonnes per method."""
    inv = as_inventory(company)
    fj = footprint_json(inv)
    dq = fj["data_quality"]
    print(tr("Emission-weighted data-quality score: {score} (1 very good … 5 unknown)",
             score=dq if dq is None or language() == "en" else number(dq, 2)))
    print(tr("Share of scope 3 calculated with supplier-specific data: {share}",
             share=_percent(fj["supplier_specific_share_scope3"])))
    return methods_table(inv)


# ------------------------------------------------------------------ c2: the data template
def template_sheets() -> pd.DataFrame:
    """The template's data sheets: which scope and what goes in each."""
    import pandas as pd

    return pd.DataFrame([{tr("sheet"): tr(s.name), tr("scope"): s.scope, tr("what goes in it"): tr(s.title)}
                         for s in DATA_SHEETS]).set_index(tr("sheet"))


def template_error_demo(company: Any, folder: Path, mistake: str = "18.500 m3") -> None:
    """Write the company's own data to a template with one typing mistake, and show the
    reader's message (sheet, row, column, value and the fix)."""
    loaded = as_loaded(company)
    rows = loaded.activities.astype({"quantity": object})
    rows.loc[rows.index[0], "quantity"] = mistake
    path = write_template(Path(folder) / "c2_template_with_a_mistake.xlsx", loaded.company, rows, loaded.screening)
    try:
        load_footprint(path)
    except InputError as problem:
        print(problem)


def factors_used(company: Any) -> pd.DataFrame:
    """Every emission factor the footprint used, with its source and whether it is verified."""
    inv = as_inventory(company)
    used = inv.lines.drop_duplicates("factor_id")
    return used[["activity", "scope", "category", "method", "factor_id", "factor_kg_co2e", "factor_unit",
                 "factor_source", "verified"]].set_index("factor_id")


def calculation_notes(company: Any) -> None:
    """The engine's notes on choices it made (fallbacks, editions), and unverified factors."""
    inv = as_inventory(company)
    for note in inv.notes:
        print("•", note_text(note))
    print(tr("Unverified factors used:"), ", ".join(inv.unverified_factors) or tr("none"))


def category_breakdown(company: Any) -> pd.DataFrame:
    """Tonnes, share and data quality of every part of the footprint with emissions."""
    inv = as_inventory(company)
    parts = by_category(inv)
    parts = parts[parts["t_co2e"] > 0]
    out = parts.assign(t_co2e=parts["t_co2e"].round(1), share=parts["share"].map(_percent),
                       data_quality=parts["data_quality"].round(1), part=parts["part"].map(part_name)
                       ).set_index("part")
    return out.rename(columns={c: tr(c) for c in ("name", "share", "data_quality")}).rename_axis(tr("part"))


# ------------------------------------------------------------------ c2: year on year
def year_comparison(company: Any, rows: int = 12) -> None:
    """Show the last two years of the file side by side, line by line, with the cause of each change."""
    from IPython.display import display

    path = as_loaded(company).path
    years = years_in(path)
    if len(years) < 2:
        print(tr("This file holds one year ({year}). Add next year's rows with their year to compare.",
                 year=years[0]))
        return
    earlier, later = (load_footprint(path, year=y) for y in years[-2:])
    comparison = compare_years(earlier, later)
    a, b = earlier.reporting_year, later.reporting_year
    print(edition_check(earlier, later)["text"])
    columns = ["scope", "category", "activity", "description", f"t_co2e_{a}", f"t_co2e_{b}", "change_t", "cause",
               "editions", "plausibility"]
    shown = comparison[columns].head(rows).round(1)
    display(shown if language() == "en" else shown.rename(columns={c: tr(c) for c in COMPARISON_WORDS}))


def base_year_check(company: Any, structural_change_t: float) -> None:
    """Does a structural change of ``structural_change_t`` t CO2e trigger a base-year recalculation?"""
    path, inv = as_loaded(company).path, as_inventory(company)
    base = load_footprint(path, year=inv.company.base_year or years_in(path)[0])
    verdict = needs_recalculation(base, structural_change_t)
    print(tr("Base year {year}: {total} t CO2e. Change: {change} t CO2e.", year=base.reporting_year,
             total=number(verdict["base_year_total_t"], 1), change=number(verdict["change_t"], 0)))
    print((tr("Recalculate the base year: ") if verdict["recalculate"] else tr("No recalculation needed: "))
          + verdict["why"] + ".")


def export_results(company: Any, folder: Path) -> Path:
    """The results workbook of the loaded company, as a new file (the input is never touched)."""
    loaded = as_loaded(company)
    inv = loaded.inventory
    return write_results(inv, Path(folder) / f"c2_footprint_results_{inv.reporting_year}.xlsx",
                         protect=(loaded.path,), rename=True)


def results_download(company: Any, course: Any) -> None:
    """Write the company's results workbook and offer it for download."""
    course.download_link(export_results(company, Path(course.home) / "exports"))


# ------------------------------------------------------------------ answers of data-bound exercises
def base_year_totals(company: Any) -> dict:
    """The totals (t CO2e) of the company's base year; its reporting year when no base year is set
    or the file holds no data for it (a base year without data cannot be the reference)."""
    loaded = as_loaded(company)
    info = loaded.inventory.company
    year = info.base_year if info.base_year in years_in(loaded.path) else loaded.inventory.reporting_year
    return totals(load_footprint(loaded.path, year=year))


def base_year_scope3_share(company: Any) -> float:
    """Scope 3 as a fraction of scope 1 + 2 (market-based) + 3, in the base year."""
    t = base_year_totals(company)
    return t["scope3_total"] / t["total_market"] if t["total_market"] else 0.0


def scope3_share(company: Any) -> float:
    """Scope 3 as a fraction of scope 1 + 2 (market-based) + 3, in the reporting year shown."""
    t = totals(as_inventory(company))
    return t["scope3_total"] / t["total_market"] if t["total_market"] else 0.0


def scope2_gap(company: Any) -> float:
    """How many t CO2e lower the market-based scope 2 is than the location-based (reporting year shown)."""
    t = totals(as_inventory(company))
    return t["scope2_location"] - t["scope2_market"]
