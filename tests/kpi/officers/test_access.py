"""The officers' allow-list: addresses, domains, every council, read-only, local mode."""

from kpi.officers.access import LOCAL, READ_ONLY, SIGNED_IN, SIGNED_OUT, allowed_councils, resolve_access

OFFICERS = {
    "a@barking.example.gov.uk": ["E09000002"],
    "@bexley.example.gov.uk": ["e09000004"],
    "b@bexley.example.gov.uk": "E09000002",
    "admin@example.gov.uk": ["*"],
}


def test_address_domain_and_star():
    assert allowed_councils("A@Barking.example.gov.uk", OFFICERS) == {"E09000002"}
    assert allowed_councils("x@bexley.example.gov.uk", OFFICERS) == {"E09000004"}
    assert allowed_councils("b@bexley.example.gov.uk", OFFICERS) == {"E09000002", "E09000004"}
    assert allowed_councils("admin@example.gov.uk", OFFICERS) is None
    assert allowed_councils("someone@elsewhere.org", OFFICERS) == frozenset()
    assert allowed_councils("", OFFICERS) == frozenset()


def test_modes():
    assert resolve_access(auth_configured=False, logged_in=False, email="", officers={}).mode == LOCAL
    local = resolve_access(auth_configured=False, logged_in=False, email="", officers={})
    assert local.can_write and local.may_write_for("E09000004") and local.who == "local user"
    out = resolve_access(auth_configured=True, logged_in=False, email="", officers=OFFICERS)
    assert out.mode == SIGNED_OUT and not out.can_write
    ro = resolve_access(auth_configured=True, logged_in=True, email="x@elsewhere.org", officers=OFFICERS)
    assert ro.mode == READ_ONLY and not ro.can_write
    officer = resolve_access(auth_configured=True, logged_in=True, email="a@barking.example.gov.uk", officers=OFFICERS)
    assert officer.mode == SIGNED_IN and officer.may_write_for("E09000002") and not officer.may_write_for("E09000004")
