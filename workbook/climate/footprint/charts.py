"""Charts of a footprint (matplotlib), readable on a projector, with a provenance footer."""
from __future__ import annotations

from workbook.climate.footprint.facts import method_table
from workbook.climate.footprint.inventory import Inventory, as_inventory, by_category, location_view, totals
from workbook.climate.footprint.results import provenance_of
from workbook.display import new_figure
from workbook.i18n import number, percent, tr
from workbook.language import language
from workbook.provenance import add_footer

SCOPE_COLOURS = {"Scope 1": "#1f4e79", "Scope 2": "#2e75b6", "Scope 3": "#9dc3e6"}


def _share(value: float) -> str:
    return f"{value:.0%}" if language() == "en" else percent(value, 0)


def _finish(fig, inv: Inventory):
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    add_footer(fig, provenance_of(inv))
    return fig


def scopes_chart(inv: Inventory):
    """Scope 1, 2 (both methods) and 3 side by side."""
    inv = as_inventory(inv)
    t = totals(inv)
    fig, ax = new_figure()
    labels = [tr("Scope 1"), tr("Scope 2\nlocation"), tr("Scope 2\nmarket"), tr("Scope 3")]
    vals = [t["scope1"], t["scope2_location"], t["scope2_market"], t["scope3_total"]]
    colours = [SCOPE_COLOURS["Scope 1"], SCOPE_COLOURS["Scope 2"], "#5b9bd5", SCOPE_COLOURS["Scope 3"]]
    bars = ax.bar(labels, vals, color=colours)
    ax.bar_label(bars, labels=[number(v, 0) for v in vals], padding=3)
    ax.set_ylabel("t CO2e")
    ax.set_title(tr("{company}, {year}: footprint by scope", company=inv.company.name, year=inv.reporting_year))
    ax.spines[["top", "right"]].set_visible(False)
    return _finish(fig, inv)


def categories_chart(inv: Inventory):
    """Scope 3 by category, largest first (empty categories left out)."""
    inv = as_inventory(inv)
    df = by_category(inv)
    df = df[df["part"].str.startswith("Scope 3") & (df["t_co2e"] > 0)].sort_values("t_co2e")
    fig, ax = new_figure()
    labels = [f"{p.replace('Scope ', '')} {n}" for p, n in zip(df["part"], df["name"])]
    bars = ax.barh(labels, df["t_co2e"], color=SCOPE_COLOURS["Scope 3"], edgecolor="#1f4e79")
    ax.bar_label(bars, labels=[f"{number(v, 0)} t ({_share(s)})" for v, s in zip(df["t_co2e"], df["share"])],
                 padding=3)
    ax.set_xlabel("t CO2e")
    ax.set_title(tr("Scope 3 by category, {year}", year=inv.reporting_year))
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.25)
    return _finish(fig, inv)


def quality_chart(inv: Inventory):
    """Data-quality map: each part's emissions against its data-quality score."""
    inv = as_inventory(inv)
    df = by_category(inv)
    df = df[df["t_co2e"] > 0]
    fig, ax = new_figure()
    ax.scatter(df["data_quality"], df["t_co2e"], s=200, color="#2e75b6", alpha=0.8)
    # Neighbouring points (same score, similar size) get their labels above and below in turn.
    for n, (p, x, y) in enumerate(zip(df["part"], df["data_quality"], df["t_co2e"])):
        ax.annotate(p.replace("Scope ", "S").replace(" (location-based)", ""), (x, y),
                    textcoords="offset points", xytext=(9, 4 if n % 2 == 0 else -14), fontsize=11)
    ax.set_xlim(0.5, 5.5)
    ax.set_xlabel(tr("data-quality score (1 very good … 5 unknown)"))
    ax.set_ylabel(tr("t CO2e (log scale)"))
    ax.set_yscale("log")
    if len(df):  # room below the smallest point and above the largest one's label
        ax.set_ylim(df["t_co2e"].min() / 3, df["t_co2e"].max() * 4)
    ax.axvspan(3, 5.5, color="#fbe5d6", zorder=0)
    ax.set_title(tr("Where to improve the data first: large and poor (top right)"))
    return _finish(fig, inv)


def methods_table(inv: Inventory):
    """t CO2e by method (location view), for the data-levels discussion."""
    inv = as_inventory(inv)
    v = location_view(inv.lines)
    out = v.groupby("method")["t_co2e"].sum().sort_values(ascending=False).to_frame()
    out["share"] = out["t_co2e"] / out["t_co2e"].sum()
    out = out.round({"t_co2e": 1, "share": 3})
    if language() == "en":
        return out
    labels = method_table()["label"]
    return out.rename(index=lambda m: labels.get(m) or tr(m), columns={"share": tr("share")}
                      ).rename_axis(tr("method"))
