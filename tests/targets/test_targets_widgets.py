"""The c3 notebook layer: live charts redraw in place (and blit correctly), sliders drive
them, solution mode renders static charts, and the notebook's tables come from the engine."""
import matplotlib
import pytest

matplotlib.use("Agg")

from workbook.climate.targets import views as tw
from workbook.climate.targets.levers import lever_sector, load_levers  # noqa: E402
from workbook.climate.targets.compute import Baseline, Submission, compute_targets  # noqa: E402
from workbook.climate.targets.plan import make_plan  # noqa: E402
from workbook.climate.targets.rules import load_rules, load_updates, updates_file  # noqa: E402
from workbook.climate.targets.waterfall import WaterfallChart  # noqa: E402
from workbook.errors import ContentError  # noqa: E402

BASE = Baseline(2024, 120.0, 80.0, 60.0, {1: 2500.0, 4: 300.0, 9: 120.0},
                activity_t={"scope3.4": {"air_freight_tkm": 200.0, "sea_freight_tkm": 100.0}})
LEVERS = load_levers(sector="apparel")


def plan(adoption):
    return make_plan(BASE, 2031, load_rules(), growth=0.03, levers=LEVERS, adoption=adoption)


def test_a_blitted_redraw_gives_the_same_picture_as_a_fresh_full_draw():
    moved = WaterfallChart()
    moved.update(plan({"cotton_recycled": 0.2, "air_to_sea": 0.5})).png()
    png = moved.update(plan({"cotton_recycled": 0.7, "air_to_sea": 0.1})).png()
    assert moved.live.full_draws == 1, "only bar sizes changed: the background is reused"
    fresh = WaterfallChart().update(plan({"cotton_recycled": 0.7, "air_to_sea": 0.1})).png()
    assert png == fresh


def test_a_lever_that_adds_a_bar_triggers_a_full_draw():
    chart = WaterfallChart()
    chart.update(plan({"cotton_recycled": 0.2})).png()
    chart.update(plan({"cotton_recycled": 0.2, "renewable_electricity_own": 1.0})).png()
    assert chart.live.full_draws == 2
    names = [t.get_text() for t in chart.panels[0].names if t.get_visible()]
    assert any("renewable" in n for n in names)


def test_the_chart_png_is_deterministic():
    a = WaterfallChart().update(plan({"cotton_recycled": 0.5})).png()
    b = WaterfallChart().update(plan({"cotton_recycled": 0.5})).png()
    assert a == b and a[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_gap_label_says_whether_the_target_is_met():
    chart = WaterfallChart().update(plan({}))
    assert chart.panels[0].state.get_text().startswith("gap ")
    chart.update(plan({"renewable_electricity_own": 1.0, "renewable_fuels_own": 1.0}))
    assert chart.panels[0].state.get_text().startswith("target met")


def test_moving_a_lever_slider_updates_the_image_and_reports_the_mix():
    seen = []
    ex = tw.lever_explorer(BASE, 2031, load_rules(), LEVERS, adoption={"cotton_recycled": 0.2},
                           on_change=seen.append)
    before = ex.image.value
    ex.sliders["air_to_sea"].value = 50
    assert ex.image.value != before
    assert seen[-1] == {"cotton_recycled": 0.2, "air_to_sea": 0.5} == ex.value()


def test_moving_the_growth_slider_redraws_business_as_usual():
    target = compute_targets(BASE, 2031, load_rules(), submission=Submission(2026, 2))
    seen = []
    ex = tw.bau_explorer(BASE, 2031, growth=0.03, target=target, on_change=seen.append)
    before = ex.image.value
    ex.sliders["growth"].value = 8.0
    assert ex.image.value != before and seen == [0.08] and ex.value() == 0.08
    assert "6,000" not in ex.chart.titles[1][0].get_text()


def test_solution_mode_shows_static_charts_without_sliders():
    ex = tw.lever_explorer(BASE, 2031, load_rules(), LEVERS, adoption={"cotton_recycled": 0.2}, solution_mode=True)
    assert ex.sliders == {} and ex.image is None and ex.value() == {"cotton_recycled": 0.2}
    ex = tw.bau_explorer(BASE, 2031, growth=0.04, solution_mode=True)
    assert ex.sliders == {} and ex.value() == 0.04


def test_bau_chart_title_states_the_excess_over_the_target():
    target = compute_targets(BASE, 2031, load_rules(), submission=Submission(2026, 2))
    chart = tw.BauChart(BASE, 2031, target, growth=0.0)
    # no growth: BAU stays at the base-year level, which is 29.4 % of it above the 2031 target
    s12 = BASE.scope1 + BASE.scope2_market
    assert f"{s12 * 0.294:,.0f} t above the target" in chart.titles[0][0].get_text()


@pytest.mark.parametrize("sector,expected", [("clothing", "apparel"), ("textiles", "apparel"),
                                             ("footwear", "footwear"), ("furniture", "furniture"),
                                             ("other", None), (None, None)])
def test_company_sectors_map_to_the_lever_library(sector, expected):
    assert lever_sector(sector) == expected


def test_chart_labels_use_the_short_lever_names():
    assert all(lv.short_name and len(lv.short_name) <= 26 for lv in load_levers())


def test_the_rule_sets_are_compared_on_the_same_footprint():
    df = tw.rules_comparison(BASE, 2031, Submission(2026, 2))
    assert set(df["rule set"]) >= {"sbti-aca-floor", "sbti-aca-2020", "sbti-sme"}
    floor = df[df["rule set"] == "sbti-aca-floor"].iloc[0]
    assert floor["scope 1+2 cut"] == "29.4%" and floor["scope 3 cut"] == "17.5%"


def test_the_long_term_target_sits_beside_the_near_term_one():
    r = compute_targets(BASE, 2031, load_rules(), submission=Submission(2026, 2))
    df = tw.long_term_table(r)
    assert "at most 18 t" in df.iloc[0]["long term 2050"]   # 180 t scope 1+2 (market-based) x (1 - 0.90)


def test_the_2026_updates_are_sourced_and_flag_what_is_not_verified():
    title, changes, confirm = load_updates()
    assert {c.date for c in changes} >= {"2026-04-29", "2026-06-11"}
    assert all(i.source for i in changes + confirm)
    page = tw.updates_html()
    assert "not verified" in page and "Target Setting Tool" in page


def test_a_bad_updates_file_names_the_item_and_field(tmp_path):
    text = updates_file().read_text(encoding="utf-8")
    bad = tmp_path / "sbti_2026.yaml"
    bad.write_text(text.replace("    verified: true", "    verified: yes please", 1), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_updates(bad)
    assert str(e.value) == ("sbti_2026.yaml: line 20, changes entry 1: field 'verified' must be true/false "
                            "(found 'yes please')")


def test_the_sample_company_lever_mix_check_names_the_open_gap():
    from workbook.climate.targets.exercises import check_sample_lever_mix

    ok, msg = check_sample_lever_mix({"renewable_electricity_own": 1.0})
    assert not ok and "scope 3" in msg and "above the target" in msg
    ok, msg = check_sample_lever_mix({"no_such_lever": 1.0})
    assert not ok and "problem" in msg
