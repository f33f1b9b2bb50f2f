"""Benchmark: the item planner (Pemdi 2026) over all 232 items, beside its floor and HiGHS.

    .venv/bin/python bench/plan_items.py [--instances 300] [--seed 2026] [--milp 40]

Each instance: pemdi-2026 with random item verdicts (accepted items clustered in the lower
levels, as agencies have them), random external scores, random efforts (1–10) for about
half of the items (the rest cost 1), and a random target between the starting index and the
highest reachable one. Prints the median and 95th percentile milliseconds of
`plan_items` over the whole instrument, beside its floor measured in the same run: one
`engine.evaluate` of the same starting state, the least any planner must do. On the first
--milp instances it also solves the item MILP with HiGHS (the test suite's reference,
simpul/planner/tests/test_items.py) and checks that both find the same least effort.
Exit 1 if they differ or if the planner's median misses the target of 50 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--milp", type=int, default=40)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    import django

    django.setup()
    from simpul.frameworks.checking import load_framework_file
    from simpul.frameworks.scoring import Assessment, IndexEngine
    from simpul.frameworks.spec import DATA_DIR, RULE_ITEMS
    from simpul.planner.items import plan_items
    from simpul.planner.optimizer import Target
    from simpul.planner.tests.test_items import milp_least_effort

    engine = IndexEngine(load_framework_file(DATA_DIR / "pemdi-2026.json"))
    spec = engine.spec
    items = [
        (level.level, item.code)
        for indicator, _group in spec.indicators()
        if indicator.value_rule == RULE_ITEMS
        for level, item in indicator.items()
    ]
    rng = random.Random(args.seed)
    planner_ms, floor_ms, milp_ms = [], [], []
    mismatches = 0
    for number in range(args.instances):
        depth = rng.uniform(0.3, 3.0)
        verdicts = {
            code: "accepted"
            if rng.random() < depth - level + 1
            else rng.choice(("revision", "rejected"))
            for level, code in items
        }
        scores = {"I5": Decimal(rng.randint(0, 100)), "I6": Decimal(rng.randint(100, 500)) / 100}
        efforts = {code: Decimal(rng.randint(1, 10)) for _l, code in items if rng.random() < 0.5}
        assessment = Assessment(verdicts=verdicts, scores=scores)

        start = time.perf_counter()
        begin = engine.evaluate(assessment).result.index
        floor_ms.append((time.perf_counter() - start) * 1000)
        ceiling = plan_items(engine, assessment, Target(Decimal(5)), efforts).max_reachable_index
        share = Fraction(rng.randint(1, 99), 100)
        target = Decimal(float(begin + (ceiling - begin) * share)).quantize(Decimal("0.01"))
        target = max(target, Decimal(1))

        start = time.perf_counter()
        result = plan_items(engine, assessment, Target(target), efforts)
        planner_ms.append((time.perf_counter() - start) * 1000)

        if number < args.milp:
            start = time.perf_counter()
            reference = milp_least_effort(verdicts, scores, Fraction(target), efforts)
            milp_ms.append((time.perf_counter() - start) * 1000)
            expected = None if reference is None else reference
            got = Fraction(result.total_effort) if result.feasible else None
            if got != expected:
                mismatches += 1
                print(f"instance {number}: planner {got}, HiGHS {expected}", file=sys.stderr)

    median = statistics.median(planner_ms)
    print(
        f"pemdi-2026: {args.instances} instances x {len(items)} items (item-valued indicators), "
        f"random verdicts, efforts and targets"
    )
    print(
        f"  plan_items:                 median {median:.1f} ms, "
        f"p95 {percentile(planner_ms, 0.95):.1f} ms"
    )
    print(
        f"  floor (one engine.evaluate): median {statistics.median(floor_ms):.2f} ms, "
        f"p95 {percentile(floor_ms, 0.95):.2f} ms"
    )
    if milp_ms:
        print(
            f"  HiGHS MILP (first {len(milp_ms)}): median {statistics.median(milp_ms):.1f} ms, "
            f"p95 {percentile(milp_ms, 0.95):.1f} ms; same least effort on "
            f"{len(milp_ms) - mismatches} of {len(milp_ms)}"
        )
    missed = median >= TARGET_MS
    print(f"target: median under {TARGET_MS} ms: {'MISSED' if missed else 'met'}")
    return 1 if missed or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
