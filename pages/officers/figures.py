"""Upload council figures: template, validation, preview, confirm as one new version, history and rollback."""

from __future__ import annotations

import streamlit as st

from kpi.officers.figures import flow
from kpi.officers.files.tabular import MAX_BYTES
from ui import auth, officers
from ui import figures as uploads
from ui.data import data_key, get_store
from ui.render import prose
from ui.writable import writable_figures

store = get_store()
access = auth.current_access()
ss = st.session_state
ss.setdefault("upload_round", 0)
head = data_key().uploads  # the latest version of the council-supplied figures, as this run reads them
# The version this officer was shown in the previous run: a click is a rerun, so a confirm or a rollback is
# checked against what the officer actually saw, and refused if someone saved a version since.
seen = ss.get("upload_head_shown")
page = uploads.UploadPage(
    store=store, figures=writable_figures(), access=access, head=head, seen=head if seen is None else seen
)

st.title("Upload council figures")
auth.access_banner(access, area_name=store.catalogue.area_name)
prose("upload_intro")
with st.expander("How to fill in the file", expanded=False):
    prose("upload_guide", max_mb=MAX_BYTES // 1024 // 1024)
uploads.template_buttons()
officers.show_message(uploads.MESSAGE)

st.header("Upload a file")
if not access.can_write:
    st.caption("Uploading is open to signed-in officers on the allow-list.")
else:
    uploaded = st.file_uploader(
        "Council figures (CSV or Excel .xlsx)",
        type=["csv", "xlsx"],
        key=f"upload_file_{ss['upload_round']}",
        help="Nothing is saved until you confirm the preview.",
    )
    parsed = uploaded and officers.read_file(
        uploaded,
        lambda data, name, size: flow.read_upload(data, name, size, store.catalogue, access),
        memo=uploads.PARSED,
        extra=(None if access.councils is None else tuple(sorted(access.councils)), head),
    )
    if parsed:
        uploads.checked_file(page, uploaded, parsed)
    elif not uploaded:
        ss.pop(uploads.PARSED, None)

st.header("History")
uploads.history_section(page)
ss["upload_head_shown"] = head
