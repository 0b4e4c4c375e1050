"""Who may write for which council: the officers' allow-list, as pure functions.

The allow-list maps an e-mail address or a whole domain ("@example.gov.uk") to the GSS codes of the councils
that officer may write for; "*" means every council. A domain entry applies to everyone in it; an address entry
adds to its domain's councils. Matching ignores case. Anyone not listed is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

LOCAL, SIGNED_IN, READ_ONLY, SIGNED_OUT = "local", "signed_in", "read_only", "signed_out"
ALL = "*"


@dataclass(frozen=True)
class Access:
    mode: str  # local (no sign-in configured), signed_in, read_only, signed_out
    who: str  # e-mail or "local user"; goes into the audit trail
    councils: frozenset[str] | None  # councils the person may write for; None = any (local mode)

    @property
    def can_write(self) -> bool:
        return self.mode == LOCAL or (self.mode == SIGNED_IN and bool(self.councils or self.councils is None))

    def may_write_for(self, area_code: str) -> bool:
        return self.can_write and (self.councils is None or area_code in self.councils)


def _codes(value: object) -> set[str]:
    if isinstance(value, str):
        value = [value]
    return {str(v).strip().upper() if str(v).strip() != ALL else ALL for v in (value or [])}


def allowed_councils(email: str, officers: dict[str, object]) -> frozenset[str] | None:
    """Councils an address may write for: frozenset (maybe empty = not on the list), or None for every council."""
    email = (email or "").strip().lower()
    if "@" not in email:
        return frozenset()
    domain = "@" + email.rsplit("@", 1)[1]
    codes: set[str] = set()
    for key, value in (officers or {}).items():
        key = str(key).strip().lower()
        if key in (email, domain):
            codes |= _codes(value)
    if ALL in codes:
        return None
    return frozenset(codes)


def resolve_access(*, auth_configured: bool, logged_in: bool, email: str, officers: dict[str, object]) -> Access:
    """The write rights of this session."""
    if not auth_configured:
        return Access(LOCAL, "local user", None)
    if not logged_in:
        return Access(SIGNED_OUT, "", frozenset())
    councils = allowed_councils(email, officers)
    if councils is not None and not councils:
        return Access(READ_ONLY, email, frozenset())
    return Access(SIGNED_IN, email, councils)


def is_administrator(email: str, administrators: list[str] | tuple[str, ...]) -> bool:
    """Whether a signed-in address may update the official data (Data sources page): listed by address or by
    "@domain" in [kpi] administrators. Matching ignores case; officers' council rights do not count."""
    email = (email or "").strip().lower()
    if "@" not in email:
        return False
    listed = {str(a).strip().lower() for a in administrators or ()}
    return email in listed or "@" + email.rsplit("@", 1)[1] in listed
