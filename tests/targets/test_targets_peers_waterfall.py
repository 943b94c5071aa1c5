"""Peers are sourced data; the waterfall adds up from base year to the result."""
import pytest

from workbook.climate.targets.levers import load_levers
from workbook.climate.targets.compute import Baseline
from workbook.climate.targets.peers import load_peers
from workbook.climate.targets.plan import make_plan
from workbook.climate.targets.rules import load_rules
from workbook.climate.targets.waterfall import WaterfallChart, waterfall_rows, waterfall_table
from workbook.errors import ContentError


def test_every_peer_has_a_source_and_verified_ones_a_year():
    peers = load_peers()
    assert {p.sector for p in peers} == {"apparel", "footwear", "furniture"}
    assert all(p.source for p in peers)
    assert all(p.year for p in peers if p.verified)


def test_a_bad_peer_row_names_line_and_column(tmp_path):
    from workbook.climate.targets.peers import peers_file

    lines = peers_file().read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",apparel,company,", ",apparel,rumour,", 1)
    bad = tmp_path / "peers.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_peers(bad)
    assert "line 2" in str(e.value) and "kind" in str(e.value)


def plan(adoption=None):
    b = Baseline(2024, 4000, 6000, 6000, {1: 30000.0, 4: 5000.0},
                 activity_t={"scope3.4": {"air_freight_tkm": 3000.0, "sea_freight_tkm": 2000.0}})
    return make_plan(b, 2030, load_rules(), growth=0.03, levers=load_levers(sector="apparel"),
                     adoption=adoption or {"renewable_electricity_own": 1.0, "cotton_recycled": 0.5,
                                           "air_to_sea": 0.5})


@pytest.mark.parametrize("group", ["scope12", "scope3"])
def test_waterfall_steps_add_up_to_the_result(group):
    p = plan()
    rows = waterfall_rows(p, group)
    deltas = sum(r.value for r in rows if r.kind == "delta")
    assert rows[0].value + deltas == pytest.approx(rows[-1].value)
    expected = p.s12(p.levers.after) if group == "scope12" else p.s3(p.levers.after)
    assert rows[-1].value == pytest.approx(expected)


def test_waterfall_table_reports_target_and_gap():
    p = plan()
    t = waterfall_table(p)
    gaps = [r for r in t if r["kind"] == "gap"]
    assert [g["t_co2e"] for g in gaps] == [round(p.gap()["scope12"], 1), round(p.gap()["scope3"], 1)]


def test_chart_redraws_in_place():
    import matplotlib

    matplotlib.use("Agg")
    chart = WaterfallChart()
    fig = chart.fig
    chart.update(plan())
    chart.update(plan({"cotton_organic": 1.0}))
    assert chart.fig is fig and len(fig.axes) == 2
    assert "target" in " ".join(t.get_text() for t in fig.axes[0].texts)
