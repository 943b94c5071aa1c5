"""The targets part in Dutch: views, charts, the CLI and the results Excel show Dutch labels and
the same numbers as in English; what is stored or compared (lever ids, the ambition label, the
Excel's data) does not depend on the language."""
import json

import matplotlib
import pytest

matplotlib.use("Agg")

from workbook.climate.targets import views as tw  # noqa: E402
from workbook.climate.targets.ambition import PROGRESS_KEY, ambition_levels, english_levels  # noqa: E402
from workbook.climate.targets.compute import Baseline, Submission, compute_targets  # noqa: E402
from workbook.climate.targets.excel import write_results  # noqa: E402
from workbook.climate.targets.levers import apply_levers, load_levers  # noqa: E402
from workbook.climate.targets.plan import make_plan, plan_to_json  # noqa: E402
from workbook.climate.targets.rules import load_rules, load_updates  # noqa: E402
from workbook.climate.targets.waterfall import WaterfallChart, waterfall_table  # noqa: E402
from workbook.cli import main  # noqa: E402
from workbook.errors import InputError  # noqa: E402
from workbook.i18n import number  # noqa: E402
from workbook.language import set_language, using  # noqa: E402

BASE = Baseline(2024, 4000.0, 6000.0, 6000.0, {1: 30000.0, 4: 5000.0}, company="Testbedrijf",
                activity_t={"scope3.4": {"air_freight_tkm": 3000.0, "sea_freight_tkm": 2000.0}})
MIX = {"renewable_electricity_own": 1.0, "cotton_recycled": 0.5, "air_to_sea": 0.5}


def plan():
    return make_plan(BASE, 2030, load_rules(), growth=0.03, levers=load_levers(sector="apparel"), adoption=MIX,
                     submission=Submission(2024, 2))


@pytest.fixture
def english_afterwards():
    """A CLI run with --lang sets the language for the process: put English back after the test."""
    yield
    set_language(None)


def test_the_targets_html_is_dutch_with_the_same_targets_in_dutch_digits():
    result = plan().target
    english = tw.targets_html(result)
    with using("nl"):
        dutch = tw.targets_html(result)
    assert "Checks" in english and "Controles" in dutch and "Checks" not in dutch
    assert "doel 2030" in dutch and "Lange termijn" in dutch
    for tonnes in (result.scope12.target_t, result.scope3.target_t):
        assert number(tonnes, lang="en") + " t" in english
        assert number(tonnes, lang="nl") + " t" in dutch
    assert number(result.scope12.target_t, lang="nl") != number(result.scope12.target_t, lang="en")


def test_check_reasons_are_dutch_and_the_check_ids_stay():
    english = compute_targets(BASE, 2030, load_rules(), submission=Submission(2024, 2))
    with using("nl"):
        dutch = compute_targets(BASE, 2030, load_rules(), submission=Submission(2024, 2))
    assert [c.id for c in dutch.checks] == [c.id for c in english.checks]
    assert [c.passed for c in dutch.checks] == [c.passed for c in english.checks]
    trigger = next(c.reason for c in dutch.checks if c.id == "scope3_trigger")
    assert "drempel" in trigger and "77,8 %" in trigger
    assert dutch.scope12.target_t == english.scope12.target_t


def test_the_rule_set_wording_is_dutch_and_its_numbers_and_sources_are_not():
    english = load_rules("sbti-sme")
    with using("nl"):
        dutch = load_rules("sbti-sme")
    assert dutch.title != english.title and "mkb" in dutch.title
    assert "PLAATSHOUDER" in dutch.caveat
    assert dutch.scope12.ambition == "1,5 °C"
    assert (dutch.id, dutch.scope12.annual_rate, dutch.scope12.source, dutch.caveat_source) == (
        english.id, english.scope12.annual_rate, english.scope12.source, english.caveat_source)
    assert load_rules("sbti-sme").title == english.title, "English again outside the block (cache per language)"


def test_the_2026_updates_are_dutch_with_their_sources_as_written():
    title, changes, confirm = load_updates()
    with using("nl"):
        nl_title, nl_changes, nl_confirm = load_updates()
        html = tw.updates_html()
    assert nl_title != title and "2026" in nl_title
    assert [c.source for c in nl_changes] == [c.source for c in changes]
    assert len(nl_confirm) == len(confirm) and nl_confirm[0].text != confirm[0].text
    assert "Voordat u zich vastlegt" in html and "Bron: " in html


