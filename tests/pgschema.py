"""A PostgreSQL schema of its own for a test (or a test cluster), so tests never clash with each other's tables.

The URL's `options=-csearch_path=<schema>` puts every table (and the snapshot's advisory lock, keyed by the
schema) in that schema. Without KPI_TEST_PG_URL the tests skip locally, saying why, and fail in CI
(KPI_REQUIRE_PG=1, set by .ci/run).
"""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("KPI_TEST_PG_URL")


def require_pg() -> str:
    if not PG_URL:
        if os.environ.get("KPI_REQUIRE_PG") == "1":
            pytest.fail("KPI_TEST_PG_URL is not set: .ci/run starts PostgreSQL with scripts/ci_postgres.sh")
        pytest.skip('PostgreSQL tests need KPI_TEST_PG_URL (run: eval "$(scripts/ci_postgres.sh)")')
    return PG_URL


@contextlib.contextmanager
def schema_url(prefix: str = "t"):
    """The test database's URL pointing into a fresh schema, dropped afterwards."""
    base = require_pg()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {name}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{name}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        engine.dispose()
