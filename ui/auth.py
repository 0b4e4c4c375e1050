"""Sign-in glue: is Streamlit authentication configured, who is signed in, what may they write.

Configuration (secrets.toml): an [auth] section (OIDC, see the README) turns sign-in on, and [kpi.officers] maps
an e-mail address or "@domain" to the GSS codes that officer may write for ("*" = every council). Without [auth]
the app runs in local single-user mode: whoever can open it may write.
"""

from __future__ import annotations

import streamlit as st

from kpi.officers.access import LOCAL, READ_ONLY, SIGNED_IN, SIGNED_OUT, Access, is_administrator, resolve_access


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises instead of returning an empty mapping
        return {}


def auth_configured() -> bool:
    return bool(_secrets().get("auth"))


def officers() -> dict:
    return dict(_secrets().get("kpi", {}).get("officers", {}) or {})


def _email() -> str:
    """The address to match on the allow-list. Microsoft Entra ID often sends no `email` claim: fall back to
    `preferred_username` (the sign-in name, usually the address) and then `upn`."""
    for claim in ("email", "preferred_username", "upn"):
        value = st.user.get(claim) if hasattr(st.user, "get") else None
        if value and "@" in str(value):
            return str(value)
    return ""


def current_access() -> Access:
    configured = auth_configured()
    logged_in = bool(getattr(st.user, "is_logged_in", False)) if configured else False
    return resolve_access(
        auth_configured=configured, logged_in=logged_in, email=_email() if logged_in else "", officers=officers()
    )


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
    elif access.mode == READ_ONLY:
        st.warning(
            f"Signed in as {access.who}, who is not on the officers' allow-list: read-only. Ask the "
            "dashboard's administrator to add you.",
            icon=":material/lock:",
        )
    elif access.mode == SIGNED_IN:
        where = (
            "every council"
            if access.councils is None
            else ", ".join(f"{area_name(c)} ({c})" for c in sorted(access.councils))
        )
        st.success(f"Signed in as {access.who}; you may write for {where}.", icon=":material/verified_user:")
    if access.mode in (SIGNED_IN, READ_ONLY) and st.button("Sign out", key="sign_out"):
        st.logout()


def administrator(access: Access) -> bool:
    """May this session update the official data? Anyone in local mode; otherwise a signed-in address listed in
    [kpi] administrators (secrets.toml)."""
    if access.mode == LOCAL:
        return True
    admins = _secrets().get("kpi", {}).get("administrators", []) or []
    return access.mode in (SIGNED_IN, READ_ONLY) and is_administrator(access.who, list(admins))


__all__ = ["current_access", "access_banner", "auth_configured", "LOCAL", "SIGNED_IN", "READ_ONLY", "SIGNED_OUT"]
