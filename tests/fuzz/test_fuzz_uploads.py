"""Any file through the Upload page's own calls: read and clean, or refused whole, or every problem with its row
and column; never an exception of another kind, and never a write unless the file was clean."""

from __future__ import annotations

import re

from hypothesis import event, given
from hypothesis import strategies as st

from kpi.core import schema as S
from kpi.officers.access import LOCAL, SIGNED_IN, Access
from kpi.officers.figures import flow
from kpi.officers.files.tabular import FileRejected
from tests.fuzz.strategies import csv_file, damaged_xlsx, figures_table, xlsx_file

LOCAL_USER = Access(LOCAL, "local user", None)
OFFICER = Access(SIGNED_IN, "officer@example.gov.uk", frozenset({"E09000002"}))
GSS = re.compile(r"^E\d{8}$")


def page_flow(data: bytes, name: str, catalogue, figures, access: Access = LOCAL_USER):
    """What the page does: read the file, show its problems, or save it when the officer confirms a clean one."""
    before = figures.head()
    try:
        parsed = flow.read_upload(data, name, len(data), catalogue, access)
    except FileRejected as exc:
        event("refused whole")
        assert str(exc)
        assert figures.head() == before
        return None
    event("problems" if parsed.problems else "clean")
    if parsed.problems:
        for problem in parsed.problems:
            assert isinstance(problem.row, int) and problem.row >= 1, problem
            assert isinstance(problem.column, str) and problem.column, problem
        assert not parsed.ok and figures.head() == before
        return parsed
    check_clean(parsed, catalogue, access)
    if not parsed.new_metrics:  # a local measure is declared once per database; the page's catalogue knows it
        flow.save_upload(figures, parsed, data=data, file_name=name, access=access, expected_head=before)
        assert figures.head() >= before
    return parsed


def check_clean(parsed, catalogue, access: Access) -> None:
    """Rows that pass the schema: known councils and measures, financial years, finite and plausible values."""
    assert parsed.ok
    units = {**catalogue.metric_units(), **{m: d["unit"] for m, d in parsed.new_metrics.items()}}
    rows = S.validate(parsed.rows[S.COLUMNS], area_codes=set(catalogue.areas.index), metric_units=units)
    assert all(GSS.match(code) for code in rows[S.AREA_CODE])
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", m) for m in rows[S.METRIC_ID])
    assert all(S.plausible(v, u) for v, u in zip(rows[S.VALUE], rows[S.UNIT]))
    if access.councils is not None:
        assert set(rows[S.AREA_CODE]) <= access.councils


@given(data=st.binary(max_size=4096), name=st.sampled_from(["f.csv", "f.xlsx"]))
def test_any_bytes(catalogue, figures, data, name):
    page_flow(data, name, catalogue, figures)


@given(data=csv_file(figures_table()))
def test_generated_csv_files(catalogue, figures, data):
    page_flow(data, "figures.csv", catalogue, figures)


@given(data=xlsx_file(figures_table()))
def test_generated_workbooks(catalogue, figures, data):
    page_flow(data, "figures.xlsx", catalogue, figures)


@given(data=damaged_xlsx())
def test_damaged_workbooks(catalogue, figures, data):
    page_flow(data, "figures.xlsx", catalogue, figures)


CODES = st.sampled_from(["E09000002", "E09000004", "Barking & Dagenham", "Bexley", "E06000001"])
METRICS = st.sampled_from(["fte", "headcount", "population", "core_spending_power", "reserves_pct_nre"])
PERIODS = st.one_of(st.integers(1995, 2030), st.integers(1970, 2100)).flatmap(
    lambda y: st.sampled_from([f"{y}-{(y + 1) % 100:02d}", f"{y}/{(y + 1) % 100:02d}", f"FY{y}", f"{y}-{y + 1}"])
)
VALUES = st.one_of(
    st.integers(0, 150_000).map(str),
    st.integers(0, 150_000).map(lambda v: f"{v:,}"),
    st.floats(0, 150_000, allow_nan=False).map(lambda v: f"{v:.2f}"),
    st.integers(-10, 10**13).map(str),
    st.sampled_from(["£1,234", "12%", "(5)", "inf", "1e9"]),
)


@st.composite
def nearly_good_table(draw) -> list[list[str]]:
    """Files close to right, so the clean path (and the save) is taken often."""
    rows = draw(st.lists(st.tuples(CODES, METRICS, PERIODS, VALUES).map(list), min_size=1, max_size=5))
    return [["area_code", "metric_id", "period", "value"], *rows]


@given(data=csv_file(nearly_good_table()), officer=st.booleans())
def test_nearly_good_files_are_saved_only_when_clean(catalogue, figures, data, officer):
    page_flow(data, "figures.csv", catalogue, figures, OFFICER if officer else LOCAL_USER)


@given(data=xlsx_file(nearly_good_table(), odd_cells=False))
def test_nearly_good_workbooks(catalogue, figures, data):
    page_flow(data, "figures.xlsx", catalogue, figures)
