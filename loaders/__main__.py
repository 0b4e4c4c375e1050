"""Command line for the data pipeline: `python -m loaders build --candidates DIR`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.store import data_dir
from loaders import snapshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="rebuild the bundled snapshot in data/ from the curated public files")
    build.add_argument("--candidates", type=Path, default=Path("../shared/data-candidates"),
                       help="folder of curated source files, one sub-folder per source with a PROVENANCE.md")
    build.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.command == "build":
        out = args.data_dir or data_dir()
        if not args.candidates.is_dir():
            print(f"error: candidates folder {args.candidates} not found", file=sys.stderr)
            return 2
        print(f"reading {args.candidates} ...", file=sys.stderr)
        tables = snapshot.build(args.candidates, out)
        info = snapshot.summary(tables)
        snapshot.write(tables, out, {"built_from": "bundled public files (see data/sources.csv)", **info})
        print(f"wrote {info['observations']:,} observations for {info['areas']} councils to {out}", file=sys.stderr)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
