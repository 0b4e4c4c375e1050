"""Benchmark bands in words: median absolute deviations, polarity, context only."""

import pytest

from kpi.calc.bands import band_word


@pytest.mark.parametrize(
    "value,expected",
    [
        (100, "broadly similar"),
        (105, "broadly similar"),  # 0.5 MAD exactly is still similar
        (106, "slightly better"),
        (115, "slightly better"),
        (116, "better"),
        (130, "better"),
        (131, "much better"),
        (69, "much worse"),
        (94, "slightly worse"),
    ],
)
def test_band_for_higher_is_better(value, expected):
    assert band_word(value, median=100, mad=10, polarity="higher_better") == expected


def test_polarity_reverses_the_words():
    assert band_word(120, median=100, mad=10, polarity="lower_better") == "worse"
    assert band_word(80, median=100, mad=10, polarity="lower_better") == "better"


def test_measure_without_direction_is_context_only():
    assert band_word(500, median=100, mad=10, polarity="context") == "context only"


def test_zero_spread_counts_any_difference_as_large():
    assert band_word(100, median=100, mad=0, polarity="higher_better") == "broadly similar"
    assert band_word(101, median=100, mad=0, polarity="higher_better") == "much better"
