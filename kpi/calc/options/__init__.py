"""Reorganisation options: proposed councils made of current councils (model), read from rows and checked (rows),
their figures added up by the reorganisation rules (sums) and their council tax harmonised (council_tax). Pure
functions of a store and an option set; may import kpi.model, kpi.storage and kpi.core."""
