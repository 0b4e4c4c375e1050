"""Reading the files officers send, whatever they hold: CSV (csv_rows) and XLSX (xlsx_rows, xlsx_quick) a chunk at a
time within limits, into a table with each cell's row as the officer sees it (tabular); and what the version
histories of those files share (history)."""
