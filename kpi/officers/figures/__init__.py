"""Council-supplied figures: the cells (cells, numbers), the rules of a row (rows) applied a column at a time
(columns), a file read into tidy rows or problems (read), the template, and the steps of the upload page (flow)."""