def test_the_lever_table_is_dutch_and_keeps_the_ids():
    levers = load_levers(sector="apparel")
    english = tw.levers_table(levers)
    with using("nl"):
        dutch = tw.levers_table(load_levers(sector="apparel"))
    assert list(dutch["id"]) == list(english["id"])
    assert "maatregel" in dutch.columns and "moeilijkheid" in dutch.columns
    assert set(dutch["moeilijkheid"]) <= {"laag", "gemiddeld", "hoog"}
    assert not set(dutch["maatregel"]) & set(english["lever"])


def test_dutch_short_lever_names_fit_the_chart_axis():
    """At most 26 characters, as in English, and no word longer than a line of the axis (16)."""
    with using("nl"):
        levers = load_levers()
    assert all(lv.short_name and len(lv.short_name) <= 26 for lv in levers)
    assert all(len(word) <= 16 for lv in levers for word in lv.short_name.split())


def test_the_lever_arithmetic_does_not_depend_on_the_language():
    p = plan()
    with using("nl"):
        q = plan()
    assert q.levers.after == p.levers.after
    assert [s.lever_id for s in q.levers.steps] == [s.lever_id for s in p.levers.steps]
    assert [s.name for s in q.levers.steps] != [s.name for s in p.levers.steps]


def test_the_waterfall_and_bau_charts_are_labelled_in_dutch():
    with using("nl"):
        chart = WaterfallChart().update(plan())
        bau = tw.BauChart(BASE, 2030, plan().target, growth=0.03)
        bau.png()
    assert "reductiewaterval" in chart.heading.get_text() and "groei +3,0% per jaar" in chart.heading.get_text()
    assert chart.axes[0].get_title(loc="left").startswith("Scope 1+2: -")
    names = [t.get_text().replace("\n", " ") for t in chart.panels[0].names if t.get_visible()]
    assert names[0] == "Basisjaar 2024" and "Eigen groene stroom" in names
    assert chart.panels[0].target_text.get_text().startswith("doel 2030: ")
    legend = [t.get_text() for t in bau.axes[0].get_legend().get_texts()]
    assert legend[0] == "business as usual" and legend[1].startswith("SBTi-minimumpad (-")
    assert "business as usual ligt" in bau.titles[0][0].get_text()


def test_the_waterfall_table_keeps_its_codes_and_numbers():
    p = plan()
    english = waterfall_table(p)
    with using("nl"):
        dutch = waterfall_table(p)
    strip = [{k: v for k, v in r.items() if k not in ("scope", "step")} for r in english]
    assert [{k: v for k, v in r.items() if k not in ("scope", "step")} for r in dutch] == strip
    assert dutch[0]["step"] == "Basisjaar 2024" and dutch[-1]["step"] == "Gat (na maatregelen - doel)"


def test_the_results_excel_has_dutch_sheets_and_headers_and_the_same_data(tmp_path):
    from openpyxl import load_workbook

    p = plan()
    en = load_workbook(write_results(p, tmp_path / "en.xlsx"))
    with using("nl"):
        nl = load_workbook(write_results(p, tmp_path / "nl.xlsx"))
    assert en.sheetnames[:5] == ["Summary", "Checks", "Waterfall", "Levers", "Pathway"]
    assert nl.sheetnames[:5] == ["Samenvatting", "Controles", "Waterval", "Maatregelen", "Reductiepad"]
    assert [c.value for c in nl["Samenvatting"][1]] == ["onderdeel", "scope 1+2 (t CO2e)", "scope 3 (t CO2e)"]
    for en_name, nl_name in zip(en.sheetnames[:5], nl.sheetnames[:5]):
        a, b = list(en[en_name].values), list(nl[nl_name].values)
        assert len(a) == len(b), en_name
        numbers = [[v for v in row if isinstance(v, (int, float))] for row in a]
        assert numbers == [[v for v in row if isinstance(v, (int, float))] for row in b], en_name
    lever_ids = [r[1] for r in list(nl["Maatregelen"].values)[1:]]
    assert lever_ids == [r[1] for r in list(en["Levers"].values)[1:]] and "cotton_recycled" in lever_ids
    check_ids = [r[0] for r in list(nl["Controles"].values)[1:]]
    assert "scope3_trigger" in check_ids


def test_the_ambition_picker_stores_the_english_label_and_shows_dutch(capsys):
    standard, sme = load_rules(), load_rules("sbti-sme")

    class Course:
        store: dict = {}

        def load(self, key, default=None):
            return self.store.get(key, default)

        def save(self, key, value):
            self.store[key] = value

    course = Course()
    with using("nl"):
        picker = tw.ambition_section(course)
        labels = dict((value, label) for label, value in picker.options)
        assert labels["report"].startswith("1 · Meten en rapporteren")
        picker.value = "sbti-near-term"
        tw.saved_ambition(course)
    saved = course.store[PROGRESS_KEY]
    assert saved == {"level": "sbti-near-term", "label": english_levels(standard, sme)["sbti-near-term"]}
    assert saved["label"] == ambition_levels(standard, sme)["sbti-near-term"], "English outside the block"
    assert "Uw opgeslagen ambitie: 3 · SBTi-kortetermijndoelen" in capsys.readouterr().out


