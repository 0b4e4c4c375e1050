"""Sign-in glue: is Streamlit authentication configured, who is signed in, what may they write.

Configuration (secrets.toml): an [auth] section (OIDC, see the README) turns sign-in on, and [kpi.officers] maps
an e-mail address or "@domain" to the GSS codes that officer may write for ("*" = every council). Without [auth]
the app runs in local single-user mode: whoever can open it may write. For Microsoft Entra, [kpi] tenant_ids lists
the tenants whose sign-ins count (the tenant in [auth] server_metadata_url counts too); kpi.officers.access says
how the claims are checked.
"""

from __future__ import annotations

import streamlit as st

from kpi.officers.access import (
    ADDRESS_CLAIMS,
    LOCAL,
    READ_ONLY,
    SIGNED_IN,
    SIGNED_OUT,
    Access,
    is_administrator,
    resolve_access,
    signed_in_address,
    tenant_in_metadata_url,
    with_current_codes,
)
from ui.data import get_store
from ui.render import escape

_CLAIMS = (*ADDRESS_CLAIMS, "email_verified", "tid", "iss")


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises instead of returning an empty mapping
        return {}


def auth_configured(secrets: dict | None = None) -> bool:
    return bool((_secrets() if secrets is None else secrets).get("auth"))


def officers(secrets: dict | None = None) -> dict:
    return dict((_secrets() if secrets is None else secrets).get("kpi", {}).get("officers", {}) or {})


def trusted_tenants(secrets: dict | None = None) -> frozenset[str]:
    """Microsoft Entra tenants whose sign-ins count: [kpi] tenant_ids, and the tenant of any metadata address."""
    secrets = _secrets() if secrets is None else secrets
    listed = secrets.get("kpi", {}).get("tenant_ids", []) or []
    auth = secrets.get("auth", {}) or {}
    providers = [auth, *(v for v in auth.values() if isinstance(v, dict))]
    named = (tenant_in_metadata_url(p.get("server_metadata_url")) for p in providers)
    return frozenset(str(t).strip().lower() for t in [*listed, *named] if t and str(t).strip())


def _claims() -> dict:
    """The sign-in's claims this app reads (an address, whether it is verified, the Entra tenant and issuer)."""
    if not hasattr(st.user, "get"):
        return {}
    return {claim: st.user.get(claim) for claim in _CLAIMS if st.user.get(claim) is not None}


def current_access() -> Access:
    secrets = _secrets()  # read once a run: each read copies every secret
    configured = auth_configured(secrets)
    logged_in = bool(getattr(st.user, "is_logged_in", False)) if configured else False
    email, refused = signed_in_address(_claims(), tenants=trusted_tenants(secrets)) if logged_in else ("", "")
    access = resolve_access(
        auth_configured=configured, logged_in=logged_in, email=email, officers=officers(secrets), refused=refused
    )
    return with_current_codes(access, get_store().catalogue.former)  # listed under a provisional code since recoded


def access_banner(access: Access, *, area_name=lambda c: c) -> None:
    """Say plainly who is writing, or why this session cannot."""
    if access.mode == LOCAL:
        st.info(
            "Local single-user mode: sign-in is not configured, so anyone who can open this app can upload figures "
            "and edit action plans. Configure sign-in (see the README) before sharing it.",
            icon=":material/person:",
        )
    elif access.mode == SIGNED_OUT:
        st.warning(
            "Sign in to upload figures or edit action plans. Everyone can read the dashboard.", icon=":material/lock:"
        )
        if st.button("Sign in", key="sign_in", type="primary"):
            st.login()
    elif access.mode == READ_ONLY and access.reason:
        st.warning(
            f"Signed in as {escape(access.who)}, but {access.reason}, so this session is read-only. Sign in with your "
            "organisation's account, or ask the dashboard's administrator.",
            icon=":material/lock:",
        )
    elif access.mode == READ_ONLY:
        st.warning(
            f"Signed in as {escape(access.who)}, who is not on the officers' allow-list: read-only. Ask the "
            "dashboard's administrator to add you.",
            icon=":material/lock:",
        )
    elif access.mode == SIGNED_IN:
        where = (
            "every council"
            if access.councils is None
            else ", ".join(f"{area_name(c)} ({c})" for c in sorted(access.councils))
        )
        st.success(f"Signed in as {escape(access.who)}; you may write for {where}.", icon=":material/verified_user:")
    if access.mode in (SIGNED_IN, READ_ONLY) and st.button("Sign out", key="sign_out"):
        st.logout()


def administrator(access: Access) -> bool:
    """May this session update the official data? Anyone in local mode; otherwise a signed-in address listed in
    [kpi] administrators (secrets.toml), whose sign-in passed the address checks (verified, trusted tenant)."""
    if access.mode == LOCAL:
        return True
    if access.reason:  # the address was refused (unverified, or another tenant): it counts for nothing
        return False
    admins = _secrets().get("kpi", {}).get("administrators", []) or []
    return access.mode in (SIGNED_IN, READ_ONLY) and is_administrator(access.who, list(admins))


__all__ = ["current_access", "access_banner", "auth_configured", "LOCAL", "SIGNED_IN", "READ_ONLY", "SIGNED_OUT"]
