"""Exercise content is validated on load, with errors that name the file, the exercise id
and the problem."""
from __future__ import annotations

import textwrap

import pytest

from workbook.errors import ContentError
from workbook.exercises.loader import load_bank_from

OBJECTIVES = {"c2.a", "fl1.c", "course.start"}

GOOD = """
  - id: q-one
    kind: single_choice
    objective: c2.a
    level: basic
    prompt: Which scope?
    options:
      - {text: Scope 1, feedback: no}
      - {text: Scope 2, feedback: yes}
    answer: Scope 2
    explanation: Purchased electricity is scope 2.
"""


def write(tmp_path, body, name="topic.yaml"):
    (tmp_path / name).write_text("exercises:\n" + textwrap.dedent(body))
    return tmp_path


def load_error(tmp_path, body) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_bank_from(write(tmp_path, body), OBJECTIVES)
    return info.value


def test_a_valid_file_loads(tmp_path):
    bank = load_bank_from(write(tmp_path, GOOD), OBJECTIVES)
    assert list(bank) == ["q-one"]


def test_unknown_kind_names_file_id_and_suggests(tmp_path):
    err = load_error(tmp_path, GOOD.replace("single_choice", "single_choise"))
    assert "topic.yaml" in str(err) and "q-one" in str(err)
    assert "unknown kind" in str(err) and "single_choice" in str(err)


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ContentError, match=r"b.yaml, exercise 'q-one': duplicate id \(also in a.yaml\)"):
        load_bank_from(tmp_path, OBJECTIVES)


def test_answer_not_among_the_options(tmp_path):
    err = load_error(tmp_path, GOOD.replace("answer: Scope 2", "answer: Scope 3"))
    assert "answer 'Scope 3' is not among the options" in str(err)


def test_unknown_objective_id(tmp_path):
    err = load_error(tmp_path, GOOD.replace("objective: c2.a", "objective: c2.z"))
    assert "unknown objective id 'c2.z'" in str(err)


NUMERIC = """
  - id: q-num
    kind: numeric
    objective: c2.a
    level: advanced
    prompt: How much?
    answer: 21.3
    unit: t CO2e
    tolerance: 0.1
    explanation: Because.
"""


def test_numeric_answer_without_unit(tmp_path):
    err = load_error(tmp_path, NUMERIC.replace("    unit: t CO2e\n", ""))
    assert "q-num" in str(err) and "needs a 'unit'" in str(err)


def test_numeric_answer_without_tolerance(tmp_path):
    err = load_error(tmp_path, NUMERIC.replace("    tolerance: 0.1\n", ""))
    assert "tolerance" in str(err)


def test_numeric_answer_with_an_unknown_unit(tmp_path):
    err = load_error(tmp_path, NUMERIC.replace("unit: t CO2e", "unit: bananas per fortnight"))
    assert "not a unit" in str(err)


def test_unknown_level(tmp_path):
    err = load_error(tmp_path, GOOD.replace("level: basic", "level: expert"))
    assert "basic or advanced" in str(err)


def test_missing_explanation(tmp_path):
    err = load_error(tmp_path, GOOD.replace("    explanation: Purchased electricity is scope 2.\n", ""))
    assert "explanation" in str(err)


def test_unknown_field_suggests_the_right_one(tmp_path):
    err = load_error(tmp_path, GOOD.replace("explanation:", "explanaton:"))
    assert "unknown field" in str(err) and "explanation" in str(err)


def test_classify_item_in_an_unknown_category(tmp_path):
    err = load_error(tmp_path, """
  - id: q-sort
    kind: classify
    objective: c2.a
    level: basic
    prompt: Sort.
    categories: [Scope 1, Scope 2]
    items:
      - {text: gas, category: Scope 1}
      - {text: power, category: Scope 3}
    explanation: Because.
""")
    assert "q-sort" in str(err) and "category 'Scope 3' is not among the categories" in str(err)


def test_free_text_needs_a_model_answer(tmp_path):
    err = load_error(tmp_path, """
  - id: q-free
    kind: free_text
    objective: c2.a
    level: basic
    prompt: Reflect.
""")
    assert "model_answer" in str(err)


def test_code_exercise_needs_a_solution(tmp_path):
    err = load_error(tmp_path, """
  - id: q-code
    kind: code
    objective: c2.a
    level: basic
    prompt: Compute.
    variable: x
    answer: 1
    unit: dimensionless
    tolerance: 0
    explanation: Because.
""")
    assert "needs 'solution'" in str(err)


def test_invalid_yaml_names_the_file(tmp_path):
    (tmp_path / "broken.yaml").write_text("exercises:\n  - id: [unclosed\n")
    with pytest.raises(ContentError, match="broken.yaml: is not valid YAML"):
        load_bank_from(tmp_path, OBJECTIVES)


def test_file_without_an_exercises_list(tmp_path):
    (tmp_path / "empty.yaml").write_text("title: nothing here\n")
    with pytest.raises(ContentError, match="top-level 'exercises:' list"):
        load_bank_from(tmp_path, OBJECTIVES)


def test_a_source_that_yaml_reads_as_a_mapping_is_caught(tmp_path):
    err = load_error(tmp_path, GOOD + "    sources:\n      - ILO, Global Estimates: Forced Labour (2022)\n")
    assert "'sources' must be a list of texts" in str(err) and "quote" in str(err)
