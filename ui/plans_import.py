"""The 'Import a plan' tab of the Action plans page: read a plan, let the officer say which column is which when
the file's headers leave it open, preview it and save it as a new version."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from kpi.officers.files.tabular import sha256
from kpi.officers.plans import flow
from kpi.officers.plans.columns import LABELS, NEEDED
from ui import officers, render
from ui.plans import MESSAGE, OPEN_NEXT, TABS, PlanPage
from ui.render import escape

MAPPING = "actions_mapping"  # (SHA-256 of the file, field -> column) chosen in the mapping step
PARSED = "actions_parsed"  # the file read last, kept for this session only (ui.officers.read_file)
EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "examples" / "EXAMPLE_action_plan.csv"


def import_tab(page: PlanPage) -> None:
    render.prose("plan_import")
    st.download_button(
        "Download an example plan (CSV)",
        EXAMPLE.read_bytes,
        file_name=EXAMPLE.name,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    if not page.writable:
        st.caption("Importing is open to officers who may write for this council.")
        return
    ss = st.session_state
    uploaded = st.file_uploader(
        "Action plan (CSV or Excel .xlsx)", type=["csv", "xlsx"], key=f"actions_file_{ss['actions_round']}"
    )
    if not uploaded:
        ss.pop(PARSED, None)
        return
    digest = sha256(uploaded.getvalue())
    chosen_for, chosen = ss.get(MAPPING, ("", {}))
    mapping = chosen if chosen_for == digest else None
    parsed = officers.read_file(
        uploaded,
        lambda d, n, s: flow.read_plan(d, n, s, page.known, mapping=mapping),
        memo=PARSED,
        extra=(tuple(sorted((mapping or {}).items())), len(page.known)),
    )
    if parsed is None:
        return
    if parsed.unidentified:
        names = ", ".join(LABELS[f] for f in parsed.unidentified)
        st.warning(
            f"The file's headers do not say which column holds: {names}. Choose the column for each, then "
            "**Use these columns**. Nothing is saved until you confirm the preview.",
            icon=":material/table_view:",
        )
        _column_choice(parsed, digest)
    elif parsed.problems:
        officers.show_problems(
            parsed.problem_table(),
            key="actions_problems",
            intro="Fix these cells and import the file again (rows numbered as in Excel).",
        )
    else:
        _preview(page, uploaded, parsed, chosen=mapping is not None)
    if parsed.columns and not parsed.unidentified:
        with st.expander("Change which column holds what"):
            _column_choice(parsed, digest)


def _column_choice(parsed, digest: str) -> None:
    """A select box per needed field, prefilled with the column found or the best guess; 'Use these columns' reads
    the file again with that choice."""
    options = list(parsed.columns)
    choice = {}
    for slot, name in zip(st.columns(len(NEEDED)), NEEDED):
        guess = parsed.mapping.get(name)
        choice[name] = slot.selectbox(
            LABELS[name],
            options,
            index=options.index(guess) if guess in options else 0,
            key=f"actions_map_{name}_{digest[:12]}",
            format_func=lambda c: parsed.columns.get(c, c)[:80],
        )
    if st.button("Use these columns", key="actions_use_columns", type="primary"):
        st.session_state[MAPPING] = (digest, choice)
        st.rerun()


def _preview(page: PlanPage, uploaded, parsed, *, chosen: bool) -> None:
    ss = st.session_state
    used = "; ".join(f"{LABELS[f]}: {escape(parsed.columns.get(c, c)[:80])}" for f, c in parsed.mapping.items())
    st.caption(f"Columns {'as you chose them' if chosen else 'read as'}: {used}.")
    st.markdown(
        f"**{len(parsed.actions)} actions** read. Check them, then confirm to replace {page.name}'s "
        f"current plan (version {page.head}) with a new version."
    )
    st.dataframe(parsed.actions.drop(columns="_excel_row"), hide_index=True, width="stretch", key="actions_preview")
    if st.button("Confirm and save the plan", type="primary", key="actions_confirm"):
        officers.save_file(
            partial(flow.save_import, page.plans, page.area, parsed),
            uploaded,
            access=page.access,
            expected_head=page.seen,
            message_key=MESSAGE,
            after=lambda: (
                ss.update(actions_round=ss["actions_round"] + 1, **{OPEN_NEXT: TABS[0]}),
                ss.pop(PARSED, None),
            ),
        )
