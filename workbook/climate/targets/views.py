"""Notebook widgets for c3 (BAU slider, target checks, lever explorer, peers): a thin layer
over the tested functions in targets, levers, targets_plan and waterfall.

In solution mode every builder returns a static result (a figure or HTML) instead of
sliders, so the solution notebooks read well without a kernel.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from workbook.climate.footprint import LoadedCompany, as_loaded, category_table, footprint_json, load_footprint
from workbook.climate.footprint import resolve as input_path
from workbook.climate.targets.ambition import PROGRESS_KEY as AMBITION_KEY
from workbook.climate.targets.ambition import ambition_levels, ambition_picker, english_levels
from workbook.climate.targets.cli import load_baseline
from workbook.climate.targets.compute import (
    Baseline,
    Submission,
    TargetResult,
    baseline_from_footprint_json,
    bau_series,
    compute_targets,
)
from workbook.climate.targets.excel import write_results
from workbook.climate.targets.levers import Lever, lever_sector, load_levers
from workbook.climate.targets.peers import load_peers
from workbook.climate.targets.plan import Plan, make_plan
from workbook.climate.targets.rules import RuleSet, available_rules, load_rules, load_updates
from workbook.climate.targets.waterfall import COLORS, KINDS, LiveFigure, WaterfallChart, render_png, waterfall_table
from workbook.display import for_frontend, show_html, show_png
from workbook.i18n import N_, number, percent, tr
from workbook.provenance import add_footer, provenance

SME_RULES, STANDARD_RULES = "sbti-sme", "sbti-aca-floor"
GROWTH_KEY, LEVERS_KEY = "c3_growth", "c3_levers"
# The lever mix a participant starts from before moving any slider (levers absent from the
# company's sector are left out).
STARTING_MIX = {"renewable_electricity_own": 1.0, "material_efficiency": 0.05, "cotton_recycled": 0.2,
                "renewable_electricity_suppliers": 0.3, "mdf_to_softwood": 0.2}


@dataclass
class Explorer:
    """What a live chart builder returns: ``value()`` gives the current setting; ``sliders``
    and ``image`` are the widgets (empty and None in solution mode), for tests and reuse."""

    value: Callable[[], Any]
    sliders: dict = field(default_factory=dict)
    image: Any = None
    chart: Any = None

    def _ipython_display_(self) -> None:  # the builder already showed its widgets or chart
        return None


# ------------------------------------------------------------------ display helpers
def _image_widget(png: bytes):
    import ipywidgets as w

    img = w.Image(value=png, format="png", layout=w.Layout(width="100%", max_width="1400px"))
    img.add_class("wb-chart")
    return img


# ------------------------------------------------------------------ BAU
def _nice_ceiling(x: float) -> float:
    """The next 'round' axis limit above x (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k), so the
    axis stays put while a slider moves a little and the chart can be blitted."""
    import math

    if x <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(x))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * k >= x:
            return m * k
    return 10 * k


class BauChart:
    """Business as usual against the SBTi pathway, scope 1+2 and scope 3, redrawn in place."""

    def __init__(self, baseline: Baseline, target_year: int, target: TargetResult | None = None, *,
                 scope2_basis: str = "market", growth: float = 0.0, figsize=(14, 5.5), dpi: int = 100,
                 provenance: dict | None = None):
        self.baseline, self.target_year, self.target = baseline, target_year, target
        self.scope2_basis = scope2_basis
        self.live = LiveFigure(figsize, dpi)
        self.fig, self.axes = self.live.fig, self.live.axes
        self.fig.subplots_adjust(left=0.07, right=0.985, top=0.83, bottom=0.11, wspace=0.2)
        if provenance:
            add_footer(self.fig, provenance)
        self.lines, self.titles, self.ends = [], [], []
        for ax, title, tgt in ((self.axes[0], tr("Scope 1+2"), target.scope12 if target else None),
                               (self.axes[1], tr("Scope 3"), target.scope3 if target else None)):
            (line,) = ax.plot([], [], color=COLORS["up"], linewidth=3.5, label=tr("business as usual"), zorder=3)
            line.set_animated(True)
            end = ax.text(0, 0, "", color=COLORS["up"], fontsize=12, fontweight="bold", ha="right", va="bottom")
            end.set_animated(True)
            if tgt is not None:
                ax.plot([y for y, _ in tgt.pathway], [v for _, v in tgt.pathway], color=COLORS["target"],
                        linewidth=3, linestyle="--",
                        label=tr("SBTi minimum pathway (-{reduction}%)",
                                 reduction=number(tgt.required_reduction * 100, 1)))
                ax.annotate(tr("target {year}: {tonnes} t", year=tgt.pathway[-1][0], tonnes=number(tgt.target_t)),
                            tgt.pathway[-1],
                            xytext=(0, -8), textcoords="offset points", ha="right", va="top", fontsize=12,
                            color=COLORS["target"], fontweight="bold")
            elif target is not None:
                ax.text(0.02, 0.04, tr("no scope 3 target required"), transform=ax.transAxes, fontsize=12)
            t = ax.text(0.0, 1.03, title, transform=ax.transAxes, fontsize=13.5, ha="left", va="bottom",
                        linespacing=1.3)
            t.set_animated(True)
            ax.set_ylabel("t CO2e", fontsize=12)
            ax.tick_params(labelsize=11)
            ax.set_xlim(baseline.base_year - 0.3, target_year + 0.3)
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.legend(fontsize=11, loc="lower left", handles=ax.get_lines())
            ax.spines[["top", "right"]].set_visible(False)
            self.lines.append(line)
            self.titles.append((t, title))
            self.ends.append(end)
        self._key = None
        self.update(growth)

    def update(self, growth: float) -> "BauChart":
        rows = bau_series(self.baseline, self.target_year, growth, scope2_basis=self.scope2_basis)
        years = [r[0] for r in rows]
        key = []
        for i, (ax, line, (t, title), end) in enumerate(zip(self.axes, self.lines, self.titles, self.ends)):
            vals = [r[i + 1] for r in rows]
            line.set_data(years, vals)
            tgt = self._target_of(i)
            line2 = ""
            if tgt is not None:
                diff = vals[-1] - tgt.target_t
                line2 = "\n" + (tr("business as usual is {tonnes} t above the target", tonnes=number(diff))
                                if diff > 0 else
                                tr("business as usual is {tonnes} t below the target", tonnes=number(-diff)))
            t.set_text(tr("{scope}: {start} t in {start_year} \u2192 {end} t in {end_year}", scope=title,
                          start=number(vals[0]), start_year=years[0], end=number(vals[-1]), end_year=years[-1])
                       + line2)
            end.set_position((years[-1], vals[-1]))
            end.set_text(tr("{tonnes} t", tonnes=number(vals[-1])))
            path_max = max((v for _, v in (self._target_of(i).pathway if self._target_of(i) else [])), default=0)
            top = _nice_ceiling(max(vals + [path_max, 1e-9]) * 1.12)
            ax.set_ylim(0, top)
            key.append(top)
        self._key = tuple(key)
        return self

    def _target_of(self, i: int):
        if self.target is None:
            return None
        return self.target.scope12 if i == 0 else self.target.scope3

    def draw(self) -> None:
        dyn = [(ax, a) for ax, line, (t, _), end in zip(self.axes, self.lines, self.titles, self.ends)
               for a in (line, end, t)]
        self.live.render(self._key, dyn)

    def png(self, compress_level: int = 1) -> bytes:
        self.draw()
        return self.live.png(compress_level)


BAU_GROWTH_RANGE = (-5.0, 15.0)   # slider range, % a year


def bau_explorer(baseline: Baseline, target_year: int, growth: float = 0.03, target: TargetResult | None = None,
                 solution_mode: bool = False, on_change=None, provenance: dict | None = None):
    """A growth slider that redraws the BAU chart live; a static chart in solution mode.

    ``value()`` of the returned :class:`Explorer` is the current growth rate (a fraction)."""
    chart = BauChart(baseline, target_year, target, growth=growth, provenance=provenance)
    if solution_mode:
        show_png(chart.png(compress_level=6))
        return Explorer(lambda: growth, chart=chart)
    import ipywidgets as w
    from IPython.display import display

    slider = w.FloatSlider(value=growth * 100, min=BAU_GROWTH_RANGE[0], max=BAU_GROWTH_RANGE[1], step=0.5,
                           description=tr("Organic growth (% a year)"), readout_format=".1f",
                           style={"description_width": "initial"}, layout=w.Layout(width="520px"))
    slider.add_class("wb-bau-growth")
    img = _image_widget(chart.png())

    def redraw(*_):
        img.value = chart.update(slider.value / 100).png()
        if on_change:
            on_change(slider.value / 100)

    slider.observe(redraw, names="value")
    display(w.VBox([slider, img]))
    return Explorer(lambda: slider.value / 100, {"growth": slider}, img, chart)


# ------------------------------------------------------------------ targets and checks
def targets_html(result: TargetResult) -> str:
    """The targets, every check with its reason, and the rules not verified."""
    e = html.escape
    t12, t3 = result.scope12, result.scope3
    rows = [(tr("Scope 1+2"), t12), (tr("Scope 3"), t3)]

    def row(name, t) -> str:
        if not t:
            none = e(tr("no scope 3 target required under {rules}", rules=result.rules.id))
            return f"<tr><td>{name}</td><td colspan=4>{none}</td></tr>"
        flags = (("&#9888; " + e(tr("PLACEHOLDER, not the route own target")) if t.placeholder else "")
                 + ("" if t.verified else "&#9888; " + e(tr("not verified"))))
        required = tr("{rate}% x {years} yr = {reduction}%", rate=number(t.annual_rate * 100, 1),
                      years=result.target_year - t.reference_year, reduction=number(t.required_reduction * 100, 1))
        base_t, target_t = tr("{tonnes} t", tonnes=number(t.base_t)), tr("{tonnes} t", tonnes=number(t.target_t))
        return (f"<tr><td>{name}</td><td>{e(base_t)}</td><td>{e(required)}</td>"
                f"<td><b>{e(target_t)}</b></td><td>{flags}</td></tr>")

    body = "".join(row(name, t) for name, t in rows)
    checks = "".join(f"<li>{'&#9989;' if c.passed else '&#10060;'} <b>{e(c.id)}</b>: {e(c.reason)}</li>"
                     for c in result.checks)
    not_checked = e(tr("not checked"))
    checks += "".join(f"<li>&#10067; <b>{e(c.id)}</b> ({not_checked}): {e(c.reason)}</li>"
                      for c in result.not_checked)
    unverified = "".join(f"<li>&#9888; {e(u)}</li>" for u in result.rules.unverified)
    lt = result.long_term
    long_term = tr("Long term: at least {reduction} below the base year by {year} (scope 1+2 {scope12} t, "
                   "scope 3 {scope3} t), then neutralise the rest.",
                   reduction=percent(lt["min_reduction"], 0, spaced=False), year=lt["year"],
                   scope12=number(lt["scope12_t"]), scope3=number(lt["scope3_t"]))
    version = e(tr("version {version}", version=result.rules.version))
    heads = [e(tr("base {year}", year=result.base_year)), e(tr("required")),
             e(tr("target {year}", year=result.target_year))]
    checks_head, unverified_head = e(tr("Checks")), e(tr("Not verified in a primary source"))
    return (f"<div class='wb-targets'><h4>{e(result.rules.title)} ({version})</h4>"
            f"<table><tr><th></th><th>{heads[0]}</th><th>{heads[1]}</th><th>{heads[2]}</th>"
            f"<th></th></tr>{body}</table>"
            f"<p>{e(long_term)}</p>"
            f"<p><b>{checks_head}</b></p><ul>{checks}</ul>"
            + (f"<p><b>{unverified_head}</b></p><ul>{unverified}</ul>" if unverified else "")
            + f"<p><i>{e(result.rules.caveat)}</i></p></div>")


def show_targets(result: TargetResult) -> None:
    from IPython.display import HTML, display

    display(HTML(targets_html(result)))


# ------------------------------------------------------------------ levers
def levers_table(levers: Sequence[Lever]):
    import pandas as pd

    return pd.DataFrame([{
        tr("lever"): lv.name, "id": lv.id, tr("acts on"): ", ".join(lv.acts_on),
        tr("cut per 100 % adoption"): (tr("{cut} of the part from {activities} (its share from your footprint)",
                                          cut=_whole(lv.reduction_per_unit),
                                          activities=", ".join(lv.company_share_activities))
                                       if lv.company_share_activities else _whole(lv.per_unit)),
        tr("adoption means"): lv.unit_of_adoption, tr("difficulty"): tr(DIFFICULTY.get(lv.difficulty, lv.difficulty)),
        tr("cost"): lv.cost_hint, tr("verified"): tr("yes") if lv.verified else tr("NO: estimate"),
        tr("source"): lv.source} for lv in levers])


# the lever file's difficulty codes (compared by its schema), shown in the reader's language
DIFFICULTY = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


def _whole(share: float) -> str:
    """A share as a whole percentage written as before (42%), with the reader's digits."""
    return percent(share, 0, spaced=False)


