"""FigureSpec: a figure gathered as dictionaries comes out as plotly would have built it, and still validated."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from charts.sent import described_as_sent
from charts.spec import FigureSpec, LazyFigure, figure_of, frozen, merge


def test_the_same_figure_as_plotlys_own_calls():
    line = dict(color="#505A5F", width=1.5, dash="dash")
    built = go.Figure()
    built.add_trace(go.Scatter(x=["2019-20", "2020-21"], y=[1, 2], name="a"))
    built.add_vline(x=0.5, line=line)
    built.add_annotation(x=0.5, y=1, yref="paper", text="series break", showarrow=False)
    built.update_layout(title=dict(text="t"), xaxis=dict(type="category"), margin=dict(t=90))
    built.update_layout(margin=dict(b=40))
    built.update_yaxes(rangemode="tozero")

    spec = FigureSpec()
    spec.add_trace(dict(type="scatter", x=["2019-20", "2020-21"], y=[1, 2], name="a"))
    spec.add_vline(x=0.5, line=line)
    spec.add_annotation(x=0.5, y=1, yref="paper", text="series break", showarrow=False)
    spec.update_layout(title=dict(text="t"), xaxis=dict(type="category"), margin=dict(t=90))
    spec.update_layout(margin=dict(b=40))
    spec.update_yaxes(rangemode="tozero")
    assert spec.figure().to_plotly_json() == built.to_plotly_json()


def test_cells_of_a_grid_are_numbered_across_then_down():
    built = make_subplots(rows=2, cols=2)
    spec = FigureSpec(built.layout.to_plotly_json(), cols=2)
    for row, col in ((1, 1), (1, 2), (2, 1)):
        built.add_trace(go.Scatter(x=[1], y=[row * col]), row=row, col=col)
        spec.add_trace(dict(type="scatter", x=[1], y=[row * col]), row=row, col=col)
    built.add_vline(x=0.5, line=dict(color="red"), row=2, col=1)
    spec.add_vline(x=0.5, line=dict(color="red"), row=2, col=1)
    built.update_xaxes(tickangle=-45, row=1, col=2)
    spec.update_xaxes(tickangle=-45, row=1, col=2)
    assert spec.figure().to_plotly_json() == built.to_plotly_json()


def test_a_wrong_property_is_still_refused():
    spec = FigureSpec().add_trace(dict(type="scatter", x=[1], y=[1], colour="red"))
    with pytest.raises(ValueError, match="colour"):
        spec.figure()


def test_merge_recurses_and_never_shares_the_callers_dictionaries():
    font = {"size": 12}
    into = merge({}, {"title": {"font": font}})
    merge(into, {"title": {"font": {"color": "red"}, "text": "t"}})
    assert into == {"title": {"font": {"size": 12, "color": "red"}, "text": "t"}}
    assert font == {"size": 12}


def _json(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def test_a_shape_drawn_before_gives_plotlys_own_figure_for_every_council_and_measure(store, monkeypatch):
    """Trend, strip, small-multiples and action-plan figures drawn again in a shape plotly accepted are its own
    figure to the last property (the structure is checked once per shape, every value every time)."""
    from charts import spec as spec_module
    from charts.benchmark import strip_figure_from_view
    from charts.multiples import multiples_figure_from_views
    from charts.trend import trend_figure_from_view
    from kpi.views.benchmark import BenchmarkRequest, benchmark_view
    from kpi.views.multiples import multiples_view
    from kpi.views.trend import TrendRequest, trend_view

    described, real, known = [], spec_module.figure_of, set(spec_module._ACCEPTED)
    monkeypatch.setattr(spec_module, "figure_of", lambda d: described.append(d) or real(d))
    drawn = []
    for code in ("E09000002", "E09000004", "E07000223", "E06000047", "E10000003"):
        for metric in ("core_spending_power", "population", "band_d_council_tax", "reserves_pct_nre"):
            for group in ("nearest", "none"):
                drawn.append(
                    trend_figure_from_view(trend_view(store, TrendRequest(code, metric, comparator_group=group)))
                )
            drawn.append(strip_figure_from_view(benchmark_view(store, BenchmarkRequest(code, metric))))
        requests = tuple(TrendRequest(code, m) for m in ("population", "core_spending_power"))
        view = multiples_view(store, requests)
        drawn.append(multiples_figure_from_views(view.views, area_name=view.area_name, source_note=view.source_note))
    assert len(set(spec_module._ACCEPTED) - known) < len(drawn) / 4  # most were drawn in a shape seen before
    for description, fig in zip(described, drawn, strict=True):
        assert _json(fig) == _json(go.Figure(description))


def test_a_wrong_value_in_a_shape_seen_before_is_still_refused_and_later_changes_are_checked():
    def drawn(mode: str) -> go.Figure:
        return FigureSpec().add_trace(dict(type="scatter", x=[1, 2], y=[1, 2], mode=mode)).figure()

    drawn("lines")
    again = drawn("markers")
    assert again.data[0].mode == "markers"
    with pytest.raises(ValueError, match="mode"):
        drawn("lnes")
    with pytest.raises(ValueError, match="heigth"):
        again.update_layout(heigth=400)
    with pytest.raises(ValueError):
        again.update_traces(mode="lnes")


def test_a_scalar_value_is_checked_once_and_a_wrong_one_is_refused_every_time(monkeypatch):
    from plotly.validator_cache import ValidatorCache

    from charts import spec as chart_spec

    monkeypatch.setattr(chart_spec, "_COERCED", {})
    validator = ValidatorCache.get_validator("scatter.line", "color")
    asked = []
    real = validator.validate_coerce
    monkeypatch.setattr(validator, "validate_coerce", lambda v: asked.append(v) or real(v))

    def drawn(color, width=2) -> go.Figure:
        line = dict(color=color, width=width)
        return FigureSpec().add_trace(dict(type="scatter", x=[1, 2], y=[1, 2], line=line)).figure()

    assert drawn("#12436D").data[0].line.color == "#12436D"
    first = len(asked)  # checked here, and by plotly itself if the shape is new in this process
    for _ in range(2):
        assert drawn("#12436D").data[0].line.color == "#12436D"
    assert len(asked) == first
    for n in (1, 2):
        with pytest.raises(ValueError, match="color"):
            drawn("not a colour")
        assert asked.count("not a colour") >= n
    # True and 1 are equal in Python but not the same value to plotly: each is checked as itself.
    assert chart_spec._coerced(validator, "scatter.line", "color", "red") == "red"
    width = ValidatorCache.get_validator("scatter.line", "width")
    assert type(chart_spec._coerced(width, "scatter.line", "width", 2)) is int
    assert type(chart_spec._coerced(width, "scatter.line", "width", 2.0)) is float


@pytest.mark.parametrize(
    "values",
    [
        np.array([1.5, np.nan, 3.0]),
        np.array([1, 2, 3], dtype="int64"),
        np.array([[1.0, 2.0], [3.0, 4.0]]).T,  # not contiguous
        np.array(["2019-20", None, 4.5], dtype=object),
        np.array([["a", 1], ["b", 2]], dtype=object),
        np.array(["2024-04-01", "2025-03-31"], dtype="datetime64[ns]"),
    ],
    ids=["floats", "integers", "transposed", "objects", "2-D objects", "dates"],
)
def test_an_array_is_copied_read_only_as_plotlys_own_validator_copies_it(values):
    from _plotly_utils.basevalidators import DataArrayValidator

    from charts.sent import read_only_copy

    theirs = DataArrayValidator("x", "scatter").validate_coerce(values)
    ours = read_only_copy(values)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert ours.flags["C_CONTIGUOUS"] == theirs.flags["C_CONTIGUOUS"]
    assert not ours.flags["WRITEABLE"] and not np.shares_memory(ours, values)
    np.testing.assert_array_equal(ours, theirs)
    flat = values.ravel() if values.ndim > 1 else values  # a trace's x is one-dimensional
    spec = FigureSpec()
    spec.add_trace(dict(type="scatter", x=flat))
    assert spec.figure().to_json() == go.Figure(go.Scatter(x=flat)).to_json()


def _same(ours, theirs, where: str = "figure", *, ordered: bool = True) -> None:
    """Equal to the value: the same dictionaries (their keys in the same order if `ordered`), lists and scalars, and
    arrays of the same dtype, shape, values and read-only flag."""
    assert type(ours) is type(theirs), where
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs) if ordered else sorted(ours) == sorted(theirs), where
        for key in theirs:
            _same(ours[key], theirs[key], f"{where}.{key}", ordered=ordered)
    elif isinstance(theirs, (list, tuple)):
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{where}[{i}]", ordered=ordered)
    elif isinstance(theirs, np.ndarray):
        assert (ours.dtype, ours.shape, ours.flags["WRITEABLE"]) == (
            theirs.dtype,
            theirs.shape,
            theirs.flags["WRITEABLE"],
        )
        np.testing.assert_array_equal(ours, theirs, err_msg=where)
    else:
        assert ours == theirs or (ours != ours and theirs != theirs), where


BIG = 2**40
ARRAYS = [  # each dtype and range plotly narrows, widens or leaves as it is
    np.array([1.5, np.nan, 3.0]),
    np.array([1.5, 2.5], dtype="float32"),
    np.array([-3, 5], dtype="int64"),
    np.array([-300, 5], dtype="int64"),
    np.array([-70_000, 5], dtype="int64"),
    np.array([-BIG, BIG], dtype="int64"),
    np.array([3, 200], dtype="uint64"),
    np.array([3, 60_000], dtype="uint64"),
    np.array([3, 70_000], dtype="uint64"),
    np.array([3, BIG], dtype="uint64"),
    np.array([1, 2], dtype="int16"),
    np.array([], dtype="float64"),
    np.array(["2019-20", None], dtype=object),
    np.array(["2024-04-01", "2025-03-31"], dtype="datetime64[ns]"),
    np.array([True, False]),
    np.array(["a", "b"]),  # numpy text: plotly makes it objects
]


@pytest.mark.parametrize("values", ARRAYS, ids=[f"{a.dtype}-{i}" for i, a in enumerate(ARRAYS)])
def test_a_frozen_figure_is_described_as_plotlys_own_to_dict_describes_it(values):

    fig = go.Figure(go.Scatter(x=values, y=values, customdata=np.stack([values, values], axis=1)))
    fig.update_layout(xaxis=dict(range=[0, 1]), title=dict(text="t"))
    _same(described_as_sent(fig), fig.to_dict())


def test_the_dashboards_frozen_charts_are_described_as_plotly_describes_them(store):
    from charts.benchmark import strip_figure_from_view
    from charts.plans import plan_figures
    from charts.trend import trend_figure_from_view
    from kpi.officers.plans import views as plan_views
    from kpi.officers.plans.read import parse_plan
    from kpi.views.benchmark import BenchmarkRequest, benchmark_view
    from kpi.views.trend import TrendRequest, trend_view

    drawn = []
    for code in ("E09000002", "E07000223", "E06000047", "E10000003"):
        for metric in ("core_spending_power", "band_d_council_tax", "reserves_pct_nre"):
            drawn.append(trend_figure_from_view(trend_view(store, TrendRequest(code, metric))))
            drawn.append(strip_figure_from_view(benchmark_view(store, BenchmarkRequest(code, metric))))
    example = Path(__file__).parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"
    plan = parse_plan(example.read_bytes(), example.name, known_metrics={"core_spending_power"}).actions
    history = pd.DataFrame(
        {
            "version_id": [1, 1, 2],
            "created_at": ["2025-01-01 09:00", "2025-01-01 09:00", "2025-06-01 10:00"],
            "status": ["Not started", "Completed", "Completed"],
            "actions": [3, 1, 4],
        }
    )
    progress = plan_views.progress(history)
    drawn.extend(plan_figures(plan, progress, "Example council", "2026-04-01", timeline=plan_views.timeline(plan)))
    drawn.extend(plan_figures(plan, progress, "Another council", "2026-05-01", timeline=plan_views.timeline(plan)))
    assert sum(isinstance(fig, LazyFigure) for fig in drawn) >= len(drawn) // 2  # figures of shapes seen before
    for fig in drawn:
        # A LazyFigure is described from its checked description: its keys in the order they were given, not
        # plotly's (the same JSON to plotly.js); reading to_dict() makes its plotly objects.
        _same(described_as_sent(fig), fig.to_dict(), ordered=not isinstance(fig, LazyFigure))


def _scatter(name: str, mode: str = "lines") -> dict:
    return {
        "data": [dict(type="scatter", x=np.array([1.0, 2.0, 3.0]), y=[4, 5, 6], name=name, mode=mode)],
        "layout": dict(title=dict(text=name), xaxis=dict(type="category")),
    }


def test_a_figure_of_a_shape_seen_before_is_made_when_first_read_and_is_then_the_figure_plotly_makes():
    figure_of(_scatter("first"))
    lazy = figure_of(_scatter("second"))
    assert isinstance(lazy, LazyFigure) and "_checked" in lazy.__dict__
    plotly_own = go.Figure(_scatter("second"))
    _same(described_as_sent(lazy), plotly_own.to_dict(), ordered=False)  # without making its plotly objects
    assert "_checked" in lazy.__dict__
    assert lazy.layout.title.text == "second" and lazy.data[0].name == "second"  # made on first reading
    assert "_checked" not in lazy.__dict__
    _same(lazy.to_dict(), plotly_own.to_dict())
    assert lazy.to_json() == plotly_own.to_json()
    with pytest.raises(ValueError, match="heigth"):
        lazy.update_layout(heigth=400)
    with pytest.raises(ValueError):
        lazy.update_traces(mode="lnes")
    lazy.update_layout(height=400)
    assert lazy.layout.height == 400
    with pytest.raises(AttributeError):
        lazy.no_such_attribute  # noqa: B018


def test_a_frozen_lazy_figure_is_drawn_from_its_description_and_copies_as_a_figure():
    import copy
    import pickle

    figure_of(_scatter("first"))
    fig = frozen(figure_of(_scatter("third")))
    assert "_checked" in fig.__dict__  # describing it made no plotly objects
    sent = fig.to_dict()
    _same(sent, go.Figure(_scatter("third")).to_dict(), ordered=False)
    assert json.loads(pio.to_json(sent, validate=False)) == json.loads(go.Figure(_scatter("third")).to_json())
    for copied in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig))):
        assert copied.layout.title.text == "third"
        _same(copied.to_dict(), go.Figure(_scatter("third")).to_dict(), ordered=False)


def test_a_shape_whose_description_is_not_sent_as_plotlys_stays_a_plain_figure():
    """A trace without its type: plotly adds `type`, the checked description does not have it."""

    def untyped(name: str) -> dict:
        return {"data": [dict(x=[1, 2], y=[3, 4], name=name)], "layout": dict(title=dict(text=name))}

    figure_of(untyped("a"))
    again = figure_of(untyped("b"))
    assert type(again) is go.Figure
    _same(described_as_sent(again), go.Figure(untyped("b")).to_dict())


def test_threads_reading_one_lazy_figure_at_once_all_read_it():
    from concurrent.futures import ThreadPoolExecutor

    figure_of(_scatter("first"))
    for _ in range(5):
        fig = frozen(figure_of(_scatter("shared")))
        with ThreadPoolExecutor(8) as pool:
            titles = list(pool.map(lambda f: f.layout.title.text, [fig] * 16))
        assert titles == ["shared"] * 16 and "_checked" not in fig.__dict__
