"""Officers' input: reading their files, council-supplied figures, action plans and the allow-list. May import
kpi.core and kpi.data, never kpi.calc or kpi.views."""