def lever_explorer(baseline: Baseline, target_year: int, rules: RuleSet, levers: Sequence[Lever], *,
                   growth: float = 0.03, adoption: Mapping[str, float] | None = None,
                   solution_mode: bool = False, on_change=None, provenance: dict | None = None, **plan_kw):
    """A slider per lever driving the waterfall; a static waterfall in solution mode.

    ``value()`` of the returned :class:`Explorer` is the current adoption {lever id: share}
    (e.g. to save it with course.save).
    """

    adoption = {k: v for k, v in dict(adoption or {}).items() if v > 0}

    def plan_for(a) -> Plan:
        return make_plan(baseline, target_year, rules, growth=growth, levers=levers, adoption=a, **plan_kw)

    chart = WaterfallChart(provenance=provenance).update(plan_for(adoption))
    if solution_mode:
        show_png(chart.png(compress_level=6))
        return Explorer(lambda: dict(adoption), chart=chart)

    import ipywidgets as w
    from IPython.display import display

    sliders = {}
    for lv in levers:
        s = w.FloatSlider(value=adoption.get(lv.id, 0.0) * 100, min=0, max=100, step=5,
                          description=lv.name + ("" if lv.fully_verified else tr(" (estimate)")),
                          style={"description_width": "360px"}, layout=w.Layout(width="760px"),
                          readout_format=".0f")
        s.add_class("wb-lever-slider")
        sliders[lv.id] = s
    img = _image_widget(chart.png())

    def current():
        return {k: s.value / 100 for k, s in sliders.items() if s.value > 0}

    def redraw(*_):
        img.value = chart.update(plan_for(current())).png()
        if on_change:
            on_change(current())

    for s in sliders.values():
        s.observe(redraw, names="value")
    display(w.VBox([w.HTML("<b>" + html.escape(tr("Adoption per lever, in % of what 'adoption means' in the "
                                                  "lever table"), quote=False) + "</b>"),
                    *sliders.values(), img]))
    return Explorer(current, sliders, img, chart)