def test_a_lever_settings_problem_reads_in_dutch():
    with using("nl"), pytest.raises(InputError) as e:
        apply_levers({"scope1": 1.0}, load_levers(), {"no_such_lever": 0.5})
    assert e.value.title == "De instellingen van de maatregelen bevatten fouten"
    assert e.value.problems[0].message == "onbekende maatregel"


def test_the_cli_speaks_dutch_with_lang_nl_and_its_json_numbers_do_not_change(tmp_path, capsys,
                                                                                english_afterwards):
    from tests.targets.test_targets_cli import FOOTPRINT

    fp = tmp_path / "footprint.json"
    fp.write_text(json.dumps(FOOTPRINT), encoding="utf-8")
    args = ["targets", str(fp), "--target-year", "2030", "--growth", "3%", "--submitted", "2024-H2"]
    assert main(args + ["--json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert main(args + ["--json", "--lang", "nl"]) == 0
    dutch = json.loads(capsys.readouterr().out)
    for key in ("baseline", "bau", "target", "after_levers", "gap", "required_reduction", "pathway"):
        assert dutch[key] == english[key], key
    assert [c["id"] for c in dutch["checks"]] == [c["id"] for c in english["checks"]]
    assert main(args + ["--lang", "nl"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Doelen 2024 -> 2030 volgens sbti-aca-floor")
    assert "basisjaar" in text and "Controles:" in text and "[voldaan]" in text
    assert number(english["target"]["scope3"], lang="nl") + " t" in text


def test_a_cli_error_reads_in_dutch(tmp_path, capsys, english_afterwards):
    assert main(["targets", str(tmp_path / "missing.json"), "--target-year", "2030", "--lang", "nl"]) == 2
    err = capsys.readouterr().err
    assert "De invoer kan niet worden gelezen" in err and "bestand niet gevonden" in err


def test_the_bau_formula_reads_in_dutch_and_stays_english_in_the_json():
    from workbook.climate.targets.compute import BAU_FORMULA, bau_formula

    assert bau_formula() == BAU_FORMULA
    with using("nl"):
        assert bau_formula() == "E(doeljaar) = E(basisjaar) x (1 + g) ^ (doeljaar - basisjaar)"
        assert plan_to_json(plan())["bau_formula"] == BAU_FORMULA


def test_the_peers_table_and_chart_are_dutch_with_the_same_rates():
    english = tw.peers_table()
    with using("nl"):
        dutch = tw.peers_table()
        fig = tw.peer_rates_figure()
    assert len(dutch) == len(english)
    assert set(dutch["soort"]) <= {"bedrijf", "sectorafspraak", "sectorstudie"}
    assert "Kledingsector (WRI / Apparel Impact Institute)" in set(dutch["wie"])
    rates = [v for v in english["per year"] if v]
    assert [v for v in dutch["per jaar"] if v] == [v.replace(".", ",") for v in rates]
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("lineaire reductie per jaar")
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "SBTi-minimum scope 1+2: 4,2% per jaar"


def test_the_lever_mix_feedback_is_dutch_and_judged_the_same():
    from workbook.climate.targets.exercises import check_lever_mix

    mix = {"renewable_electricity_own": 1.0}
    ok, english = check_lever_mix(mix)
    with using("nl"):
        ok_nl, dutch = check_lever_mix(mix)
        bad, problem = check_lever_mix({"no_such_lever": 0.5})
    assert ok_nl == ok and dutch != english and dutch.startswith("Scope 1+2 eindigt op ")
    assert not bad and problem.startswith("De mix van maatregelen heeft een probleem")


def test_every_translatable_text_of_the_targets_package_is_visible_to_the_extractor():
    """A tr() or N_() call inside an f-string expression, or with a non-literal text that is not an
    N_ constant, is not collected by `workbook translations update`: its text would stay English."""
    import ast
    from pathlib import Path

    import workbook.climate.targets as package

    bad = []
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                bad += [f"{path.name}:{sub.lineno}" for sub in ast.walk(node) if isinstance(sub, ast.Call)
                        and getattr(sub.func, "id", None) in ("tr", "N_")
                        and sub.args and isinstance(sub.args[0], ast.Constant)]
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                if not (node.args and isinstance(node.args[0], ast.Constant)):
                    bad.append(f"{path.name}:{node.lineno}")
    assert not bad, f"texts the extractor cannot see: {bad}"
