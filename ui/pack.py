"""The Report pack page's controls, its "Make pack" step with a progress bar, and the downloads.

The made files live in this session's state, keyed by everything they were made from (never in a shared
cache): change a control and the old files are no longer offered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from kpi.calc.comparators import ComparatorGroup
from kpi.core.catalogue import UnknownError
from kpi.core.periods import PeriodError
from kpi.model.store import Store
from kpi.storage.plans import PlanStore
from kpi.views.pack.build import PackError, PackRequest
from kpi.views.pack.inputs import MAX_MEASURES
from kpi.views.pack.plan import plan_input
from reports import pdf
from reports.make import DOCX, FORMATS, PDF, make_pack
from ui import state
from ui.data import data_key, db_url, get_database, get_exporter
from ui.render import escape
from ui.views import cached_comparators, cached_pack_measures

MADE = "pack_made"


@dataclass(frozen=True)
class PackChoice:
    request: PackRequest
    formats: tuple[str, ...]

    @property
    def key(self) -> tuple:
        return (data_key(), self.request, self.formats)


def controls(store: Store, *, area: str, since: str, to: str, group: ComparatorGroup) -> PackChoice:
    """The pack's measures, formats and date; council, years and comparators are the profile's (sidebar and above)."""
    defaults, labels = cached_pack_measures(area, since)
    st.multiselect(
        "Measures",
        list(labels),
        default=list(defaults),
        key=f"pack_measures_{area}",
        format_func=labels.__getitem__,
        max_selections=MAX_MEASURES,
        help=f"Up to {MAX_MEASURES}; the profile's cards to start with. A measure without figures stays in the "
        "pack and says so.",
    )
    measures = tuple(st.session_state[f"pack_measures_{area}"])
    as_of = _as_of()
    comparators = cached_comparators(area, group)
    label = comparators.label or "no comparison"
    st.caption(f"Comparators: {escape(label)} (change them in the sidebar); from {since} to {to or 'the latest year'}.")
    formats = _formats()
    request = PackRequest(area, since=since, to=to or None, group=group, measures=measures, as_of=as_of)
    return PackChoice(replace(request, options=_options()), formats)


def _options():
    """The Reorganisation page's options, as a section of their own if the officer keeps them in."""
    chosen = state.options()
    if not chosen.options:
        return None
    names = ", ".join(o.name for o in chosen.options)
    keep = st.checkbox(f"Add the reorganisation options ({escape(names)}) as a section", value=True, key="pack_opt")
    return chosen if keep else None


def _as_of() -> dt.date:
    """Overdue actions as of today, or a date the officer chooses (the date field only when asked for: its day,
    month and year parts are small targets, a gap of Streamlit's date input listed in the accessibility
    statement)."""
    today = dt.date.today()
    if not st.checkbox(f"Overdue actions as of another date than today ({today:%d/%m/%Y})", key="pack_as_of_other"):
        return today
    return st.date_input("Overdue actions as of", value=today, key="pack_as_of", format="DD/MM/YYYY")


def _formats() -> tuple[str, ...]:
    reason = pdf.unavailable_reason()
    left, right = st.columns(2)
    with left:
        word = st.checkbox("Word document (.docx)", value=True, key="pack_docx")
    with right:
        pdf_ = st.checkbox("PDF (tagged, accessible)", value=not reason, key="pack_pdf", disabled=bool(reason))
    if reason:
        st.warning(escape(reason), icon=":material/picture_as_pdf:")
    if exporter_reason := get_exporter().unavailable_reason:
        st.warning(f"The pack will have no chart images: {escape(exporter_reason)}", icon=":material/image:")
    return tuple(f for f, on in ((DOCX, word), (PDF, pdf_ and not reason)) if on)


def _plan(area: str):
    try:
        return plan_input(PlanStore(get_database(db_url())), area)
    except SQLAlchemyError as exc:
        st.warning(f"The action plan cannot be read ({type(exc).__name__}); the pack leaves it out.")
        return None


def make(store: Store, choice: PackChoice) -> None:
    """Make the files, showing each step, and keep them for this session."""
    if not choice.formats:
        st.error("Choose Word, PDF or both.")
        return
    bar = st.progress(0.0, text="Starting")
    try:
        made = make_pack(
            store,
            choice.request,
            formats=choice.formats,
            exporter=get_exporter(),
            made=dt.datetime.now().replace(microsecond=0),
            plan=_plan(choice.request.area_code),
            progress=lambda fraction, text: bar.progress(min(max(fraction, 0.0), 1.0), text=text),
        )
    except (PackError, UnknownError, PeriodError, pdf.PdfUnavailable) as exc:
        bar.empty()
        st.error(f"The pack could not be made: {escape(str(exc))}")
        return
    files = tuple((f.fmt, f.label, f.name, f.mime, f.data) for f in made.files)
    st.session_state[MADE] = {"key": choice.key, "files": files, "notes": made.notes}


def downloads(choice: PackChoice) -> None:
    kept = st.session_state.get(MADE)
    if not kept:
        return
    if kept["key"] != choice.key:
        st.caption("The choices changed since the last pack was made: make it again to download it.")
        return
    for note in kept["notes"]:
        st.warning(escape(note), icon=":material/image:")
    columns = st.columns(len(FORMATS))
    for column, (fmt, label, name, mime, data) in zip(columns, kept["files"]):
        with column:
            st.download_button(
                f"Download {label}",
                data=data,
                file_name=name,
                mime=mime,
                key=f"pack_download_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                type="primary",
            )
