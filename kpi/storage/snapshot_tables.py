"""The tables of the official snapshot in the shared database (created by migration 2 in kpi/storage/db.py).

A version is one row of snapshot_versions; its observations are rows of snapshot_observations (one query loads
them; versions that change no figure share the rows of the version that did), every other file (catalogues,
deflators, neighbours, snapshot.json) a gzip-compressed blob in snapshot_files with the SHA-256 of its bytes.
snapshot_status holds each source's last refresh or import attempt. Observations go in and out through COPY:
58,000 rows in about a second each way.
"""

from __future__ import annotations

import io

import pandas as pd
import sqlalchemy as sa

from kpi.core import schema as S
from kpi.storage.snapshots import read_observations

metadata = sa.MetaData()
snapshot_versions = sa.Table(
    "snapshot_versions",
    metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("parent", sa.Integer, nullable=False),
    sa.Column("base", sa.Integer, nullable=False),
    sa.Column("restores", sa.Integer, nullable=False, server_default="0"),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False, server_default=""),
    sa.Column("sha256", sa.Text, nullable=False, server_default=""),
    sa.Column("sources", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    # The version whose rows of snapshot_observations hold this version's figures: a version that changes none
    # (a deflator release, a rollback) shares them instead of copying 58,000 rows.
    sa.Column("observations_of", sa.Integer, nullable=False),
)
snapshot_files = sa.Table(
    "snapshot_files",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("snapshot_versions.version_id"), primary_key=True),
    sa.Column("name", sa.String(60), primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),  # gzip
    sa.Column("sha256", sa.String(64), nullable=False),  # of the uncompressed bytes
    sa.Column("size", sa.Integer, nullable=False),
)


def observation_columns(*, value_nullable: bool) -> list[sa.Column]:
    """The columns every stored observation has, with one set of limits: the official snapshot's observations
    (below) and the council-supplied figures (kpi.storage.db) are both declared from here. The key columns are
    the primary key, with whatever else a table adds to it."""
    return [
        sa.Column(S.AREA_CODE, sa.String(9), primary_key=True),
        sa.Column(S.METRIC_ID, sa.String(60), primary_key=True),
        sa.Column(S.PERIOD, sa.String(7), primary_key=True),
        sa.Column(S.VALUE, sa.Float(precision=53), nullable=value_nullable),
        sa.Column(S.UNIT, sa.String(20), nullable=False),
        sa.Column(S.NOTES, sa.Text, nullable=False, server_default=""),
    ]


snapshot_observations = sa.Table(
    "snapshot_observations",
    metadata,
    # The version that first held these figures; later versions point at it (snapshot_versions.observations_of),
    # so it outlives that version's own row when retention drops it.
    sa.Column("version_id", sa.Integer, primary_key=True),
    *observation_columns(value_nullable=True),  # a gap is a row with no value
    sa.Column(S.SOURCE_ID, sa.String(200), primary_key=True),
    sa.Column(S.STATUS, sa.String(20), nullable=False, server_default=""),
)
snapshot_status = sa.Table(
    "snapshot_status",
    metadata,
    sa.Column("source_id", sa.String(80), primary_key=True),
    sa.Column("entry", sa.Text, nullable=False),  # JSON: last attempt, result, message, release, coverage
    sa.Column("updated_at", sa.String(40), nullable=False),
)
OBSERVATION_COLUMNS = [c.name for c in snapshot_observations.c if c.name != "version_id"]


def copy_rows(conn: sa.Connection, table: sa.Table, source: int, target: int, *where) -> None:
    columns = [c for c in table.c if c.name != "version_id"]
    select = sa.select(sa.literal(target), *columns).where(table.c.version_id == source, *where)
    conn.execute(table.insert().from_select(["version_id", *(c.name for c in columns)], select))


def copy_observations_out(conn: sa.Connection, version_id: int) -> pd.DataFrame:
    """The observations of a version in one query (COPY ... TO STDOUT as CSV, read like observations.csv)."""
    columns = ", ".join(OBSERVATION_COLUMNS)
    query = (
        f"COPY (SELECT {columns} FROM snapshot_observations WHERE version_id = {int(version_id)} "
        "ORDER BY area_code, metric_id, period, source_id) TO STDOUT WITH (FORMAT csv, HEADER true)"
    )
    buffer = io.BytesIO()
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(query) as copy:
        for block in copy:
            buffer.write(block)
    cursor.close()
    buffer.seek(0)
    return read_observations(buffer)


def copy_observations_in(conn: sa.Connection, version_id: int, csv: bytes) -> None:
    """A version's observations from the bytes of its observations.csv: COPY into a staging table, then one
    INSERT ... SELECT (no row is touched by Python)."""
    text = ", ".join(f"{c} text" for c in S.COLUMNS if c != S.VALUE)
    conn.execute(sa.text(f"CREATE TEMP TABLE obs_in ({text}, value double precision) ON COMMIT DROP"))
    cursor = conn.connection.driver_connection.cursor()
    not_null = ", ".join(c for c in S.COLUMNS if c != S.VALUE)
    with cursor.copy(
        f"COPY obs_in ({', '.join(S.COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL ({not_null}))"
    ) as copy:
        copy.write(csv)
    cursor.close()
    columns = ", ".join(OBSERVATION_COLUMNS)
    conn.execute(
        sa.text(f"INSERT INTO snapshot_observations (version_id, {columns}) SELECT :v, {columns} FROM obs_in"),
        {"v": version_id},
    )
    conn.execute(sa.text("DROP TABLE obs_in"))
