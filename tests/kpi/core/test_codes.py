"""Council codes: ONS GSS codes and the provisional codes the dashboard issues, which can never be a real one."""

import pytest

from kpi.core import codes


@pytest.mark.parametrize("code", ["E06000066", "e09000002", "W06000001", " E10000030 "])
def test_gss_codes(code):
    assert codes.is_gss(code) and codes.is_council_code(code) and not codes.is_provisional(code)


@pytest.mark.parametrize("code", ["E06X00001", "e07x00012", "E10X00001"])
def test_provisional_codes_fit_nine_characters_and_are_never_gss_codes(code):
    assert codes.is_provisional(code) and codes.is_council_code(code) and not codes.is_gss(code)
    assert len(codes.clean(code)) == 9


@pytest.mark.parametrize("text", ["", "E06X0001", "E06XX0001", "X06000001", "E0600006", "Surrey", "E06X000012"])
def test_anything_else_is_neither(text):
    assert not codes.is_council_code(text)


def test_the_next_provisional_code_is_one_no_council_has_of_that_type():
    taken = ["E06X00001", "E06X00002", "E07X00001", "E06000066"]
    assert codes.next_provisional("unitary", taken) == "E06X00003"
    assert codes.next_provisional("shire_district", taken) == "E07X00002"
    assert codes.next_provisional("county", taken) == "E10X00001"
    assert codes.provisional_entity("E06X00003") == "06" and codes.provisional_entity("E06000066") == ""
