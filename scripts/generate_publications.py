"""Write synthetic 决算 / 预算 publications with their truth: NAME.pdf and NAME.truth.json.

    .venv/bin/python scripts/generate_publications.py --seed 7 --out /tmp/generated
    .venv/bin/python scripts/generate_publications.py --seed 1000 --count 30 --out DIR

Publication k of a run has seed ``--seed + k``. See ``tests/generator/__init__.py`` for the
variation axes each seed chooses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.generator import write  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Generate ``--count`` publications from ``--seed`` on into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, required=True, help="seed of the first publication")
    parser.add_argument("--count", type=int, default=1, help="how many (seeds seed..seed+K-1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    for seed in range(args.seed, args.seed + args.count):
        pdf, _, publication = write(seed, args.out)
        axes = " ".join(f"{k}={v}" for k, v in publication.axes.items())
        print(f"{pdf.name}: {len(publication.facts)} facts; {axes}")
        for reason in publication.skipped:
            print(f"  skipped: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
