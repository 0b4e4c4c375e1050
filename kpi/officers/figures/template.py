"""The upload template officers download: the columns the page reads, two example rows clearly marked."""

from __future__ import annotations

import io

import pandas as pd

from kpi.core import schema as S
from kpi.core.defaults import DEFAULT_AREA
from kpi.officers.figures.read import AREA_NAME, TEMPLATE_COLUMNS, TEMPLATE_MARKER


def template_frame() -> pd.DataFrame:
    """The template's example rows: clearly marked, with round numbers that are not anyone's real figures."""
    rows = [
        {
            S.AREA_CODE: DEFAULT_AREA,
            AREA_NAME: "Barking and Dagenham",
            S.METRIC_ID: "fte",
            S.PERIOD: period,
            S.VALUE: value,
            S.NOTES: f"{TEMPLATE_MARKER}: not a real figure, replace or delete",
        }
        for period, value in (("2022-23", 1000), ("2023-24", 1100))
    ]
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)


def template_csv() -> bytes:
    return template_frame().to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def template_xlsx() -> bytes:
    guide = pd.DataFrame(
        {
            "How to fill in the template": [
                "One row per council, metric and financial year. Keep the header row of the 'figures' sheet.",
                "area_code: the council's ONS GSS code (e.g. E09000002); or leave it blank and give area_name.",
                "metric_id: an id from the dashboard's Data and methods page, e.g. fte or headcount.",
                "period: a financial year, 2023-24 (2023/24 and FY2023 = 2023-24 are also read).",
                "value: in base units: pounds (not £000), people, FTE, percent as 0-100.",
                "A new local measure: add the columns metric_title, metric_unit and metric_polarity.",
                "The two EXAMPLE rows are not real figures: replace or delete them before uploading.",
            ]
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame().to_excel(writer, sheet_name="figures", index=False)
        guide.to_excel(writer, sheet_name="how to fill in", index=False)
    return buffer.getvalue()
