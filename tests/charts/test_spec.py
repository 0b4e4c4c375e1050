"""FigureSpec: a figure gathered as dictionaries comes out as plotly would have built it, and still validated."""

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from charts.spec import FigureSpec, merge


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
