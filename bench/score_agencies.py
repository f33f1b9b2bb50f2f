"""Benchmark: score many agencies' levels with the index engine, in one process.

    .venv/bin/python bench/score_agencies.py [--agencies 1000] [--repeat 5] [--seed 2024]

Builds the engine from the shipped framework files (no database), draws random whole levels
for every indicator of every agency, and prints microseconds per agency for the engine alone
and for the whole request path (reading levels keyed by number, scoring, building the JSON).
For pemdi-2026 every agency gets random item verdicts for all 232 items (accepted ones
clustered in the lower levels, as real agencies have them) and random external scores, and
the engine computes every indicator value item by item, exactly (Fraction), then the index.

Beside each figure it prints its floor measured in the same run: a plain loop that only reads
every agency's input once (summing the levels, or counting the accepted verdicts), the least
any scorer has to do. The best of --repeat rounds is reported, as is usual for timing on a
shared machine.
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

        def floor(agencies: list[dict] = by_code) -> None:
            for levels in agencies:
                total = 0
                for level in levels.values():
                    total += level

        per_agency = best_of(args.repeat, engine_only) / args.agencies * 1e6
        per_request = best_of(args.repeat, request_path) / args.agencies * 1e6
        per_floor = best_of(args.repeat, floor) / args.agencies * 1e6
        slow = slow or per_agency > TARGET_US
        print(
            f"{spec.code}: {args.agencies} agencies x {len(indicators)} indicators, "
            f"best of {args.repeat}"
        )
        print(f"  engine build (parse file + precompute): {build_ms:.1f} ms")
        print(f"  engine.score:                             {per_agency:.1f} µs per agency")
        print(f"  read_levels + score + result_json:        {per_request:.1f} µs per agency")
        print(f"  floor (plain loop summing the levels):    {per_floor:.1f} µs per agency")
    slow = pemdi_items(args, rng) or slow
    print(
        f"target: under {TARGET_US} µs per agency for engine.score: {'MISSED' if slow else 'met'}"
    )
    return 1 if slow else 0


def pemdi_items(args: argparse.Namespace, rng: random.Random) -> bool:
    """Pemdi 2026 from item verdicts; returns whether the target was missed."""
    from simpul.frameworks.checking import load_framework_file
    from simpul.frameworks.scoring import IndexEngine
    from simpul.frameworks.spec import DATA_DIR

    start = time.perf_counter()
    engine = IndexEngine(load_framework_file(DATA_DIR / "pemdi-2026.json"))
    build_ms = (time.perf_counter() - start) * 1000
    spec = engine.spec
    items = [
        (level.level, item.code)
        for indicator, _group in spec.indicators()
        for level, item in indicator.items()
    ]
    externals = {
        indicator.code: indicator.external
        for indicator, _group in spec.indicators()
        if indicator.external is not None
    }

    def agency() -> tuple[dict[str, str], dict[str, str]]:
        depth = rng.uniform(0.5, 3.5)  # how far up this agency's accepted items reach
        verdicts = {}
        for level, code in items:
            chance = max(0.0, min(1.0, depth - level + 1))
            if rng.random() < chance:
                verdicts[code] = "accepted"
            else:
                verdicts[code] = rng.choice(("revision", "rejected"))
        scores = {
            code: str(round(rng.uniform(float(index.minimum), float(index.maximum)), 2))
            for code, index in externals.items()
            if rng.random() < 0.5
        }
        return verdicts, scores

    raw = [agency() for _ in range(args.agencies)]
    documents = [{"items": verdicts, "external": scores} for verdicts, scores in raw]
    assessments = [engine.read_assessment(document) for document in documents]

    def engine_only() -> None:
        for assessment in assessments:
            engine.evaluate(assessment)

    def request_path() -> None:
        for document in documents:
            engine.evaluation_json(engine.evaluate(engine.read_assessment(document)))

    def floor() -> None:
        for verdicts, _scores in raw:
            accepted = 0
            for verdict in verdicts.values():
                if verdict == "accepted":
                    accepted += 1

    per_agency = best_of(args.repeat, engine_only) / args.agencies * 1e6
    per_request = best_of(args.repeat, request_path) / args.agencies * 1e6
    per_floor = best_of(args.repeat, floor) / args.agencies * 1e6
    indexes = sorted(engine.evaluate(assessment).result.index for assessment in assessments)
    print(
        f"{spec.code} (item verdicts): {args.agencies} agencies x {len(items)} items, "
        f"{len(externals)} external scores, best of {args.repeat}"
    )
    print(f"  engine build (parse file + precompute): {build_ms:.1f} ms")
    print(f"  engine.evaluate (items → index):          {per_agency:.1f} µs per agency")
    print(f"  read_assessment + evaluate + JSON:        {per_request:.1f} µs per agency")
    print(f"  floor (plain loop over the verdicts):     {per_floor:.1f} µs per agency")
    print(
        f"  indexes drawn: {float(indexes[0]):.2f} to {float(indexes[-1]):.2f} "
        f"(median {float(indexes[len(indexes) // 2]):.2f})"
    )
    return per_agency > TARGET_US


if __name__ == "__main__":
    sys.exit(main())