# ------------------------------------------------------------------ peers
# the peer file's sector and kind codes (checked by its schema), shown in the reader's language
SECTORS = {"apparel": N_("apparel"), "footwear": N_("footwear"), "furniture": N_("furniture")}
PEER_KINDS = {"company": N_("company"), "commitment": N_("commitment"), "sector_study": N_("sector_study")}


def peers_table(sector: str | None = None):
    import pandas as pd

    rows = []
    for p in load_peers():
        if sector and p.sector != sector and p.kind == "company":
            continue
        rows.append({tr("who"): p.name, tr("sector"): tr(SECTORS.get(p.sector, p.sector)),
                     tr("kind"): tr(PEER_KINDS.get(p.kind, p.kind)), tr("scope"): p.scope,
                     tr("target"): p.target,
                     tr("per year"): tr("{rate} %", rate=number(p.annual_rate, 1)) if p.annual_rate else "",
                     tr("actions"): p.actions, tr("stated"): p.year or "",
                     tr("verified"): tr("yes") if p.verified else tr("NO"), tr("source"): p.source})
    return pd.DataFrame(rows)


def peer_rates_figure(peers=None):
    """Peers' targets as a linear rate per year, against the SBTi floors (4.2 % and 2.5 %)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rules = load_rules()
    rows = [p for p in (peers if peers is not None else load_peers()) if p.annual_rate]
    rows.sort(key=lambda p: p.annual_rate)
    import textwrap

    fig = Figure(figsize=(13, 0.72 * len(rows) + 1.6), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.3, right=0.97, top=0.92, bottom=0.11)
    labels = [textwrap.shorten(p.name, 36, placeholder="...") + f"\n{p.scope}, {p.base_year}-{p.target_year}"
              + ("" if p.verified else tr(" (NOT VERIFIED)")) for p in rows]
    colors = [COLORS["total"] if p.kind == "company" else "#8c6bb1" for p in rows]
    ax.barh(range(len(rows)), [p.annual_rate for p in rows], color=colors, height=0.65)
    for i, p in enumerate(rows):
        ax.text(p.annual_rate + 0.05, i, tr("{rate} %", rate=number(p.annual_rate, 1)), va="center", fontsize=12)
    ax.set_yticks(range(len(rows)), labels, fontsize=11)
    for rate, name, style in ((rules.scope12.annual_rate, tr("SBTi floor scope 1+2"), "--"),
                              (rules.scope3.annual_rate, tr("SBTi floor scope 3"), ":")):
        ax.axvline(rate * 100, color=COLORS["target"], linestyle=style, linewidth=2.5,
                   label=tr("{name}: {rate}% a year", name=name, rate=number(rate * 100, 1)))
    ax.set_xlabel(tr("linear reduction per year, % of base-year emissions"), fontsize=12)
    ax.tick_params(axis="x", labelsize=11)
    ax.legend(fontsize=11.5, loc="lower right")
    ax.set_title(tr("Peers' targets per year (purple: sector commitments and studies)"), fontsize=14, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def show_figure(fig) -> None:
    """Draw a Figure made outside pyplot and show it as a PNG."""

    fig.canvas.draw()
    show_png(render_png(fig, compress_level=6))


# ------------------------------------------------------------------ tables for the notebook
def baseline_table(baseline: Baseline):
    """The base-year footprint: scope 1, scope 2 (both bases) and the scope 3 categories used."""
    import pandas as pd

    names = category_table().set_index("category")["name"].to_dict()
    memo = tr("Scope 2, location-based (memo)")
    rows = [(tr("Scope 1"), baseline.scope1), (tr("Scope 2, market-based"), baseline.scope2_market),
            (memo, baseline.scope2_location)]
    rows += [(tr("Scope 3, category {category}: {name}", category=c, name=names.get(c, '')), v)
             for c, v in sorted(baseline.scope3.items()) if v > 0]
    total = baseline.scope1 + baseline.scope2_market + baseline.scope3_total
    rows.append((tr("Total (scope 2 market-based)"), total))
    df = pd.DataFrame(rows, columns=[tr("emissions"), "t CO2e"])
    df[tr("share of total")] = [number(v / total * 100, 1) + "%" if total and n != memo else "" for n, v in rows]
    df["t CO2e"] = df["t CO2e"].map(lambda v: number(v, 1))
    return df


# a rule set's status codes (checked by the rules loader), shown in the reader's language
STATUS = {"current": N_("current"), "legacy": N_("legacy"), "route": N_("route")}


def rules_comparison(baseline: Baseline, target_year: int, submission=None, scope2_basis: str = "market"):
    """The same footprint under each rule set: required cut, target tonnes, failed checks."""
    import pandas as pd

    rows = []
    for rid in available_rules():
        r = compute_targets(baseline, target_year, load_rules(rid), submission=submission,
                            scope2_basis=scope2_basis)
        rows.append({
            tr("rule set"): rid, tr("status"): tr(STATUS.get(r.rules.status, r.rules.status)),
            tr("scope 1+2 cut"): number(r.scope12.required_reduction * 100, 1) + "%",
            tr("scope 1+2 target (t)"): number(r.scope12.target_t),
            tr("scope 3 cut"): number(r.scope3.required_reduction * 100, 1) + "%" if r.scope3
            else tr("no target required"),
            tr("scope 3 target (t)"): number(r.scope3.target_t) if r.scope3 else "",
            tr("failed checks"): ", ".join(c.id for c in r.checks if not c.passed) or tr("none"),
            tr("not checked"): ", ".join(c.id for c in r.not_checked) or "",
            tr("rules not verified"): len(r.rules.unverified),
        })
    return pd.DataFrame(rows)


def long_term_table(result: TargetResult):
    """Near-term target beside the long-term (net-zero) target, per scope group."""
    import pandas as pd

    lt = result.long_term
    rows = []
    for name, near, lt_t in ((tr("Scope 1+2"), result.scope12, lt["scope12_t"]),
                             (tr("Scope 3"), result.scope3, lt["scope3_t"])):
        rows.append({
            tr("scope"): name,
            tr("near term {year}", year=result.target_year): (
                tr("-{reduction}% -> {tonnes} t", reduction=number(near.required_reduction * 100, 1),
                   tonnes=number(near.target_t)) if near else tr("no near-term target required")),
            tr("long term {year}", year=lt["year"]): tr("at least -{reduction} -> at most {tonnes} t",
                                                        reduction=_whole(lt["min_reduction"]), tonnes=number(lt_t)),
            tr("then"): tr("neutralise the residual emissions with permanent removals"),
        })
    return pd.DataFrame(rows)


def updates_html() -> str:
    """What changed in 2026 and what to confirm in SBTi's own tool, each with its source."""

    e = html.escape
    title, changes, confirm = load_updates()

    unverified = " <b>&#9888; " + e(tr("not verified in a primary source")) + "</b>"
    no_date = tr("date not confirmed")

    def flag(it):
        return "" if it.verified else unverified

    def cite(it) -> str:
        return "<br><small>" + e(tr("Source: {source}", source=it.source)) + "</small>"

    ch = "".join(f"<li><b>{e(it.date or no_date)}: {e(it.title)}.</b> {e(it.text)}{flag(it)}"
                 f"{cite(it)}</li>" for it in changes)
    cf = "".join(f"<li>&#9744; {e(it.text)}{flag(it)}{cite(it)}</li>" for it in confirm)
    before = tr("Before you commit: confirm in SBTi's own Target Setting Tool and criteria")
    return (f"<div class='wb-targets-updates'><h4>{e(title)}</h4><ul>{ch}</ul>"
            f"<p><b>{html.escape(before, quote=False)}</b></p>"
            f"<ul style='list-style:none'>{cf}</ul></div>")


