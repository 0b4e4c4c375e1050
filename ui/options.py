"""The Reorganisation page's sections: the area, the options (edited as rows, loaded from a file, saved, shared by
the link), the findings, a chart per measure, each option's council tax harmonisation and the table of a row per
proposed council. The options live in the session (ui.state) and in the link; a change goes through the same checks as
a file (kpi.views.options.files), and one refused changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from kpi.calc.options.model import MAX_OPTIONS, OptionSet
from kpi.calc.options.rows import OptionsRefused
from kpi.core.safecsv import to_csv_bytes
from kpi.model.store import Store
from kpi.views.options.files import options_csv, options_frame, read_frame, read_options
from kpi.views.options.view import OptionsView
from ui import officers, render, state
from ui.data import area_options

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"
REFUSED = "The options are as they were."


def _refused(exc: OptionsRefused, key: str) -> None:
    problems = pd.DataFrame([p.as_dict() for p in exc.problems], columns=["row", "column", "value", "expected"])
    officers.show_problems(problems.rename(columns={"expected": "reason"}), intro=REFUSED, key=key)


def area_picker(store: Store) -> None:
    """The area the options are weighed in: councils, a county standing for its whole area."""
    codes, labels = area_options()
    current = [c for c in codes if c in store.catalogue.current_codes]
    chosen = state.options()
    picked = st.multiselect(
        "Area",
        current,
        default=[c for c in chosen.area if c in current],
        key=f"opt_area_{st.session_state.get(state.OPTIONS_VERSION, 0)}",
        format_func=labels.__getitem__,
        placeholder="The councils the options name, with their counties' areas",
        help="Choose a county for its whole area (the county council and its districts), or any councils. A council "
        "of the area that an option leaves out, or puts in two proposed councils, is named under the options.",
    )
    if tuple(picked) != chosen.area:
        state.set_options(replace(chosen, area=tuple(picked)))


def editor(store: Store) -> OptionSet:
    """The options as rows to edit, load and save (open while there are none); returns the options in use."""
    with st.expander("The options: edit, load or save", expanded=not state.options().options, icon=":material/edit:"):
        return _edit(store)


def _edit(store: Store) -> OptionSet:
    chosen = state.options()
    version = st.session_state.get(state.OPTIONS_VERSION, 0)
    uploaded = st.file_uploader(
        "Load options from a file (CSV or Excel: option, proposed_council, area_code, share)",
        type=["csv", "xlsx"],
        key=f"opt_file_{version}",
    )
    if uploaded is not None:
        try:
            _use(read_options(store.catalogue, uploaded.getvalue(), uploaded.name, area=chosen.area))
        except OptionsRefused as exc:
            _refused(exc, key="opt_file_problems")
    edited = st.data_editor(
        options_frame(chosen),
        key=f"opt_rows_{version}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=_columns(store),
    )
    left, middle, right = st.columns(3)
    with left:
        if st.button("Use these options", type="primary", key="opt_apply", icon=":material/check:"):
            try:
                _use(read_frame(store.catalogue, edited, area=chosen.area))
            except OptionsRefused as exc:
                _refused(exc, key="opt_rows_problems")
    with middle:
        st.download_button(
            "Save the options (CSV)",
            data=options_csv(chosen),
            file_name="reorganisation-options.csv",
            mime="text/csv",
            key="opt_save",
            on_click="ignore",
            icon=":material/download:",
            disabled=not chosen.options,
        )
    with right:
        st.download_button(
            "EXAMPLE options file (Worcestershire)",
            data=EXAMPLE.read_bytes(),
            file_name=EXAMPLE.name,
            mime="text/csv",
            key="opt_example",
            on_click="ignore",
            icon=":material/description:",
            help="Sets of councils written for this dashboard as an example, not anyone's proposal.",
        )
    return state.options()


def _columns(store: Store) -> dict:
    """The editor's columns: the options file's, a council picked by name or code."""
    codes, labels = area_options()
    return {
        "option": st.column_config.TextColumn("option", help=f"The option's name (up to {MAX_OPTIONS} options)"),
        "proposed_council": st.column_config.TextColumn("proposed_council", help="The proposed council's name"),
        "area_code": st.column_config.SelectboxColumn(
            "area_code",
            options=[c for c in codes if c in store.catalogue.current_codes],
            format_func=labels.__getitem__,
            help="A current council in it",
        ),
        "share": st.column_config.TextColumn(
            "share", help="Blank: whole, or a county by its districts' population. A % to state a share."
        ),
    }


def _use(options: OptionSet) -> None:
    if options != state.options():
        state.set_options(options)
        st.rerun()


def pounds(frame: pd.DataFrame) -> pd.DataFrame:
    """A harmonisation table for reading: Band D to the penny, a year's change to the pound (downloads keep the
    numbers)."""
    band_d = [c for c in frame.columns if c.endswith(("band_d", "lowest", "average", "highest", "spread"))]
    changes = [c for c in frame.columns if c.startswith("to_")]
    shown = {c: frame[c].map(lambda v: "" if v != v else f"£{v:,.2f}") for c in band_d}
    shown |= {c: frame[c].map(lambda v: "" if v != v else f"{'-' if v < -0.5 else ''}£{abs(v):,.0f}") for c in changes}
    return frame.assign(**shown)


def findings(view: OptionsView) -> None:
    st.caption("Area: " + render.escape(", ".join(view.area)))
    for found in view.findings:
        st.warning(f"**{render.escape(found.option)}:** {render.escape(found.text)}", icon=":material/warning:")


def measure(view: OptionsView, figures: dict, store: Store) -> None:
    """One measure at a time: its chart, text alternative, table and downloads."""
    titles = {b.metric_id: store.catalogue.metric(b.metric_id).title for b in view.measures}
    metric = st.selectbox("Measure", list(titles), format_func=titles.__getitem__, key="opt_measure")
    block = view.measure(metric)
    render.chart_block(
        figures[metric],
        summary=block.summary,
        table=lambda: block.table,
        unit_label=block.unit_label,
        caveats=block.caveats,
        key=f"opt_{metric}",
        export=block.export,
    )
    if block.behind:
        st.caption(
            f"**Older figures:** {block.period} is {block.years_behind} years behind the newest figures in the "
            f"dashboard ({block.newest})."
        )


def council_tax(view: OptionsView, figures: dict) -> None:
    """One option's harmonisation: its chart and the sums per proposed council."""
    names = [b.option for b in view.tax]
    option = st.selectbox("Option", names, key="opt_tax_option") if len(names) > 1 else names[0]
    block = next(b for b in view.tax if b.option == option)
    render.chart_block(
        figures[f"tax:{option}"],
        summary=block.summary,
        table=lambda: block.parts,
        display=lambda: pounds(block.parts),
        unit_label="£",
        caveats=block.caveats,
        key="opt_tax",
        export=block.export,
    )
    st.markdown("**What one Band D would mean in the year, per proposed council (£):**")
    st.dataframe(pounds(block.sums), hide_index=True, width="stretch", key="opt_tax_sums")


def table(view: OptionsView) -> None:
    with st.expander("Every figure: a row per proposed council"):
        st.dataframe(view.table, hide_index=True, width="stretch", key="opt_table")
    st.download_button(
        "Download every figure (CSV)",
        data=lambda: to_csv_bytes(view.table, header_lines=view.export.lines()),
        file_name="reorganisation-options-figures.csv",
        mime="text/csv",
        key="opt_table_csv",
        on_click="ignore",
        icon=":material/table:",
        help="The same table as python -m kpi options --file FILE, with title, source, licence and date lines.",
    )
