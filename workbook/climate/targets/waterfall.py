"""The reduction waterfall: base year -> growth -> known changes -> each lever -> result,
against the target, with the remaining gap. As a table, a matplotlib chart and an Excel sheet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from workbook.climate.targets.plan import Plan
from workbook.excel import write_table
from workbook.i18n import N_, number, tr
from workbook.provenance import add_footer

GROUPS = {"scope12": N_("Scope 1+2"), "scope3": N_("Scope 3")}
# the kinds of waterfall rows (codes in waterfall_table), as a reader sees them
KINDS = {"total": N_("total"), "delta": N_("delta"), "target": N_("target"), "gap": N_("gap")}
COLORS = {"total": "#4a5a6a", "up": "#c0504d", "down": "#4f9a5a", "target": "#1f4e99"}


@dataclass(frozen=True)
class WaterfallRow:
    label: str
    kind: str        # total | delta
    value: float     # the level for totals, the change for deltas (t CO2e)
    start: float     # where the bar starts
    end: float       # where the bar ends
    short: str = ""  # a shorter label for the chart axis

    @property
    def chart_label(self) -> str:
        return self.short or self.label


def waterfall_rows(plan: Plan, group: str = "scope12") -> list[WaterfallRow]:
    """The steps for one scope group; scope 3 counts the categories the target covers
    (all categories when no scope 3 target is required)."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)}")
    covered = plan.target.scope3 is not None

    def level(b):
        return plan.s12(b) if group == "scope12" else plan.s3(b, covered_only=covered)

    base, bau_g, bau = level(plan.base), level(plan.bau_growth_only), level(plan.bau)
    ty, by = plan.target.target_year, plan.target.base_year
    rows = [WaterfallRow(tr("Base year {year}", year=by), "total", base, 0.0, base)]
    cur = base
    growth = tr("Growth to {year}", year=ty)
    rows.append(WaterfallRow(growth, "delta", bau_g - base, cur, bau_g, growth))
    cur = bau_g
    if plan.known_changes:
        rows.append(WaterfallRow(tr("Known changes"), "delta", bau - bau_g, cur, bau))
        cur = bau
    rows.append(WaterfallRow(tr("BAU {year}", year=ty), "total", bau, 0.0, bau))
    cats = plan.target.scope3_categories if covered else None
    for step in plan.levers.steps:
        if step.adoption <= 0:
            continue
        cut = 0.0
        for bucket, t in step.by_bucket:
            if group == "scope12" and bucket in ("scope1", f"scope2_{plan.scope2_basis}"):
                cut += t
            elif group == "scope3" and bucket.startswith("scope3.") and (
                    cats is None or int(bucket.split(".")[1]) in cats):
                cut += t
        if cut > 0:
            rows.append(WaterfallRow(step.name, "delta", -cut, cur, cur - cut, step.label))
            cur -= cut
    rows.append(WaterfallRow(tr("After levers {year}", year=ty), "total", cur, 0.0, cur))
    return rows


def target_level(plan: Plan, group: str) -> float | None:
    t = plan.target.scope12 if group == "scope12" else plan.target.scope3
    return None if t is None else t.target_t


def waterfall_table(plan: Plan) -> list[dict]:
    """Rows for both groups, for the Excel sheet and the notebook table (keys and kinds are codes;
    the scope and step names are in the reader's language)."""
    out = []
    for g, group_title in GROUPS.items():
        title = tr(group_title)
        tgt = target_level(plan, g)
        for r in waterfall_rows(plan, g):
            out.append({"scope": title, "step": r.label, "kind": r.kind, "t_co2e": round(r.value, 1),
                        "level_after_t_co2e": round(r.end, 1)})
        gap = plan.gap()[g]
        out.append({"scope": title, "step": tr("Target {year}", year=plan.target.target_year), "kind": "target",
                    "t_co2e": None if tgt is None else round(tgt, 1), "level_after_t_co2e": None})
        out.append({"scope": title, "step": tr("Gap (after levers - target)"), "kind": "gap",
                    "t_co2e": None if gap is None else round(gap, 1), "level_after_t_co2e": None})
    return out


def _fmt(v: float) -> str:
    return number(v)


def _wrap(text: str, width: int = 16) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)) or text