def chart_provenance(company_file: str | Path | None, rules: RuleSet) -> dict:
    """The provenance footer of the c3 charts: package, rule set edition and input file hash."""

    return provenance(input_path(company_file), data_edition=f"{rules.id} {rules.version}",
                      sources=[rules.scope12.source, rules.scope3.source])


# ------------------------------------------------------------------ c1: what must, what may
def sme_routes():
    """The SME route beside the standard near-term route: what each asks, and its caveat."""
    import pandas as pd

    return pd.DataFrame([{tr("route"): r.title, tr("what it asks"): r.summary, tr("caveat"): r.caveat,
                          tr("source"): r.caveat_source}
                         for r in (load_rules(SME_RULES), load_rules(STANDARD_RULES))]).set_index(tr("route"))


def company_base_year_baseline(company: Any) -> Baseline:
    """The baseline of the company's base year (its reporting year when none is set)."""
    loaded = as_loaded(company)
    info = loaded.inventory.company
    base = load_footprint(loaded.path, year=info.base_year or loaded.inventory.reporting_year)
    return baseline_from_footprint_json(footprint_json(base), employees=info.employees,
                                        turnover_eur=info.turnover_eur)


def sme_checks(company: Any):
    """The SME route's eligibility checks on the company's base-year footprint."""
    import pandas as pd

    rules = load_rules(SME_RULES)
    sme = compute_targets(company_base_year_baseline(company), rules.fixed_target_year.value, rules)
    check, result, why = tr("check"), tr("result"), tr("why")
    checks = pd.DataFrame([{check: c.id, result: tr("passed") if c.passed else tr("failed"), why: c.reason}
                           for c in sme.checks]
                          + [{check: c.id, result: tr("not checked"), why: c.reason} for c in sme.not_checked])
    return checks[checks[check].str.startswith("sme")].set_index(check)


