"""Storage, below the model: the official snapshot's versions (snapshot_files, snapshot_db, chosen by backends),
the writable database (db: engine, tables, migrations) and its repositories (figures: council-supplied figures;
plans: action plans), the source status log, paths and locks. May import kpi.core only."""
