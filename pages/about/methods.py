"""Data and methods: definitions, sources, licences and the conventions behind every figure."""
from __future__ import annotations

import streamlit as st

from kpi.core.catalogue import AREA_TYPE_NAMES, POLARITY_NAMES, UNIT_NAMES
from ui.data import get_store
from ui.views import cached_methods_tables, cached_metric_sources, full_dataset_csv
from ui.status import render_source_status

store = get_store()
cat = store.catalogue
st.title("Data and methods")

st.header("Conventions")
st.markdown(
    "- **Financial years** run 1 April to 31 March and are labelled like 2023-24.\n"
    "- **Population** estimates for mid-YYYY are shown against the financial year *starting* in YYYY "
    "(the mid-2010 estimate is shown as 2010-11).\n"
    "- **Stocks** at 31 March (debt, reserves) are shown against the financial year *ending* on that date "
    "(debt at 31 March 2020 is shown as 2019-20).\n"
    "- **Values** are stored in pounds, people and percent (0-100), never in thousands or millions.\n"
    "- **Real terms** multiply a cash figure by the GDP deflator of the price base year divided by that of its "
    "own year (ONS series YBGB, financial-year average of quarters).\n"
    "- **Per head** divides by the same council's population estimate for the same financial year.\n"
    "- **Series breaks**: where a figure's source or definition changes between two years (population vintages, "
    "Revenue Spending Power before 2016-17), charts draw a dashed vertical line and mark it *series break*. "
    "Open markers and dotted segments show estimated, budget or forecast figures.\n"
    "- **Council-supplied** figures are uploaded by council officers (source id `upload:<version>`, with the file, "
    "who and when in each chart's source note). They are drawn as their own dashed line beside any official figure "
    "for the same year and never replace it."
)

st.header("Measures")
metrics = cat.metrics_table.copy()
metrics["unit"] = metrics["unit"].map(UNIT_NAMES)
metrics["polarity"] = metrics["polarity"].map(POLARITY_NAMES)
metrics = metrics.join(cached_metric_sources(), on="metric_id")
metrics["applies_to"] = metrics["applies_to"].map(
    lambda s: ", ".join(AREA_TYPE_NAMES.get(t, t) for t in s.split(";") if t))
st.dataframe(metrics[["metric_id", "title", "unit", "polarity", "definition", "caveats", "applies_to", "source_ids",
                      "source", "licence", "release"]],
             hide_index=True, width="stretch")

st.header("Sources and licences")
sources = cat.sources.reset_index(drop=True)
st.dataframe(sources[["source_id", "title", "publisher", "licence", "release", "retrieved", "compiled_from"]],
             hide_index=True, width="stretch")
st.markdown(
    "Contains public sector information licensed under the "
    "[Open Government Licence v3.0](https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/) "
    "(MHCLG, DCLG, ONS, Office for Local Government). Council names, codes and successor links from "
    "[mySociety](https://github.com/mysociety/uk_local_authority_names_and_codes) (MIT licence). "
    "Statistical nearest neighbours: Office for National Statistics (OGL v3.0)."
)

render_source_status(store)

st.header("Coverage")
st.markdown("How many councils have a figure for each measure, and for which financial years, in the bundled "
            "snapshot (preferred source per council and year).")
coverage, reorganisations = cached_methods_tables()
st.dataframe(coverage, hide_index=True, width="stretch")

st.header("Reorganisation history")
st.markdown(
    "Councils abolished since April 2010 keep their own history under their own ONS code; their figures are not "
    "added into the successor's. Codes that changed without a boundary change (e.g. Northumberland, Gateshead) are "
    "mapped to the current code. From council names and codes by mySociety (MIT licence).")
st.dataframe(reorganisations, hide_index=True, width="stretch")

st.header("Download the data")
st.markdown("The full tidy dataset (one row per council, measure, financial year and source, in base units) and "
            "its catalogues. Text cells that a spreadsheet would read as a formula start with an apostrophe.")
cols = st.columns(4)
for col, (name, label) in zip(cols, (("observations", "All observations (CSV)"), ("areas", "Councils (CSV)"),
                                     ("metrics", "Measures (CSV)"), ("sources", "Sources (CSV)"))):
    with col:
        st.download_button(label, data=lambda name=name: full_dataset_csv(name), file_name=f"{name}.csv",
                           mime="text/csv", key=f"download_{name}", on_click="ignore", icon=":material/download:")

st.header("Accessibility statement")
st.markdown(
    "This dashboard aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.\n\n"
    "**What we do**\n"
    "- Every chart has a title saying what it shows, a subtitle with units and basis, a one-line summary in words "
    "and a *Show as table* alternative; councils are told apart by markers, line styles and direct labels as well "
    "as colour; estimated, budget and forecast figures have open markers and dotted segments.\n"
    "- Every control can be reached and used with the keyboard, with a visible yellow and black focus ring.\n"
    "- Text and chart colours meet contrast AA (the focus colour #12436D is 10:1 on white; secondary text 7:1).\n"
    "- Each page is checked automatically with axe-core in a real browser; the build fails on any serious or "
    "critical finding that is ours to fix.\n\n"
    "**Known gaps** (in the Streamlit and plotly components the dashboard is built with; reported upstream, "
    "outside our control)\n"
    "- Charts are drawn as images for screen readers: use the summary and *Show as table* under each chart.\n"
    "- The chart toolbar (zoom, pan) and the table menus are hard to use with a keyboard alone.\n"
    "- Interactive tables (*Show as table*) are drawn on a canvas: screen readers read them less well than plain "
    "tables; use *Download data (CSV)* for a plain file.\n"
    "- The small trend lines in the profile cards are drawn by Streamlit as images without a text label (axe "
    "rule svg-img-alt); each card states its figures in text, and *Show as table* lists them.\n"
    "- The fullscreen buttons of charts and tables have a generic label.\n"
    "- Search-box placeholder text in drop-down lists has lower contrast than body text.\n"
    "- The page language is fixed to English (`lang=\"en\"`), which is correct for this content.\n"
    "- Some single-key keyboard shortcuts (for example *r* to rerun) are defined by Streamlit and cannot be "
    "turned off.\n\n"
    "To report a problem or ask for the information in another format, contact the team that runs this dashboard "
    "for your council."
)