def scope3_trigger(company: Any) -> None:
    """Whether the company's scope 3 share requires a scope 3 target on the standard route."""
    baseline = company_base_year_baseline(company)
    standard = compute_targets(baseline, baseline.base_year + 6, load_rules(STANDARD_RULES))
    print(next(c.reason for c in standard.checks if c.id == "scope3_trigger"))


def ambition_section(course, solution_mode: bool = False):
    """The four ambition levels, worded from the rule sets, as a picker saved with the progress
    (the level key and its English label are stored; the participant reads their language)."""
    standard, sme = load_rules(STANDARD_RULES), load_rules(SME_RULES)
    return ambition_picker(course, ambition_levels(standard, sme), solution_mode,
                           stored_labels=english_levels(standard, sme))


def saved_ambition(course) -> None:
    ambition = course.load(AMBITION_KEY)
    if ambition:
        levels = ambition_levels(load_rules(STANDARD_RULES), load_rules(SME_RULES))
        print(tr("Your saved ambition:"), levels.get(ambition.get("level"), ambition["label"]))
    else:
        print(for_frontend(tr("No ambition saved yet: pick a level above, then run this cell again."),
                           tr("No ambition saved yet: pick a level above; it is saved at once.")))


# ------------------------------------------------------------------ c3: the company's target
@dataclass(frozen=True)
class Goal:
    """What the participant aims for: the target year, when they submit, and (optionally) the base year."""

    target_year: int
    submitted: str
    base_year: int | None = None


