"""The English–Dutch glossary: every term has its source, and search finds both languages."""
from workbook.course.glossary import load_glossary, search, table_html


def test_every_term_has_a_dutch_translation_and_a_source():
    terms = load_glossary()
    assert len(terms) > 50
    assert all(t.dutch and t.source for t in terms)


def test_search_finds_english_and_dutch_case_insensitively():
    assert any(t.dutch.startswith("gedwongen arbeid") for t in search("Forced Labour"))
    assert any(t.english == "forced labour" for t in search("DWANGARBEID"))


def test_search_by_topic():
    assert {t.topic for t in search(topic="Climate")} == {"Climate"}


def test_no_match_says_so():
    assert "No term matches" in table_html(search("zzzz"))


def test_the_widget_filters_as_the_participant_types():
    from workbook.course.glossary import glossary_view

    view = glossary_view()
    box, pick = view.children[0].children
    out = view.children[1]
    box.value = "emissiefactor"
    assert "emission factor" in out.value and "forced labour" not in out.value
