"""The upload validation rows: CSV held to 200,000 rows a second (a median), XLSX to twice calamine's own read of
the same sheet, and results written before calamine's read was measured still read."""

from __future__ import annotations

from bench.targets import rows


def test_csv_by_rows_a_second_and_xlsx_against_calamines_own_read():
    v = {"rows": 20_000, "repeats": 5, "csv_rows_per_s": 250_000.0, "xlsx_rows_per_s": 100_000.0}
    csv, xlsx = rows({"validation": {**v, "calamine_read_s": 0.08}})
    assert csv == ("upload validation, 20,000 rows CSV (median of 5)", "250,000 rows/s", ">= 200,000 rows/s", True)
    assert xlsx[1:] == ("200 ms vs 80 ms = 2.5x (100,000 rows/s)", "<= 2.0x calamine's read", False)
    assert rows({"validation": {**v, "calamine_read_s": 0.12}})[1][3] is True


def test_results_from_before_calamines_read_was_measured():
    old = {"rows": 20_000, "csv_rows_per_s": 150_000.0, "xlsx_rows_per_s": 90_000.0}
    csv, xlsx = rows({"validation": old})
    assert csv[0] == "upload validation, 20,000 rows CSV (median of 1)" and csv[3] is False
    assert xlsx == ("upload validation, 20,000 rows XLSX", "90,000 rows/s", "", None)
