"""Who may write for which council: the officers' allow-list, as pure functions.

The allow-list maps an e-mail address or a whole domain ("@example.gov.uk") to the GSS codes of the councils
that officer may write for; "*" means every council. A domain entry applies to everyone in it; an address entry
adds to its domain's councils. Matching ignores case. Anyone not listed is read-only.

Which address a sign-in stands for (`signed_in_address`) is decided from the provider's claims, not taken on
trust: when the provider says the address is not verified (`email_verified` false) it is not used; and a Microsoft
Entra sign-in (a `tid` claim) counts only from a tenant the deployment trusts (`[kpi] tenant_ids`, or the tenant
named in the sign-in metadata address), so an address claimed in another organisation's tenant never matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

LOCAL, SIGNED_IN, READ_ONLY, SIGNED_OUT = "local", "signed_in", "read_only", "signed_out"
ALL = "*"


@dataclass(frozen=True)
class Access:
    mode: str  # local (no sign-in configured), signed_in, read_only, signed_out
    who: str  # e-mail or "local user"; goes into the audit trail
    councils: frozenset[str] | None  # councils the person may write for; None = any (local mode)
    reason: str = ""  # why a signed-in person is read-only although their address may be listed

    @property
    def can_write(self) -> bool:
        return self.mode == LOCAL or (self.mode == SIGNED_IN and bool(self.councils or self.councils is None))

    def may_write_for(self, area_code: str) -> bool:
        return self.can_write and (self.councils is None or area_code in self.councils)


def _codes(value: object) -> set[str]:
    if isinstance(value, str):
        value = [value]
    return {str(v).strip().upper() if str(v).strip() != ALL else ALL for v in (value or [])}


_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")
NOT_ONE_ADDRESS = "the address is not one local part and one domain (name@domain)"


def address_problem(email: str) -> str:
    """Why an address cannot be matched to the allow-list ("" when it can): exactly one local part, one "@" and one
    domain, no spaces. `x@evil.com@council.gov.uk` is refused, never read by its last "@"."""
    return "" if _ADDRESS.fullmatch((email or "").strip()) else NOT_ONE_ADDRESS


def _domain(email: str) -> str | None:
    """ "@domain" of a well-formed address (lower case), None for anything else."""
    return None if address_problem(email) else "@" + email.strip().lower().split("@")[1]


def allowed_councils(email: str, officers: dict[str, object]) -> frozenset[str] | None:
    """Councils an address may write for: frozenset (maybe empty = not on the list), or None for every council."""
    email = (email or "").strip().lower()
    domain = _domain(email)
    if domain is None:
        return frozenset()
    codes: set[str] = set()
    for key, value in (officers or {}).items():
        key = str(key).strip().lower()
        if key in (email, domain):
            codes |= _codes(value)
    if ALL in codes:
        return None
    return frozenset(codes)


ADDRESS_CLAIMS = ("email", "preferred_username", "upn")  # Entra often sends no `email`: its sign-in name instead
_ENTRA_ISSUERS = ("https://login.microsoftonline.com/", "https://sts.windows.net/")
_SHARED_TENANTS = {"common", "organizations", "consumers"}


def _true(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1")


def tenant_in_metadata_url(url: object) -> str | None:
    """The tenant id in an Entra metadata address (login.microsoftonline.com/<tenant>/v2.0/...); None for the
    shared endpoints (common, organizations, consumers) that accept any tenant."""
    match = re.match(r"^https://login\.microsoftonline\.com/([^/]+)/", str(url or ""))
    tenant = match.group(1).lower() if match else None
    return None if tenant in _SHARED_TENANTS else tenant


def signed_in_address(claims: Mapping[str, object], *, tenants: frozenset[str]) -> tuple[str, str]:
    """(address to match on the allow-list, reason it may not be used: "" when it may)."""
    address = next((str(claims[c]) for c in ADDRESS_CLAIMS if claims.get(c) and "@" in str(claims[c])), "")
    if address and address_problem(address):
        return address, address_problem(address)
    if "email_verified" in claims and not _true(claims["email_verified"]):
        return address, "the sign-in provider has not verified this address"
    entra = "tid" in claims or str(claims.get("iss") or "").startswith(_ENTRA_ISSUERS)
    if entra:
        tenant = str(claims.get("tid") or "").strip().lower()
        if not tenants:
            return address, "no Microsoft Entra tenant is trusted yet (the administrator sets [kpi] tenant_ids)"
        if tenant not in {t.lower() for t in tenants}:
            return address, "this sign-in comes from a Microsoft Entra tenant this dashboard does not trust"
    return address, ""


def resolve_access(
    *, auth_configured: bool, logged_in: bool, email: str, officers: dict[str, object], refused: str = ""
) -> Access:
    """The write rights of this session (`refused`: why the signed-in address may not be used, if it may not)."""
    if not auth_configured:
        return Access(LOCAL, "local user", None)
    if not logged_in:
        return Access(SIGNED_OUT, "", frozenset())
    if refused:
        return Access(READ_ONLY, email or "an unverified address", frozenset(), refused)
    councils = allowed_councils(email, officers)
    if councils is not None and not councils:
        return Access(READ_ONLY, email, frozenset())
    return Access(SIGNED_IN, email, councils)


def with_current_codes(access: Access, former: Mapping[str, str]) -> Access:
    """The councils an officer is listed for under a former code (a provisional code ONS has since replaced) are
    theirs under the code they have now too, so a recode takes no one's rights away."""
    if not access.councils:
        return access
    return replace(access, councils=access.councils | {former[c] for c in access.councils if c in former})


def is_administrator(email: str, administrators: list[str] | tuple[str, ...]) -> bool:
    """Whether a signed-in address may update the official data (Data sources page): listed by address or by
    "@domain" in [kpi] administrators. Matching ignores case; officers' council rights do not count."""
    email = (email or "").strip().lower()
    domain = _domain(email)
    if domain is None:
        return False
    listed = {str(a).strip().lower() for a in administrators or ()}
    return email in listed or domain in listed
