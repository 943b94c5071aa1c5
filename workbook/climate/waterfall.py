"""The reduction waterfall: base year -> growth -> known changes -> each lever -> result,
against the target, with the remaining gap. As a table, a matplotlib chart and an Excel sheet.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbook.climate.targets_plan import Plan

GROUPS = {"scope12": "Scope 1+2", "scope3": "Scope 3"}
COLORS = {"total": "#4a5a6a", "up": "#c0504d", "down": "#4f9a5a", "target": "#1f4e99"}


@dataclass(frozen=True)
class WaterfallRow:
    label: str
    kind: str        # total | delta
    value: float     # the level for totals, the change for deltas (t CO2e)
    start: float     # where the bar starts
    end: float       # where the bar ends


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
    rows = [WaterfallRow(f"Base year {by}", "total", base, 0.0, base)]
    cur = base
    rows.append(WaterfallRow(f"Growth to {ty}", "delta", bau_g - base, cur, bau_g))
    cur = bau_g
    if plan.known_changes:
        rows.append(WaterfallRow("Known changes", "delta", bau - bau_g, cur, bau))
        cur = bau
    rows.append(WaterfallRow(f"BAU {ty}", "total", bau, 0.0, bau))
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
            rows.append(WaterfallRow(step.name, "delta", -cut, cur, cur - cut))
            cur -= cut
    rows.append(WaterfallRow(f"After levers {ty}", "total", cur, 0.0, cur))
    return rows


def target_level(plan: Plan, group: str) -> float | None:
    t = plan.target.scope12 if group == "scope12" else plan.target.scope3
    return None if t is None else t.target_t


def waterfall_table(plan: Plan) -> list[dict]:
    """Rows for both groups, for the Excel sheet and the notebook table."""
    out = []
    for g, title in GROUPS.items():
        tgt = target_level(plan, g)
        for r in waterfall_rows(plan, g):
            out.append({"scope": title, "step": r.label, "kind": r.kind, "t_co2e": round(r.value, 1),
                        "level_after_t_co2e": round(r.end, 1)})
        gap = plan.gap()[g]
        out.append({"scope": title, "step": f"Target {plan.target.target_year}", "kind": "target",
                    "t_co2e": None if tgt is None else round(tgt, 1), "level_after_t_co2e": None})
        out.append({"scope": title, "step": "Gap (after levers - target)", "kind": "gap",
                    "t_co2e": None if gap is None else round(gap, 1), "level_after_t_co2e": None})
    return out


def _fmt(v: float) -> str:
    return f"{v:,.0f}"


class WaterfallChart:
    """A two-panel waterfall (scope 1+2 and scope 3) that can be redrawn in place.

    ``update(plan)`` reuses the figure, so a slider move costs one redraw, not a new
    figure (see benchmarks/bench_targets_redraw.py).
    """

    def __init__(self, figsize=(14, 6.5), provenance: dict | None = None):
        import matplotlib.pyplot as plt

        self.fig, self.axes = plt.subplots(1, 2, figsize=figsize, layout="constrained")
        self.provenance = provenance
        if provenance:
            from workbook.provenance import add_footer

            add_footer(self.fig, provenance)

    def update(self, plan: Plan) -> "WaterfallChart":
        for ax, (g, title) in zip(self.axes, GROUPS.items()):
            ax.clear()
            rows = waterfall_rows(plan, g)
            labels = [r.label for r in rows]
            bottoms = [min(r.start, r.end) for r in rows]
            heights = [abs(r.end - r.start) for r in rows]
            colors = [COLORS["total"] if r.kind == "total" else (COLORS["up"] if r.value > 0 else COLORS["down"])
                      for r in rows]
            x = range(len(rows))
            ax.bar(x, heights, bottom=bottoms, color=colors, width=0.7)
            top = max(r.end for r in rows) if rows else 1.0
            for i, r in enumerate(rows):
                txt = _fmt(r.end) if r.kind == "total" else ("+" if r.value > 0 else "-") + _fmt(abs(r.value))
                ax.text(i, max(r.start, r.end) + top * 0.01, txt, ha="center", va="bottom", fontsize=11)
            tgt = target_level(plan, g)
            if tgt is not None:
                ax.axhline(tgt, color=COLORS["target"], linestyle="--", linewidth=2)
                gap = plan.gap()[g]
                state = f"gap {_fmt(gap)} t" if gap > 0 else f"target met ({_fmt(-gap)} t to spare)"
                ax.text(len(rows) - 0.5, tgt, f"target {plan.target.target_year}: {_fmt(tgt)} t\n{state}",
                        color=COLORS["target"], ha="right", va="bottom", fontsize=12, fontweight="bold")
                ax.set_title(f"{title}: {plan.target.scope12.required_reduction * 100 if g == 'scope12' else plan.target.scope3.required_reduction * 100:.1f} % "
                             f"below {plan.target.base_year} by {plan.target.target_year}", fontsize=14)
            else:
                ax.set_title(f"{title}: no target required ({plan.target.rules.id})", fontsize=14)
            ax.set_xticks(list(x))
            ax.set_xticklabels([_wrap(lbl) for lbl in labels], fontsize=10, rotation=0)
            ax.set_ylabel("t CO2e", fontsize=12)
            ax.tick_params(axis="y", labelsize=11)
            ax.set_ylim(0, top * 1.15 if top > 0 else 1)
            ax.spines[["top", "right"]].set_visible(False)
        return self

    def draw(self) -> None:
        self.fig.canvas.draw()


def _wrap(text: str, width: int = 14) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def plot_waterfall(plan: Plan, provenance: dict | None = None):
    """A new figure with the waterfall of ``plan``."""
    return WaterfallChart(provenance=provenance).update(plan).fig


def add_waterfall_sheet(wb, plan: Plan, title: str = "Waterfall") -> None:
    """The waterfall table as a sheet of an Excel results file."""
    from workbook.excel import write_table

    ws = wb.create_sheet(title)
    rows = waterfall_table(plan)
    write_table(ws, ["scope", "step", "kind", "t CO2e", "level after step (t CO2e)"],
                [(r["scope"], r["step"], r["kind"], r["t_co2e"], r["level_after_t_co2e"]) for r in rows],
                widths={1: 12, 2: 48, 3: 10, 4: 14, 5: 24})
