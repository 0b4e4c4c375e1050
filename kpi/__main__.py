"""`python -m kpi`: see kpi.cli."""

import sys

from kpi.cli.commands import main

sys.exit(main())