@dataclass
class TargetCase:
    """What the c3 notebook works on: a baseline, a target year and rule set, and the target."""

    baseline: Baseline
    target_year: int
    rules: RuleSet
    submission: Any
    target: TargetResult
    provenance: dict
    company_file: str | Path | None = None


def _file_of(company: Any) -> str | Path | None:
    """The climate file of what a notebook shows (None: the sample): the participant's company,
    a loaded company file, or a path."""
    if hasattr(company, "footprint_file"):
        return company.footprint_file
    if isinstance(company, LoadedCompany):
        return None if company.is_sample else company.path
    return company


def company_baseline(company: Any = None, base_year: int | None = None) -> Baseline:
    """The company's baseline (footprint JSON, template or activity CSV; a relative path not found
    is looked up under the data folder), or the sample company's, computed by the footprint
    engine for the base year. For the sample, sector and size come from its profile.yaml; a
    participant's template carries them on its Company sheet."""
    company_file = _file_of(company)
    path = input_path(company_file)
    b = load_baseline(path, base_year)
    profile = path.parent / "profile.yaml"
    if not company_file and profile.is_file():
        import dataclasses

        import yaml

        p = yaml.safe_load(profile.read_text(encoding="utf-8")) or {}
        b = dataclasses.replace(b, company=p.get("name") or b.company, sector=p.get("sector") or b.sector,
                                employees=p.get("employees"), turnover_eur=p.get("turnover_eur"))
    return b