def render_png(fig, *, compress_level: int = 1) -> bytes:
    """The figure's current Agg buffer as PNG bytes, without metadata (deterministic)."""
    import io

    from PIL import Image

    buf = fig.canvas.buffer_rgba()
    img = Image.frombuffer("RGBA", (buf.shape[1], buf.shape[0]), buf, "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    img.convert("RGB").save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


class LiveFigure:
    """A matplotlib Figure outside pyplot that redraws fast for sliders.

    Artists that change on every move are marked animated; the rest is drawn once into a
    cached background. ``render(key)`` does a full draw only when ``key`` (the layout:
    axis limits, titles, names) changed, and otherwise restores the background and draws
    the animated artists on top (blitting). No tight_layout: margins are fixed.
    """

    def __init__(self, figsize, dpi: int = 100, **subplots_kw):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        # outside pyplot: no global state, and never auto-displayed a second time by the notebook
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.axes = self.fig.subplots(1, 2, **subplots_kw)
        self._drawn_key = None
        self._background = None
        self.full_draws = 0

    def render(self, key, dynamic) -> None:
        """``dynamic``: (axes, artist) pairs drawn on top of the background, in order."""
        canvas = self.fig.canvas
        if self._background is None or key != self._drawn_key:
            canvas.draw()          # everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._drawn_key = key
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        for ax, artist in dynamic:
            if artist.get_visible():
                ax.draw_artist(artist)

    def png(self, compress_level: int = 1) -> bytes:
        return render_png(self.fig, compress_level=compress_level)

    def static(self):
        """The figure with every artist drawn normally (for savefig or a static display)."""
        for ax in self.axes:
            for artist in ax.get_children():
                artist.set_animated(False)
        return self.fig


class _Panel:
    """One axes of the waterfall with its artists, created once and changed in place.

    Horizontal bars, steps from top to bottom, so long lever names stay readable."""

    def __init__(self, ax):
        import matplotlib.transforms as mtransforms

        self.ax = ax
        self.bars = []          # Rectangle patches, one per step slot (animated)
        self.values = []        # the number at the end of each bar (animated)
        self.names = []         # step names left of the axis (static between layout changes)
        self.target_line, = ax.plot([], [], color=COLORS["target"], linestyle="--", linewidth=2.5, zorder=3)
        self.target_text = ax.text(0, 0, "", color=COLORS["target"], ha="left", va="center", fontsize=12,
                                   fontweight="bold", zorder=5)
        self.state = ax.text(0.99, -1.0, "", transform=mtransforms.blended_transform_factory(
            ax.transAxes, ax.transData), ha="right", va="center", fontsize=13, fontweight="bold", zorder=5)
        ax.set_yticks([])
        ax.set_xlabel("t CO2e", fontsize=12)
        ax.tick_params(axis="x", labelsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        for artist in (self.target_line, self.target_text, self.state):
            artist.set_animated(True)

    def ensure(self, n: int) -> None:
        import matplotlib.transforms as mtransforms

        ax = self.ax
        trans = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
        while len(self.bars) < n:
            i = len(self.bars)
            (bar,) = ax.barh([i], [0.0], left=0.0, height=0.68, zorder=2).patches
            bar.set_animated(True)
            self.bars.append(bar)
            v = ax.text(0, i, "", ha="left", va="center", fontsize=11.5, zorder=4)
            v.set_animated(True)
            self.values.append(v)
            self.names.append(ax.text(-0.015, i, "", transform=trans, ha="right", va="center", fontsize=11.5))

    @property
    def dynamic(self):
        return [a for a in self.bars + self.values + [self.target_line, self.target_text, self.state]
                if a.get_visible()]


class WaterfallChart:
    """A two-panel waterfall (scope 1+2 and scope 3) redrawn in place.

    The figure, bars and labels are made once; ``update(plan)`` only changes widths,
    positions, colours and texts, and ``draw()`` renders: when the axes layout (limits,
    step names, titles) is unchanged - the usual case while a lever slider moves - it
    restores the cached background and draws only the bars, numbers and target
    (blitting). ``png()`` gives the rendered chart for an image widget. See
    benchmarks/bench_targets_redraw.py.
    """

    def __init__(self, figsize=(14, 6.5), provenance: dict | None = None, dpi: int = 100):
        self.live = LiveFigure(figsize, dpi)
        self.fig, self.axes = self.live.fig, self.live.axes
        self.fig.subplots_adjust(left=0.125, right=0.985, top=0.86, bottom=0.11, wspace=0.42)
        self.panels = [_Panel(ax) for ax in self.axes]
        self.heading = self.fig.text(0.01, 0.985, "", fontsize=15, fontweight="bold", ha="left", va="top")
        self.provenance = provenance
        if provenance:
            add_footer(self.fig, provenance)
        self._layout = None

    def update(self, plan: Plan) -> "WaterfallChart":
        g = plan.growth
        growth = (tr("growth {rate}% a year", rate=("-" if str(g).startswith("-") else "+") + number(abs(g) * 100, 1))
                  if not isinstance(g, Mapping) else tr("growth per scope"))
        who = plan.baseline.company or tr("Your company")
        self.heading.set_text(tr("{company}: reduction waterfall {base}-{target} ({growth}, rules {rules})",
                                 company=who, base=plan.target.base_year, target=plan.target.target_year,
                                 growth=growth, rules=plan.target.rules.id))
        layout = [self.heading.get_text()]
        gaps = plan.gap()
        for panel, (grp, group_title) in zip(self.panels, GROUPS.items()):
            title = tr(group_title)
            ax = panel.ax
            rows = waterfall_rows(plan, grp)
            n = len(rows)
            panel.ensure(n)
            tgt = target_level(plan, grp)
            top = max([r.end for r in rows] + [r.start for r in rows] + [tgt or 0.0])
            top = top if top > 0 else 1.0
            for i, (bar, val, name) in enumerate(zip(panel.bars, panel.values, panel.names)):
                if i >= n:
                    for a in (bar, val, name):
                        a.set_visible(False)
                    continue
                r = rows[i]
                bar.set_visible(True)
                bar.set_x(min(r.start, r.end))
                bar.set_width(abs(r.end - r.start))
                bar.set_facecolor(COLORS["total"] if r.kind == "total" else
                                  (COLORS["up"] if r.value > 0 else COLORS["down"]))
                val.set_visible(True)
                val.set_position((max(r.start, r.end) + top * 0.012, i))
                val.set_text(_fmt(r.end) if r.kind == "total" else ("+" if r.value > 0 else "-") + _fmt(abs(r.value)))
                name.set_visible(True)
                name.set_text(_wrap(r.chart_label))
            if tgt is not None:
                panel.target_line.set_data([tgt, tgt], [-0.5, n - 0.45])
                panel.target_text.set_position((tgt + top * 0.012, n - 0.05))
                panel.target_text.set_text(tr("target {year}: {tonnes} t", year=plan.target.target_year,
                                              tonnes=_fmt(tgt)))
                gap = gaps[grp]
                panel.state.set_text(tr("gap {tonnes} t", tonnes=_fmt(gap)) if gap > 0 else
                                     tr("target met ({tonnes} t to spare)", tonnes=_fmt(-gap)))
                panel.state.set_color(COLORS["up"] if gap > 0 else COLORS["down"])
                req = (plan.target.scope12 if grp == "scope12" else plan.target.scope3).required_reduction
                ax.set_title(tr("{scope}: -{reduction} % by {year}", scope=title, reduction=number(req * 100, 1),
                                year=plan.target.target_year), fontsize=14, loc="left")
            else:
                ax.set_title(tr("{scope}: no target required", scope=title), fontsize=14, loc="left")
            for a in (panel.target_line, panel.target_text, panel.state):
                a.set_visible(tgt is not None)
            ax.set_ylim(n + 0.35, -1.4)
            ax.set_xlim(0, top * 1.2)
            layout.append((n, top, ax.get_title(loc="left"), tuple(x.get_text() for x in panel.names[:n])))
        self._layout = tuple(layout)
        return self

    def draw(self) -> None:
        """Render to the canvas: a full draw when the layout changed, otherwise a blit."""
        self.live.render(self._layout, [(p.ax, a) for p in self.panels for a in p.dynamic])

    def png(self, compress_level: int = 1) -> bytes:
        """Draw and return the chart as PNG bytes."""
        self.draw()
        return self.live.png(compress_level)


def plot_waterfall(plan: Plan, provenance: dict | None = None):
    """A new figure with the waterfall of ``plan``, every artist drawn normally."""
    return WaterfallChart(provenance=provenance).update(plan).live.static()


def add_waterfall_sheet(wb, plan: Plan, title: str = "Waterfall") -> None:
    """The waterfall table as a sheet of an Excel results file (the kind column keeps its codes)."""

    ws = wb.create_sheet(title)
    rows = waterfall_table(plan)
    write_table(ws, [tr("scope"), tr("step"), tr("kind"), "t CO2e", tr("level after step (t CO2e)")],
                [(r["scope"], r["step"], tr(KINDS[r["kind"]]), r["t_co2e"], r["level_after_t_co2e"]) for r in rows],
                widths={1: 12, 2: 48, 3: 10, 4: 14, 5: 24})
