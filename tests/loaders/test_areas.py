"""The loaders' area lookup: codes old and new, E-codes, and names read by the project's one name matcher."""

from __future__ import annotations

import pytest

from kpi.core.names import NameIndex
from tests.loaders.helpers import areas


@pytest.fixture(scope="module")
def lookup():
    return areas()


@pytest.mark.parametrize(
    "name, code",
    [
        ("Barking & Dagenham", "E09000002"),
        ("London Borough of Barking and Dagenham", "E09000002"),
        ("Shepway", "E07000112"),  # renamed Folkestone and Hythe in 2018
        ("Bristol, City of", "E06000023"),
        ("Nowhere Borough", None),
    ],
)
def test_names_are_matched_as_the_rest_of_the_project_matches_them(lookup, name, code):
    assert lookup.by_name(name) == code
    assert isinstance(lookup.names, NameIndex)
    assert lookup.names.match(name).code == code


def test_former_codes_and_ecodes_give_the_current_code(lookup):
    assert lookup.gss("E06000048") == "E06000057"  # Northumberland's code changed without a boundary change
    assert lookup.gss("", "E5030") == "E09000002"
    assert lookup.gss("E92000001") is None  # England is not a council
