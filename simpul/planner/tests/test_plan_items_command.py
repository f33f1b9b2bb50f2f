"""`manage.py plan --framework pemdi-2026 --current FILE.json --target 2.50 [--costs FILE.csv]`.

The contract of issue 10: JSON with feasible, total_effort, items (to get accepted, leaving
out those already accepted) and achieved_index_exact; feasible false with
max_reachable_index when out of reach; bad input exits 2. POST /api/v1/plan takes the same.
"""

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.api.tests.conftest import api_token, post_plan  # noqa: F401
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import Assessment
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401

pytestmark = pytest.mark.django_db

CURRENT = {
    "items": {"I1-L1-01": "accepted", "I1-L2-02": "revision", "I4-L2-02": "rejected"},
    "external": {"I5": "25", "I6": "2.10"},
}


@pytest.fixture
def plan(frameworks_loaded: None, tmp_path: Path) -> Callable[..., tuple[int, dict]]:  # noqa: F811
    def run(current: object, *args: str, costs: str | None = None) -> tuple[int, dict]:
        path = tmp_path / "keadaan.json"
        path.write_text(current if isinstance(current, str) else json.dumps(current), "utf-8")
        options = ["--framework", "pemdi-2026", "--current", str(path), *args]
        if costs is not None:
            (tmp_path / "upaya.csv").write_text(costs, "utf-8")
            options += ["--costs", str(tmp_path / "upaya.csv")]
        out = StringIO()
        try:
            call_command("plan", *options, stdout=out)
        except CommandError as exc:
            return exc.returncode, json.loads(out.getvalue())
        return 0, json.loads(out.getvalue())

    return run


def evaluate_with(items: list[str]) -> Fraction:
    engine = Framework.objects.engine("pemdi-2026")
    verdicts = {**CURRENT["items"], **dict.fromkeys(items, "accepted")}
    scores = {code: Decimal(score) for code, score in CURRENT["external"].items()}
    return engine.evaluate(Assessment(verdicts=verdicts, scores=scores)).result.index


def test_it_prints_the_cheapest_items_reaching_the_target(plan) -> None:
    code, result = plan(CURRENT, "--target", "2.50")
    assert code == 0
    assert result["feasible"] is True
    assert "I1-L1-01" not in result["items"]  # already accepted
    assert len(result["items"]) == len(set(result["items"]))
    assert result["total_effort"] == str(len(result["items"]))  # every item costs 1
    achieved = Fraction(result["achieved_index_exact"])
    assert achieved >= Fraction("2.5") and achieved == evaluate_with(result["items"])
    assert result["start_index_exact"] == "1.108"
    assert result["max_reachable_index_exact"] == "4.523"


def test_costs_from_a_csv_change_the_plan(plan) -> None:
    _code, cheap = plan(CURRENT, "--target", "1.2")
    chosen = cheap["items"]
    rows = "item,effort\n" + "".join(f"{code},50\n" for code in chosen)
    code, costly = plan(CURRENT, "--target", "1.2", costs=rows)
    assert code == 0 and costly["feasible"]
    assert not set(costly["items"]) & set(chosen)
    assert Decimal(costly["total_effort"]) < 50


def test_an_out_of_reach_target_says_so_with_the_highest_reachable_index(plan) -> None:
    code, result = plan({"items": {}}, "--target", "4.9")
    assert code == 0
    assert result["feasible"] is False
    # Every item-valued indicator at 5.00, the external ones missing (1.00): 4.44.
    assert (result["max_reachable_index"], result["max_reachable_index_exact"]) == ("4.44", "4.44")
    assert "tidak dapat dicapai" in result["message"]


def test_a_predicate_target_means_its_lower_bound(plan) -> None:
    code, result = plan(CURRENT, "--target", "Baik")
    assert (
        code == 0 and result["target"] == "2.5" and result["predicate"] in ("Baik", "Sangat Baik")
    )


@pytest.mark.parametrize(
    ("current", "args", "costs", "field"),
    [
        ("{rusak", ("--target", "2.5"), None, "current"),
        ({"items": {"I1-L1-99": "accepted"}}, ("--target", "2.5"), None, "items.I1-L1-99"),
        ({"items": {"I1-L1-01": "ok"}}, ("--target", "2.5"), None, "items.I1-L1-01"),
        ({"external": {"I5": "200"}}, ("--target", "2.5"), None, "external.I5"),
        ({"levels": {"1": 3}}, ("--target", "2.5"), None, "levels"),
        ({}, ("--target", "6"), None, "target"),
        ({}, ("--target", "tinggi"), None, "target"),
        ({}, ("--years", "2", "hebat"), None, "years[1]"),
        ({}, ("--target", "2.5"), "item,effort\nI1-L9-01,2\n", "costs"),
        ({}, ("--target", "2.5"), "item,effort\nI1-L1-01,-1\n", "costs"),
        ({}, ("--target", "2.5"), "item,effort\nI1-L1-01,1\nI1-L1-01,2\n", "costs"),
        ({}, ("--target", "2.5"), "butir,upaya\nI1-L1-01,1\n", "costs"),
    ],
)
def test_bad_input_exits_2_naming_the_field(plan, current, args, costs, field) -> None:
    code, output = plan(current, *args, costs=costs)
    assert code == 2
    assert output["error"]["field"] == field and output["error"]["message"]


def test_years_plan_a_roadmap_whose_evaluations_share_the_least_total_effort(plan) -> None:
    code, result = plan(CURRENT, "--years", "1.80", "2.50")
    assert code == 0 and result["feasible"] is True
    _code, alone = plan(CURRENT, "--target", "2.50")
    # Items once accepted stay accepted: the roadmap costs what its last target costs alone.
    assert result["total_effort"] == alone["total_effort"]
    first, second = result["years"]
    assert (first["target"], second["target"]) == ("1.8", "2.5")
    assert first["items"] and not set(first["items"]) & set(second["items"])
    assert sorted(first["items"] + second["items"]) == sorted(result["items"])
    assert second["start_index_exact"] == first["achieved_index_exact"]
    assert result["achieved_index_exact"] == second["achieved_index_exact"]


def test_a_bad_csv_row_is_reported_by_its_line(plan) -> None:
    code, output = plan({}, "--target", "2.5", costs="item,effort\nI1-L1-01,1\nI1-L2-01,dua\n")
    assert code == 2
    assert output["error"]["message"].startswith("Baris 3, kolom effort:")


def test_the_api_plans_the_same_body_with_the_same_json(plan, post_plan) -> None:  # noqa: F811
    _code, printed = plan(CURRENT, "--target", "2.50")
    response = post_plan({"framework": "pemdi-2026", **CURRENT, "target": "2.50"})
    assert response.status_code == 200 and response.json() == printed
    refused = post_plan({"framework": "pemdi-2026", "target": "2.5", "costs": [{"item": "X"}]})
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "costs[0].effort"
