"""`python -m kpi` as a user runs it."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "kpi", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return proc


def csv(*args):
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    return pd.read_csv(io.StringIO(proc.stdout), dtype={"period": str})


def test_areas_lists_every_council_with_current_flag():
    areas = csv("areas")
    assert {"area_code", "area_name", "area_type", "region", "current"} <= set(areas.columns)
    assert areas["current"].sum() == 319  # 317 councils and two shadow councils, East and West Surrey
    row = areas.set_index("area_code").loc["E09000002"]
    assert row["area_name"] == "Barking and Dagenham" and row["area_type"] == "london_borough"


def test_metrics_lists_the_catalogue():
    metrics = csv("metrics")
    assert "debt_servicing_pct_csp" in set(metrics["metric_id"])


def test_export_cash_reproduces_the_source_figures():
    out = csv("export", "--area", "E09000002", "--metric", "population", "--from", "2010-11", "--to", "2012-13")
    assert list(out.columns[:7]) == ["area_code", "area_name", "metric_id", "period", "value", "unit", "source_id"]
    assert out["value"].tolist() == [182_838, 187_029, 190_663]
    assert set(out["unit"]) == {"people"}


def test_export_every_mode_at_once():
    out = csv(
        "export",
        "--area",
        "Barking and Dagenham",
        "--metric",
        "core_spending_power",
        "--prices",
        "real",
        "--base-year",
        "2024-25",
        "--per-head",
        "--index-to",
        "2011-12",
    )
    assert set(out["unit"]) == {"index, 2011-12 = 100 (£ per head, 2024-25 prices)"}
    assert out.set_index("period").at["2011-12", "value"] == 100
    assert set(out["metric_id"]) == {"core_spending_power"}


def test_export_real_per_head_matches_hand_calculation():
    out = csv("export", "--area", "E09000002", "--metric", "core_spending_power", "--prices", "real", "--per-head")
    v = out.set_index("period").at["2020-21", "value"]
    assert v == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-4)
    assert set(out["unit"]) == {"£ per head, 2024-25 prices"}


def test_export_several_areas_and_metrics():
    out = csv(
        "export",
        "--area",
        "E09000002",
        "--area",
        "E09000004",
        "--metric",
        "total_debt",
        "--metric",
        "band_d_council_tax",
        "--from",
        "2019-20",
        "--to",
        "2019-20",
    )
    assert len(out) == 4


def test_unknown_area_exits_2_naming_nearest_matches():
    proc = run("export", "--area", "Barking", "--metric", "population")
    assert proc.returncode == 2
    assert "E09000002 (Barking and Dagenham)" in proc.stderr
    assert proc.stdout == ""


def test_unknown_metric_exits_2_naming_nearest_matches():
    proc = run("export", "--area", "E09000002", "--metric", "total_dept")
    assert proc.returncode == 2 and "total_debt" in proc.stderr


def test_bad_period_exits_2():
    proc = run("export", "--area", "E09000002", "--metric", "population", "--from", "2010/11")
    assert proc.returncode == 2 and "2023-24" in proc.stderr


def test_export_returns_council_supplied_rows_beside_official_ones(tmp_path, store):
    from kpi.officers.figures.read import parse_upload
    from kpi.storage.figures import FigureStore

    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    db = FigureStore.open(url)
    text = "area_code,metric_id,period,value\nE09000002,population,2012-13,190000\nE09000002,fte,2022-23,2500\n"
    parsed = parse_upload(text.encode(), "example.csv", store.catalogue)
    db.write_upload(parsed.rows, who="officer@example.gov.uk", file_name="example.csv", sha256="x")
    db.dispose()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kpi",
            "export",
            "--area",
            "E09000002",
            "--metric",
            "population",
            "--metric",
            "fte",
            "--from",
            "2012-13",
            "--to",
            "2022-23",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "KPI_DB_URL": url},
    )
    assert proc.returncode == 0, proc.stderr
    out = pd.read_csv(io.StringIO(proc.stdout), dtype={"period": str})
    pop = out[(out["metric_id"] == "population") & (out["period"] == "2012-13")]
    assert sorted(pop["source_id"]) == ["ons_mye_2011_based", "upload:1"]  # both, distinct
    assert sorted(pop["value"]) == [190_000, 190_663]
    fte = out[out["metric_id"] == "fte"]
    assert fte[["period", "value", "source_id"]].values.tolist() == [["2022-23", 2500, "upload:1"]]
    official = subprocess.run(
        [
            sys.executable,
            "-m",
            "kpi",
            "export",
            "--area",
            "E09000002",
            "--metric",
            "population",
            "--from",
            "2012-13",
            "--to",
            "2012-13",
            "--supplied",
            "official",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "KPI_DB_URL": url},
    )
    assert pd.read_csv(io.StringIO(official.stdout))["source_id"].tolist() == ["ons_mye_2011_based"]


def test_comparators_prints_the_group_as_csv_within_the_class():
    proc = run("comparators", "--area", "E09000002")
    assert proc.returncode == 0, proc.stderr
    out = pd.read_csv(io.StringIO(proc.stdout), dtype=str, keep_default_na=False)
    assert list(out.columns) == ["area_code", "area_name", "class", "rank", "model"]
    assert len(out) == 15 and set(out["class"]) == {"single_tier"}  # no district among them
    assert out["rank"].tolist() == [str(r) for r in range(1, 16)]
    assert set(out["model"]) == {"ONS 2025 upper-tier"}
    assert "15 nearest neighbours of the same class" in proc.stderr


def test_comparators_of_a_district_are_districts_and_say_how_many_remain():
    out = csv("comparators", "--area", "Redditch")
    assert set(out["class"]) == {"shire_district"} and len(out) == 6
    assert out["rank"].tolist() == [7, 15, 16, 18, 19, 20]
    proc = run("comparators", "--area", "E07000236", "--group", "england")
    england = pd.read_csv(io.StringIO(proc.stdout), dtype=str, keep_default_na=False)
    assert len(england) == 163 and set(england["class"]) == {"shire_district"} and set(england["rank"]) == {""}


def test_comparators_of_a_custom_group_and_with_a_metric():
    out = csv("comparators", "--area", "E09000002", "--group", "E09000004,E07000073,E09000003", "--name", "Outer")
    assert out["area_code"].tolist() == ["E09000004", "E09000003"]  # Harlow left out: a district
    proc = run("comparators", "--area", "E09000002", "--group", "Nowhere,E09000004")
    assert proc.returncode == 2 and "Nowhere" in proc.stderr


def test_narrative_prints_the_plans_population_sentence():
    proc = run("narrative", "--area", "E09000002", "--from", "2010-11", "--to", "2023-24")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(
        "Barking and Dagenham's population grew by 39,470 (21.6%) between mid-2010 and mid-2023, faster than"
    )
    assert proc.stdout.endswith(".\n") and proc.stdout.count("\n") == 1  # one paragraph of plain text


def test_narrative_is_the_same_as_the_page(store):
    from kpi.calc.comparators import ComparatorGroup
    from kpi.views import narrative

    proc = run("narrative", "--area", "Bexley", "--from", "2015-16", "--group", "region")
    expected = narrative.paragraph(store, "E09000004", since="2015-16", group=ComparatorGroup(kind="region"))
    assert proc.stdout == " ".join(expected) + "\n"


def test_narrative_refuses_an_end_year_before_the_base_year():
    proc = run("narrative", "--area", "E09000002", "--from", "2015-16", "--to", "2012-13")
    assert proc.returncode == 2 and "must be after" in proc.stderr


def test_export_of_a_reorganised_council_carries_combined_rows_and_the_gaps():
    out = csv("export", "--area", "E06000066", "--metric", "core_spending_power", "--from", "2010-11")
    rows = out.set_index("period")
    assert rows.index[0] == "2011-12"
    # SpendingMillions.csv 2011-12, £m: Somerset CC 359.93 + Mendip 13.35 + Sedgemoor 14.09 + South Somerset 18.22
    # + Taunton Deane 12.55 + West Somerset 4.98.
    assert rows.at["2011-12", "value"] == pytest.approx(423_120_000)
    assert rows.at["2011-12", "source_id"] == "combined:mhclg_revenue_spending_power"
    assert rows.at["2011-12", "notes"].startswith("predecessor councils combined: ")
    assert "Somerset County Council" in rows.at["2011-12", "notes"]
    # No figure for Somerset West and Taunton in 2019-20: the row is there, empty, with the reason.
    assert pd.isna(rows.at["2019-20", "value"])
    assert "no figure for Somerset West and Taunton Council for 2019-20" in rows.at["2019-20", "reason"]


def test_export_of_a_split_successor_is_labelled_estimated_and_debt_says_why_not():
    out = csv("export", "--area", "North Northamptonshire", "--metric", "core_spending_power", "--metric", "total_debt")
    power = out[(out["metric_id"] == "core_spending_power") & (out["period"] == "2011-12")].iloc[0]
    assert power["status"] == "estimated"
    assert "county share apportioned by population: Northamptonshire County Council x 45.8%" in power["notes"]
    debt = out[out["metric_id"] == "total_debt"]
    assert len(debt) and debt["value"].isna().all()
    assert debt["reason"].str.contains("divided between them by agreement, not by population").all()


def test_a_missing_data_folder_is_refused_in_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kpi", "areas"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "KPI_DB_URL"}, "KPI_DATA_DIR": str(tmp_path / "nowhere")},
        timeout=120,
    )
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "expected a data folder holding observations.csv" in proc.stderr


def test_a_shadow_council_exports_its_predecessors_figures_added_up():
    out = csv("export", "--area", "West Surrey", "--metric", "population", "--from", "2023-24", "--to", "2023-24")
    obs = pd.read_csv(ROOT / "data" / "observations.csv", dtype={"period": str})
    districts = ["E07000209", "E07000212", "E07000213", "E07000214", "E07000216", "E07000217"]
    mid_2023 = obs[obs["area_code"].isin(districts) & (obs["metric_id"] == "population") & (obs["period"] == "2023-24")]
    assert len(mid_2023) == 6
    assert out[["area_code", "area_name", "period"]].values.tolist() == [["E06X00002", "West Surrey", "2023-24"]]
    assert out["value"].iloc[0] == mid_2023["value"].sum() == 672_522
    areas = csv("areas", "--current").set_index("area_code")
    assert areas.loc["E06X00002", "status"] == "shadow council, takes over on 1 April 2027"
    assert areas.loc["E06X00002", "provisional_code"] and not areas.loc["E06000066", "provisional_code"]
    assert areas.loc["E10000030", "end_date"] == "2027-03-31" and areas.loc["E10000030", "current"]
    assert pd.isna(areas.loc["E09000002", "status"])
