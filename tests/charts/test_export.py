"""Static exports through kaleido: size, baked-in text, one render at a time, and a clear refusal without a browser."""

import struct
from concurrent.futures import ThreadPoolExecutor

import plotly.graph_objects as go
import pytest

from charts.export import Exporter, ExportUnavailable, export_figure
from tests.conftest import browser_available


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def exporter():
    if not browser_available():
        pytest.skip("no Chromium for kaleido")
    return Exporter()


def figure(title: str) -> go.Figure:
    fig = go.Figure(go.Scatter(x=["2019-20", "2020-21"], y=[1, 2]))
    fig.update_layout(title=title, template="plotly_dark")
    return fig


def test_png_is_1600_by_900_at_scale_2(exporter):
    assert png_size(exporter.render(figure("Size check"), "png")) == (3200, 1800)


def test_svg_has_the_title_baked_in(exporter):
    svg = exporter.render(figure("Debt per head: Bexley"), "svg").decode()
    assert svg.startswith("<svg") and "Debt per head: Bexley" in svg


def test_concurrent_exports_each_get_their_own_image(exporter):
    titles = [f"Chart number {i}" for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        images = list(pool.map(lambda t: exporter.render(figure(t), "svg").decode(), titles))
    for title, svg in zip(titles, images):
        assert title in svg
        assert sum(other in svg for other in titles if other != title) == 0


def test_export_figure_sets_the_house_template_and_size():
    fig = export_figure(figure("x"))
    assert fig.layout.width == 1600 and fig.layout.height == 900
    assert fig.layout.template.layout.font.family.startswith("Liberation Sans")


def test_without_a_browser_the_exporter_explains_instead_of_failing():
    exporter = Exporter(browser="")
    assert "no Chromium browser was found" in exporter.unavailable_reason
    with pytest.raises(ExportUnavailable, match="Download data"):
        exporter.render(figure("x"), "png")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="png, svg"):
        Exporter(browser="").render(figure("x"), "gif")
