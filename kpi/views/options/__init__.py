"""Reorganisation options as the page, the command line and the pack show them: one block per measure (figures,
chart text, source note) and per option's council tax harmonisation (view, council_tax), the table of one row per
proposed council (table), options in a link (link) and in files (files). May import kpi.calc, kpi.officers,
kpi.model, kpi.storage and kpi.core, and the explore views' citations and profile."""
