"""The Reorganisation page through AppTest: the same figures as `python -m kpi options`, options from a link, a file
and the editor, a bad file refused with nothing changed, and what an option leaves out named."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpi.views.options.link import to_params
from tests.pages.helpers import chart_specs, dataframe_with, title

pytestmark = pytest.mark.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"
PAGE = "pages/explore/reorganisation.py"


def open_page(app, params=None):
    app.query_params.update(params or {})
    app.run()
    return app.switch_page(PAGE).run()


def example_params(store):
    from kpi.views.options.files import read_options

    return to_params(read_options(store.catalogue, EXAMPLE.read_bytes(), EXAMPLE.name))


def version(app) -> int:
    return app.session_state["options_version"] if "options_version" in app.session_state else 0  # noqa: SIM401


def test_the_page_and_the_command_line_give_the_same_figures(app, store):
    open_page(app, example_params(store))
    assert not app.exception
    page = dataframe_with(app, "harmonise_to_lowest_gbp_a_year").reset_index(drop=True)
    proc = subprocess.run(
        [sys.executable, "-m", "kpi", "options", "--file", str(EXAMPLE)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    cli = pd.read_csv(io.StringIO(proc.stdout), dtype=str, keep_default_na=False)
    assert list(page.columns) == list(cli.columns) and len(page) == len(cli) == 3
    for column in cli.columns:
        if pd.api.types.is_numeric_dtype(page[column]):
            got = pd.to_numeric(cli[column].replace("", np.nan))
            np.testing.assert_allclose(got.to_numpy(float), page[column].to_numpy(float), rtol=1e-9, err_msg=column)
        else:
            assert list(cli[column]) == list(page[column].fillna("").astype(str)), column


def test_a_chart_per_measure_from_zero_with_its_text_alternative(app, store):
    open_page(app, example_params(store))
    population = chart_specs(app)[0]
    assert title(population) == "Population of the proposed councils, mid-2024"
    assert population["layout"]["yaxis"]["rangemode"] == "tozero"
    assert any(t["name"].startswith("Dashed line: 500,000, the guide") for t in population["data"])
    assert any(m.value.startswith("**Summary:** Population, mid-2024: EXAMPLE Worcestershire") for m in app.markdown)
    app.selectbox(key="opt_measure").set_value("total_debt").run()
    debt = chart_specs(app)[0]
    assert title(debt) == "Total debt (gross borrowing) of the proposed councils, 31 March 2020"
    assert any("Older figures" in c.value for c in app.caption)
    assert "divided by agreement" in " ".join(m.value for m in app.markdown if m.value.startswith("**Summary:**"))


def test_harmonisation_per_option(app, store):
    open_page(app, example_params(store))
    app.selectbox(key="opt_tax_option").set_value("EXAMPLE two councils").run()
    sums = dataframe_with(app, "spread")
    assert list(sums["proposed_council"]) == ["EXAMPLE North", "EXAMPLE South"]
    assert sums.loc[0, "to_lowest"] == "-£919,444" and sums.loc[0, "spread"] == "£25.54"
    assert title(chart_specs(app)[1]) == "Council tax harmonisation: EXAMPLE two councils, 2023-24"


def test_options_load_from_a_file_and_go_in_the_link(app):
    open_page(app)
    assert any("No options yet" in i.value for i in app.info)
    app.file_uploader(key="opt_file_0").set_value((EXAMPLE.name, EXAMPLE.read_bytes(), "text/csv")).run()
    assert not app.exception
    assert app.query_params["opt"][0].startswith("EXAMPLE one council|EXAMPLE Worcestershire|E10000034")
    assert len(chart_specs(app)) == 2


def test_a_bad_file_is_refused_and_changes_nothing(app, store):
    open_page(app, example_params(store))
    before = app.query_params["opt"]
    bad = b"option,proposed_council,area_code,share\nA,X,E07000234,50\nA,Y,Nowhere,\n"
    app.file_uploader(key=f"opt_file_{version(app)}").set_value(("bad.csv", bad, "text/csv")).run()
    assert any("2 problem(s) found" in e.value for e in app.error)
    problems = dataframe_with(app, "reason")
    assert list(problems["row"]) == [2, 3] and "district" in problems.loc[0, "reason"]
    assert app.query_params["opt"] == before


def test_rows_edited_on_the_page_are_used_and_what_is_left_out_is_named(app):
    open_page(app, {"oa": "E10000034"})
    key = f"opt_rows_{version(app)}"
    rows = [
        {"option": "A", "proposed_council": "North", "area_code": code, "share": ""}
        for code in ("E10000034", "E07000234", "E07000236")
    ]
    app.session_state[key] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    app.run()
    app.button(key="opt_apply").click().run()
    assert not app.exception
    assert app.query_params["opt"] in (
        "A|North|E10000034,E07000234,E07000236",
        ["A|North|E10000034,E07000234,E07000236"],
    )
    assert app.query_params["oa"] == "E10000034"
    warned = " ".join(w.value for w in app.warning)
    assert "Left out of every proposed council: Malvern Hills, Worcester, Wychavon, Wyre Forest." in warned


def test_a_bad_link_opens_with_no_options_and_a_notice(app):
    open_page(app, {"opt": "A|X|E07000205"})
    assert not app.exception
    assert any("could not be used" in i.value for i in app.info)
    assert any("No options yet" in i.value for i in app.info)


def test_the_report_pack_offers_the_options_as_a_section(app, store):
    app.query_params.update(example_params(store))
    app.run()
    app.switch_page("pages/explore/pack.py").run()
    assert not app.exception
    offered = app.checkbox(key="pack_opt")
    assert offered.value and "EXAMPLE one council, EXAMPLE two councils" in offered.label
