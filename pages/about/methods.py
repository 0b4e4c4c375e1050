"""Data and methods: definitions, sources, licences and the conventions behind every figure."""
from __future__ import annotations

import streamlit as st

from kpi.catalogue import AREA_TYPE_NAMES, POLARITY_NAMES, UNIT_NAMES
from ui.data import get_store

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
    "Open markers show estimated, budget or forecast figures.\n"
    "- **Council-supplied** figures are uploaded by council officers (source id `upload:<version>`, with the file, "
    "who and when in each chart's source note). They are drawn as their own dashed line beside any official figure "
    "for the same year and never replace it."
)

st.header("Measures")
metrics = cat.metrics_table.copy()
metrics["unit"] = metrics["unit"].map(UNIT_NAMES)
metrics["polarity"] = metrics["polarity"].map(POLARITY_NAMES)
metrics["applies_to"] = metrics["applies_to"].map(
    lambda s: ", ".join(AREA_TYPE_NAMES.get(t, t) for t in s.split(";") if t))
st.dataframe(metrics[["metric_id", "title", "unit", "polarity", "definition", "caveats", "applies_to", "source_ids"]],
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