def target_case(company: Any, goal: Goal, rules: str = STANDARD_RULES) -> TargetCase:
    """The company's target for the goal's year under a rule set, for a submission in ``goal.submitted``."""
    baseline = company_baseline(company, goal.base_year)
    rule_set = load_rules(rules)
    submission = Submission.parse(goal.submitted)
    target = compute_targets(baseline, goal.target_year, rule_set, submission=submission)
    return TargetCase(baseline, goal.target_year, rule_set, submission, target,
                      chart_provenance(_file_of(company), rule_set), _file_of(company))


def baseline_overview(company: Any, base_year: int | None = None):
    """One line on the company, then its base-year footprint."""
    baseline = company_baseline(company, base_year)
    print(tr("{company} · sector: {sector} · base year {year}", company=baseline.company, sector=baseline.sector,
             year=baseline.base_year))
    return baseline_table(baseline)


def saved_bau_explorer(company: Any, course, goal: Goal, default_growth: float = 0.03):
    """The BAU growth slider, starting from the participant's saved growth and saving each move."""
    case = target_case(company, goal)
    return bau_explorer(case.baseline, case.target_year, growth=course.load(GROWTH_KEY, default_growth),
                        target=case.target, solution_mode=course.solution_mode,
                        on_change=lambda g: course.save(GROWTH_KEY, g), provenance=case.provenance)


