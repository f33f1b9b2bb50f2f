"""Benchmark: score many agencies' levels with the index engine, in one process.

    .venv/bin/python bench/score_agencies.py [--agencies 1000] [--repeat 5] [--seed 2024]

Builds the engine from the shipped framework files (no database), draws random whole levels
for every indicator of every agency, and prints microseconds per agency for the engine alone
and for the whole request path (reading levels keyed by number, scoring, building the JSON).
The best of --repeat rounds is reported, as is usual for timing on a shared machine.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_US = 200


def best_of(repeat: int, rounds: Callable[[], None]) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        rounds()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    import django

    django.setup()
    from simpul.frameworks.checking import load_framework_file
    from simpul.frameworks.scoring import IndexEngine
    from simpul.frameworks.spec import DATA_DIR

    rng = random.Random(args.seed)
    slow = False
    for name in ("spbe-2020.json", "pemdi-2026-draft.json"):
        start = time.perf_counter()
        engine = IndexEngine(load_framework_file(DATA_DIR / name))
        build_ms = (time.perf_counter() - start) * 1000
        spec = engine.spec
        indicators = [indicator for indicator, _group in spec.indicators()]
        by_code = [
            {item.code: rng.randint(spec.level_min, spec.level_max) for item in indicators}
            for _ in range(args.agencies)
        ]
        by_number = [
            {str(item.number): levels[item.code] for item in indicators} for levels in by_code
        ]

        def engine_only(agencies: list[dict] = by_code, engine: IndexEngine = engine) -> None:
            for levels in agencies:
                engine.score(levels)

        def request_path(agencies: list[dict] = by_number, engine: IndexEngine = engine) -> None:
            for raw in agencies:
                engine.result_json(engine.score(engine.read_levels(raw)))

        per_agency = best_of(args.repeat, engine_only) / args.agencies * 1e6
        per_request = best_of(args.repeat, request_path) / args.agencies * 1e6
        slow = slow or per_agency > TARGET_US
        print(
            f"{spec.code}: {args.agencies} agencies x {len(indicators)} indicators, "
            f"best of {args.repeat}"
        )
        print(f"  engine build (parse file + precompute): {build_ms:.1f} ms")
        print(f"  engine.score:                             {per_agency:.1f} µs per agency")
        print(f"  read_levels + score + result_json:        {per_request:.1f} µs per agency")
    print(
        f"target: under {TARGET_US} µs per agency for engine.score: {'MISSED' if slow else 'met'}"
    )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
