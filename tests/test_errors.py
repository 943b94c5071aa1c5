"""Problems read like a message to a person: the value found is shown as written, never as a
Python repr such as ``np.int64(4)`` or ``datetime.date(2027, 12, 14)``."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from workbook.errors import Problem, plain, plain_value


@pytest.mark.parametrize("value, shown", [
    (np.int64(4), "4"),
    (np.float64(2.5), "2.5"),
    (np.bool_(True), "True"),
    (dt.date(2027, 12, 14), "2027-12-14"),
    (pd.Timestamp("2027-12-14"), "2027-12-14"),
    (dt.datetime(2027, 12, 14, 9, 30), "2027-12-14T09:30:00"),
    ("18.500 m3", "'18.500 m3'"),
    ([np.int64(1), dt.date(2028, 2, 1)], "1, 2028-02-01"),
])
def test_a_value_is_shown_as_written(value, shown):
    assert plain(value) == shown


def test_plain_values_are_python_numbers_and_iso_dates():
    assert type(plain_value(np.int64(4))) is int and plain_value(dt.date(2027, 12, 14)) == "2027-12-14"


def test_a_problem_names_the_value_found_without_a_repr():
    text = str(Problem("score out of range", file="answers.xlsx", row=np.int64(7), column="policy",
                       value=np.int64(4), fix="use 0 to 3"))
    assert text == "answers.xlsx, row 7, column 'policy': score out of range (found 4). Fix: use 0 to 3"
    assert "(found 2027-12-14)" in str(Problem("date too late", value=dt.date(2027, 12, 14)))


def test_a_problem_as_data_holds_plain_values():
    data = Problem("bad", row=np.int64(3), value=dt.date(2027, 12, 14)).as_dict()
    assert data["row"] == 3 and data["value"] == "2027-12-14"
