"""Benchmark: the exact planner against a MILP solver (HiGHS via scipy) on the same instances.

    .venv/bin/python bench/plan.py [--instances 1000] [--seed 2024] [--years 1]
                                   [--max-steps N] [--suggested-rules]

Each instance: SPBE 2020 (47 indicators), random starting levels, a random effort (1–100, in
steps of 0.5) for every level step, and a random target between the starting index and the
highest reachable one (so it is feasible). With --years N, N increasing targets, one per year
(a roadmap; give --max-steps too, or every year is the one-year problem).

Prints the median and 95th percentile milliseconds of `optimizer.plan` and of building and
solving the textbook MILP (binary z[i, s, t]: step s of indicator i taken by year t), and
checks that both find the same least effort on every instance (exit 1 if not, or if the
planner's median misses the target of 50 ms or is slower than the solver's).
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction
from math import ceil
from pathlib import Path
from types import MappingProxyType

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--suggested-rules", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    import django

    django.setup()
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    from simpul.frameworks.checking import load_framework_file
    from simpul.frameworks.scoring import IndexEngine
    from simpul.frameworks.spec import DATA_DIR
    from simpul.planner.defaults import assumptions
    from simpul.planner.optimizer import Efforts, Target, plan

    engine = IndexEngine(load_framework_file(DATA_DIR / "spbe-2020.json"))
    spec = engine.spec
    items = sorted((item for item, _group in spec.indicators()), key=lambda i: i.number)
    codes = [item.code for item in items]
    rules = list(assumptions(spec).rules) if args.suggested_rules else []
    years, step_limit = args.years, args.max_steps
    rng = random.Random(args.seed)

    def solve_milp(start: dict, targets: list, efforts: Efforts) -> float:
        """Build and solve the MILP; the least total effort."""
        exponent = max(-min(item.weight.as_tuple().exponent, 0) for item in items)
        weight = {item.code: int(item.weight.scaleb(exponent)) for item in items}
        index: dict[tuple[str, int, int], int] = {}
        for code in codes:
            reach = spec.level_max - start[code]
            if step_limit is not None:
                reach = min(reach, step_limit * years)
            for step in range(1, reach + 1):
                for year in range(years):
                    index[(code, step, year)] = len(index)
        rows, cols, vals, upper, lower = [], [], [], [], []

        def row(entries: list[tuple[int, int]], low: float, high: float) -> None:
            for column, value in entries:
                rows.append(len(upper))
                cols.append(column)
                vals.append(value)
            lower.append(low)
            upper.append(high)

        for (code, step, year), column in index.items():
            if step > 1:
                row([(column, 1), (index[(code, step - 1, year)], -1)], -np.inf, 0)
            if year > 0:
                row([(index[(code, step, year - 1)], 1), (column, -1)], -np.inf, 0)
        if step_limit is not None:
            for code in codes:
                for year in range(years):
                    taken = [(c, 1) for (k, _s, t), c in index.items() if k == code and t == year]
                    taken += [
                        (c, -1) for (k, _s, t), c in index.items() if k == code and t == year - 1
                    ]
                    if taken:
                        row(taken, -np.inf, step_limit)
        total = sum(weight.values())
        start_sum = sum(weight[c] * start[c] for c in codes)
        for year, target in enumerate(targets):
            need = ceil(Fraction(target.value) * total - start_sum)
            gains = [(c, weight[k]) for (k, _s, t), c in index.items() if t == year]
            row(gains, need, np.inf)
        for rule in rules:
            step_x = max(rule.max_level, start[rule.indicator]) + 1 - start[rule.indicator]
            step_y = rule.min_level - start[rule.requires]
            for year in range(years):
                x = index.get((rule.indicator, step_x, year))
                if x is None or step_y <= 0:
                    continue
                y = index.get((rule.requires, step_y, year))
                row([(x, 1)] if y is None else [(x, 1), (y, -1)], -np.inf, 0)
        cost = np.zeros(len(index))
        for (code, step, year), column in index.items():
            if year == years - 1:
                cost[column] = float(efforts.step(code, start[code] + step - 1))
        matrix = coo_array((vals, (rows, cols)), shape=(len(upper), len(index))).tocsr()
        result = milp(
            cost,
            constraints=[LinearConstraint(matrix, lower, upper)],
            integrality=np.ones(len(index)),
            bounds=Bounds(0, 1),
        )
        assert result.status == 0, result.message
        return result.fun

    planner_ms, solver_ms, mismatches = [], [], 0
    for _ in range(args.instances):
        start = {code: rng.randint(spec.level_min, spec.level_max - 1) for code in codes}
        steps = {code: tuple(Decimal(rng.randint(2, 200)) / 2 for _ in range(4)) for code in codes}
        efforts = Efforts("hari", spec.level_min, MappingProxyType(steps))
        low = engine.score(start).index
        targets = []
        for year in range(years):
            highest = plan(
                engine, start, [Target(Decimal(5))] * (year + 1), efforts,
                max_steps=step_limit, rules=rules,
            ).years[-1].max_reachable  # fmt: skip
            value = low + (highest - low) * Decimal(rng.random())
            value = max(low, min(highest, value.quantize(Decimal("0.001"))))
            targets.append(Target(value))
            low = value
        began = time.perf_counter()
        result = plan(engine, start, targets, efforts, max_steps=step_limit, rules=rules)
        planner_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        optimum = solve_milp(start, targets, efforts)
        solver_ms.append((time.perf_counter() - began) * 1000)
        if not result.feasible or abs(float(result.total_effort) - optimum) > 1e-6:
            mismatches += 1

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    median_planner, median_solver = statistics.median(planner_ms), statistics.median(solver_ms)
    print(
        f"spbe-2020: {args.instances} instances x 47 indicators, {years} year(s), "
        f"max steps {step_limit}, {len(rules)} rules, seed {args.seed}"
    )
    for label, median, timings in (
        ("planner (optimizer.plan): ", median_planner, planner_ms),
        ("MILP (HiGHS, build+solve):", median_solver, solver_ms),
    ):
        print(f"  {label} median {median:7.2f} ms   p95 {p95(timings):7.2f} ms")
    print(f"  same least effort on {args.instances - mismatches} of {args.instances} instances")
    ok = mismatches == 0 and median_planner < TARGET_MS and median_planner < median_solver
    print(
        f"target: planner median under {TARGET_MS} ms and faster than the solver: "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
