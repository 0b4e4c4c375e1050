"""`python -m kpi options` as a user runs it: a row per proposed council, or the file refused with rows and reasons."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"


def run(*args):
    return subprocess.run([sys.executable, "-m", "kpi", "options", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_row_per_proposed_council():
    proc = run("--file", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(io.StringIO(proc.stdout), dtype={"population_year": str}).set_index("proposed_council")
    assert list(table.index) == ["EXAMPLE Worcestershire", "EXAMPLE North", "EXAMPLE South"]
    assert table.loc["EXAMPLE North", "population"] == 293_445
    assert table.loc["EXAMPLE North", "harmonise_to_highest_gbp_a_year"] == pytest.approx(1_608_058.22)
    assert proc.stderr == ""  # nothing left out, nothing counted twice


def test_the_area_names_what_an_option_leaves_out(tmp_path):
    path = tmp_path / "options.csv"
    path.write_text("option,proposed_council,area_code\nA,North,E07000234\nA,North,E07000236\n")
    proc = run("--file", str(path), "--area", "Worcestershire")
    assert proc.returncode == 0, proc.stderr
    assert "note: A: Left out of every proposed council: Worcestershire, Malvern Hills, Worcester" in proc.stderr


def test_a_bad_file_is_refused_with_each_row_and_reason(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("option,proposed_council,area_code,share\nA,X,E07000234,50\nA,Y,Nowhere,\n")
    proc = run("--file", str(path))
    assert proc.returncode == 2 and proc.stdout == ""
    assert (
        "error: row 2, share: expected no share: Bromsgrove is a district, which goes whole (found '50')" in proc.stderr
    )
    assert "error: row 3, area_code: expected an ONS code of a current council" in proc.stderr
    missing = run("--file", str(tmp_path / "missing.csv"))
    assert missing.returncode == 2 and "error: row -, file: expected a file that can be read" in missing.stderr
