"""Officers' input: files/ reads the spreadsheets they send, figures/ turns them into council-supplied figures,
plans/ into action plans; access is the allow-list. figures and plans never import each other; both may use files
and access. The room may import kpi.model, kpi.storage and kpi.core, never kpi.calc or kpi.views."""
