"""A version history as the pages list it. Council-supplied figures, each council's action plan and the snapshot of
official figures are each kept as numbered versions; their histories share these columns (which version, made how,
when, by whom, from which file), in this order, and add what each records of its own after them."""

from __future__ import annotations

VERSION_COLUMNS = ("version_id", "kind", "created_at", "created_by", "file_name")
# What a version of the database's figures or a plan changed: rows added, changed and held, and what it restores.
CHANGE_COLUMNS = ("rows_added", "rows_changed", "rows_total", "restores_version")
