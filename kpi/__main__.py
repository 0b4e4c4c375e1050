"""`python -m kpi`: see kpi.cli. `python -m kpi pack ...` is the evidence pack's command (`python -m reports`).

The pack is drawn and written by the `reports` package, which imports kpi, never the other way round; so `pack`
is handed over by module name here, in the entry script, and no module of kpi imports reports.
"""

import runpy
import sys

if sys.argv[1:2] == ["pack"]:
    runpy.run_module("reports", run_name="__main__", alter_sys=True)
else:
    from kpi.cli.commands import main

    sys.exit(main())
