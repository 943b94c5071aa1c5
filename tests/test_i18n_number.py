"""workbook.i18n.number writes the digits Python's own formatting writes (so English text made
with it never changes) and the separators the reader expects."""
import pytest

from workbook.i18n import number, percent


@pytest.mark.parametrize("value, decimals", [(6180.05, 1), (84257.95, 1), (-29495.55, 1), (2.5, 0), (3.5, 0),
                                             (1.015, 2), (0.125, 2), (-0.4, 0), (1234567.891, 0), (0.0, 1)])
def test_english_numbers_round_like_python_format(value, decimals):
    assert number(value, decimals, lang="en") == f"{value:,.{decimals}f}"


def test_dutch_numbers_swap_the_separators_and_keep_the_digits():
    assert number(84257.95, 1, lang="nl") == "84.257,9"
    assert number(1234567.891, 0, lang="nl") == "1.234.568"
    assert percent(0.425, 1, lang="nl") == "42,5 %"
    assert percent(0.425, 1, lang="en") == "42.5 %"
