"""The officers' allow-list: addresses, domains, every council, read-only, local mode."""

from kpi.officers.access import (
    LOCAL,
    READ_ONLY,
    SIGNED_IN,
    SIGNED_OUT,
    Access,
    allowed_councils,
    resolve_access,
    with_current_codes,
)

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


# Defect 10: the address a sign-in stands for is checked, not taken on trust.
TENANT = "11111111-2222-3333-4444-555555555555"
OTHER = "99999999-8888-7777-6666-555555555555"


def test_an_address_the_provider_has_not_verified_is_not_used():
    from kpi.officers.access import signed_in_address

    address, refused = signed_in_address(
        {"email": "a@barking.example.gov.uk", "email_verified": False}, tenants=frozenset()
    )
    assert address == "a@barking.example.gov.uk" and "not verified" in refused
    for verified in (True, "true", "True"):
        assert signed_in_address({"email": "a@x.gov.uk", "email_verified": verified}, tenants=frozenset())[1] == ""
    assert signed_in_address({"email": "a@x.gov.uk", "email_verified": "false"}, tenants=frozenset())[1]
    access = resolve_access(auth_configured=True, logged_in=True, email=address, officers=OFFICERS, refused=refused)
    assert access.mode == READ_ONLY and not access.can_write and access.reason == refused


def test_an_entra_sign_in_counts_only_from_a_trusted_tenant():
    from kpi.officers.access import signed_in_address

    claims = {"preferred_username": "a@barking.example.gov.uk", "tid": OTHER}
    assert "does not trust" in signed_in_address(claims, tenants=frozenset({TENANT}))[1]
    assert signed_in_address({**claims, "tid": TENANT.upper()}, tenants=frozenset({TENANT})) == (
        "a@barking.example.gov.uk",
        "",
    )
    assert "tenant_ids" in signed_in_address(claims, tenants=frozenset())[1]  # Entra with no tenant trusted yet
    issuer_only = {"email": "a@x.gov.uk", "iss": f"https://login.microsoftonline.com/{OTHER}/v2.0"}
    assert signed_in_address(issuer_only, tenants=frozenset({TENANT}))[1]  # no tid at all: not trusted either
    assert signed_in_address({"email": "a@x.gov.uk"}, tenants=frozenset()) == ("a@x.gov.uk", "")  # other providers


def test_the_tenant_of_a_metadata_address():
    from kpi.officers.access import tenant_in_metadata_url

    url = f"https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"
    assert tenant_in_metadata_url(url) == TENANT
    assert tenant_in_metadata_url("https://login.microsoftonline.com/common/v2.0/.well-known/x") is None
    assert tenant_in_metadata_url("https://accounts.google.com/.well-known/openid-configuration") is None


def test_an_address_with_more_than_one_at_is_refused_with_the_reason():
    """`x@evil.com@bexley.example.gov.uk` was matched by its last @ to Bexley's domain entry."""
    from kpi.officers.access import address_problem, is_administrator, signed_in_address

    for bad in ("x@evil.com@bexley.example.gov.uk", "@bexley.example.gov.uk", "x@", "a b@bexley.example.gov.uk"):
        assert address_problem(bad), bad
        assert allowed_councils(bad, OFFICERS) == frozenset()
        assert not is_administrator(bad, ["@bexley.example.gov.uk"])
    address, refused = signed_in_address({"email": "x@evil.com@bexley.example.gov.uk"}, tenants=frozenset())
    assert address == "x@evil.com@bexley.example.gov.uk" and "one local part and one domain" in refused
    access = resolve_access(auth_configured=True, logged_in=True, email=address, officers=OFFICERS, refused=refused)
    assert access.mode == READ_ONLY and not access.may_write_for("E09000004") and access.reason == refused
    assert address_problem("x@bexley.example.gov.uk") == ""


def test_a_recode_keeps_an_officers_rights_under_the_new_code():
    listed = Access(SIGNED_IN, "officer@eastsurrey.example.gov.uk", frozenset({"E06X00001"}))
    after = with_current_codes(listed, {"E06X00001": "E06000099"})
    assert after.may_write_for("E06000099") and after.may_write_for("E06X00001")
    assert with_current_codes(listed, {}) == listed
    everyone = Access(LOCAL, "local user", None)
    assert with_current_codes(everyone, {"E06X00001": "E06000099"}) is everyone