def target_results(company: Any, goal: Goal) -> None:
    """The company's targets and the checks of the rule set."""
    show_targets(target_case(company, goal).target)


def rules_comparison_for(company: Any, goal: Goal):
    """The company's footprint under each rule set."""
    case = target_case(company, goal)
    return rules_comparison(case.baseline, goal.target_year, case.submission)


def long_term_for(company: Any, goal: Goal):
    return long_term_table(target_case(company, goal).target)


def company_levers(company: Any) -> list[Lever]:
    """The levers of the company's sector."""
    return load_levers(sector=lever_sector(company_baseline(company).sector))


def company_levers_table(company: Any):
    return levers_table(company_levers(company))


def show_updates() -> None:
    show_html(updates_html())


def show_peer_rates() -> None:
    show_figure(peer_rates_figure())


def _saved_mix(course, levers: Sequence[Lever]) -> dict[str, float]:
    known = {lv.id for lv in levers}
    return {k: v for k, v in course.load(LEVERS_KEY, STARTING_MIX).items() if k in known}


def saved_lever_explorer(company: Any, course, goal: Goal, default_growth: float = 0.03):
    """The lever sliders, starting from the participant's saved mix (else a starting mix of the
    levers of the company's sector) and saved BAU growth, and saving each move."""
    case = target_case(company, goal)
    levers = company_levers(company)
    return lever_explorer(case.baseline, case.target_year, case.rules, levers,
                          growth=course.load(GROWTH_KEY, default_growth), adoption=_saved_mix(course, levers),
                          submission=case.submission, solution_mode=course.solution_mode, provenance=case.provenance,
                          on_change=lambda mix: course.save(LEVERS_KEY, mix))


def plan_results(company: Any, course, goal: Goal, default_growth: float = 0.03):
    """The plan with the participant's saved growth and lever mix: written to their Excel file,
    offered for download, and returned as the waterfall table."""
    import pandas as pd

    case = target_case(company, goal)
    levers = company_levers(company)
    plan = make_plan(case.baseline, case.target_year, case.rules, growth=course.load(GROWTH_KEY, default_growth),
                     levers=levers, adoption=_saved_mix(course, levers), submission=case.submission)
    results_file = course.home / "exports" / "c3_targets.xlsx"
    if not course.solution_mode:
        results_file = write_results(plan, results_file, input_file=input_path(case.company_file), rename=True)
    course.download_link(results_file)
    table = pd.DataFrame(waterfall_table(plan))
    table["kind"] = table["kind"].map(lambda kind: tr(KINDS[kind]))
    columns = {"scope": tr("scope"), "step": tr("step"), "kind": tr("kind"), "t_co2e": tr("t_co2e"),
               "level_after_t_co2e": tr("level_after_t_co2e")}
    return table.rename(columns=columns)
