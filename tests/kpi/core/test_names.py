"""One council-name matcher: the picker's links and the command line, an upload and the area loader read a name the
same way, typos included."""

from __future__ import annotations

import pytest

from kpi.core.catalogue import UnknownError
from kpi.core.names import name_key
from kpi.officers.figures.read import parse_upload
from loaders.areas import AreaLookup

ROOT_DATA = __import__("pathlib").Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def lookup():
    return AreaLookup.from_dir(ROOT_DATA)


@pytest.mark.parametrize(
    "written,code",
    [
        ("Barkng and Dagenham", "E09000002"),  # a typo
        ("London Borough of Barking & Dagenham", "E09000002"),  # the official name, with an ampersand
        ("Kingston upon Hull, City of", "E06000010"),
        ("King's Lynn and West Norfolk", "E07000146"),
        ("St. Helens", "E08000013"),
        ("Shepway", "E07000112"),  # renamed Folkestone and Hythe in 2018
        ("Somerset", "E06000066"),  # the unitary, not the abolished county
    ],
)
def test_a_name_is_matched_the_same_way_everywhere(store, lookup, written, code):
    picked = store.catalogue.resolve_area(written)  # links (?area=...) and `python -m kpi --area`
    uploaded = parse_upload(
        f'area_name,metric_id,period,value\n"{written}",fte,2023-24,10\n'.encode(), "f.csv", store.catalogue
    )
    loaded = lookup.by_name(written)  # official files that name councils
    assert picked == uploaded.rows["area_code"].iloc[0] == loaded == code


def test_an_unknown_name_is_refused_everywhere_with_the_same_suggestions(store, lookup):
    with pytest.raises(UnknownError) as err:
        store.catalogue.resolve_area("Barking")
    assert "E09000002 (Barking and Dagenham)" in str(err.value)
    uploaded = parse_upload(b"area_name,metric_id,period,value\nBarking,fte,2023-24,10\n", "f.csv", store.catalogue)
    assert "E09000002 (Barking and Dagenham)" in uploaded.problems[0].expected
    assert lookup.by_name("Barking") is None


def test_no_two_current_councils_share_a_key_and_none_is_empty(store):
    current = store.catalogue.current_areas()
    keys = [name_key(n) for n in current["area_name"]]
    assert len(set(keys)) == len(keys) and all(keys)
    assert name_key("City of London") == "city of london"
