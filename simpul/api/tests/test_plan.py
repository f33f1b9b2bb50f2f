"""POST /api/v1/plan: the least-effort plan, the same JSON as `manage.py plan`."""

import json
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEVELS = {str(n): 2 for n in range(1, 48)}


def request(**changes: object) -> dict:
    return {"framework": "spbe-2020", "levels": LEVELS, "target": "3", **changes}


def test_it_plans_without_login_or_csrf_token(post_plan: Callable) -> None:
    response = post_plan(request(target="Baik", max_steps=1, locks=[1, "I02"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["feasible"] is True and body["predicate"] == "Baik"
    assert Decimal(body["achieved_index_exact"]) >= Decimal("2.6")
    assert not {"I01", "I02"} & {step["indicator"] for step in body["steps"]}


def test_it_returns_exactly_what_the_plan_command_prints(
    post_plan: Callable, tmp_path: Path
) -> None:
    current = tmp_path / "awal.json"
    current.write_text(json.dumps({"levels": LEVELS}))
    costs = [
        {"indicator": "3", "from": 2, "to": 3, "effort": "0.5"},
        {"indicator": "45", "effort": 3},
    ]
    (tmp_path / "biaya.json").write_text(json.dumps(costs))
    out = StringIO()
    call_command(
        "plan", "--framework", "spbe-2020", "--current", str(current), "--years", "2.5", "3.1",
        "--costs", str(tmp_path / "biaya.json"), "--max-steps", "1", "--suggested-rules",
        stdout=out,
    )  # fmt: skip
    body = {**request(costs=costs, max_steps=1, suggested_rules=True), "years": ["2.5", "3.1"]}
    del body["target"]
    response = post_plan(body)
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_an_unreachable_target_is_200_with_feasible_false(post_plan: Callable) -> None:
    body = post_plan(request(target="Memuaskan", locks=list(range(1, 48)))).json()
    assert body["feasible"] is False and body["steps"] == []
    assert body["max_reachable_index"] == "2.00" and len(body["limits"]) == 47


def test_the_draft_framework_plans_with_its_notice(post_plan: Callable) -> None:
    levels = {f"P{n:02}": 3 for n in range(1, 36)}
    body = post_plan({"framework": "pemdi-2026-draft", "levels": levels, "target": 3.2}).json()
    assert body["status"] == "draft" and body["notice"]
    assert body["feasible"] is True


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_it_accepts_only_post(method: str, frameworks_loaded: None) -> None:
    response = getattr(Client(), method)(reverse("api:plan"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        pytest.param("{", "body", "bukan JSON yang sah", id="not json"),
        pytest.param([], "body", "harus berupa objek JSON", id="array"),
        pytest.param(request(budget=5), "budget", "Kolom budget tidak dikenal.", id="unknown key"),
        pytest.param(request(framework="spbe-2099"), "framework", "tidak ditemukan", id="fw"),
        pytest.param(
            request(framework="pemdi-2026"), "levels", "Kolom levels tidak dikenal", id="items fw"
        ),
        pytest.param({"framework": "spbe-2020", "target": 3}, "levels", "wajib", id="no levels"),
        pytest.param(
            request(levels={**LEVELS, "7": None}), "levels.I07", "belum memiliki tingkat",
            id="unanswered",
        ),
        pytest.param(
            request(levels={k: v for k, v in LEVELS.items() if k != "30"}), "levels.I30",
            "belum memiliki tingkat", id="missing indicator",
        ),
        pytest.param(request(levels={**LEVELS, "I99": 2}), "levels.I99", "tidak ada", id="unknown"),
        pytest.param(request(levels={**LEVELS, "3": 0}), "levels.3", "bukan 0", id="level 0"),
        pytest.param(request(target=0.5), "target", "di luar skala", id="target below"),
        pytest.param(request(target="5,01"), "target", "Target 5.01 di luar skala", id="above"),
        pytest.param(request(target=True), "target", "bukan true", id="target boolean"),
        pytest.param(request(target="Luar Biasa"), "target", "nama predikat", id="predicate"),
        pytest.param(request(years=["3"]), "target", "tepat salah satu", id="target and years"),
        pytest.param({**request(), "target": None} | {"years": []}, "target", "tepat salah satu",
                     id="target null and years"),
        pytest.param(
            {k: v for k, v in request(years=[]).items() if k != "target"}, "years",
            "1 sampai 10 target", id="no years",
        ),
        pytest.param(
            {k: v for k, v in request(years=["3", "x"]).items() if k != "target"}, "years[1]",
            "bukan \"x\"", id="bad year",
        ),
        pytest.param(request(costs={"1": 5}), "costs", "harus daftar baris", id="costs object"),
        pytest.param(request(costs=[5]), "costs[0]", "harus objek", id="cost row not object"),
        pytest.param(
            request(costs=[{"indicator": "1"}]), "costs[0].effort", "wajib", id="no effort",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "effort": -1}]), "costs[0].effort",
            "0 atau lebih", id="negative effort",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "effort": "NaN"}]), "costs[0].effort",
            "bukan \"NaN\"", id="nan effort",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "effort": "0.0000001"}]), "costs[0].effort",
            "paling banyak 6 angka desimal", id="too many decimals",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "from": 2, "effort": 1}]), "costs[0].to",
            "bersama-sama", id="from without to",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "from": 5, "to": 6, "effort": 1}]),
            "costs[0].from", "tingkat tertinggi", id="from at the top",
        ),
        pytest.param(
            request(costs=[{"indicator": "X", "effort": 1}]), "costs[0].indicator",
            "tidak ada dalam kerangka", id="cost for unknown indicator",
        ),
        pytest.param(
            request(costs=[{"indicator": "1", "effort": 1, "unit": "x"}]), "costs[0].unit",
            "tidak dikenal", id="unknown cost column",
        ),
        pytest.param(request(effort_unit=""), "effort_unit", "1–40 karakter", id="empty unit"),
        pytest.param(request(locks="3,7"), "locks", "harus daftar", id="locks as text"),
        pytest.param(request(locks=[3, 70]), "locks[1]", "70 tidak ada", id="unknown lock"),
        pytest.param(request(max_steps=-1), "max_steps", "bukan -1", id="negative max steps"),
        pytest.param(request(max_steps=1.5), "max_steps", "bukan 1.5", id="fractional steps"),
        pytest.param(request(max_steps=True), "max_steps", "bukan true", id="boolean steps"),
        pytest.param(request(rules={}), "rules", "harus daftar aturan", id="rules object"),
        pytest.param(
            request(rules=[{"indicator": "11", "max_level": 2, "requires": "1"}]),
            "rules[0].min_level", "wajib", id="rule without min level",
        ),
        pytest.param(
            request(rules=[{"indicator": "11", "max_level": 2, "requires": "1", "min_level": 9}]),
            "rules[0].min_level", "bukan 9", id="rule level outside the scale",
        ),
        pytest.param(
            request(rules=[{"indicator": "11", "max_level": 2, "requires": "11", "min_level": 3}]),
            "rules[0].requires", "prasyarat dirinya sendiri", id="rule on itself",
        ),
        pytest.param(
            request(suggested_rules="ya"), "suggested_rules", "true atau false", id="suggested",
        ),
        pytest.param(
            request(
                rules=[
                    {"indicator": str(n), "max_level": 1, "requires": str(n + 1), "min_level": 2}
                    for n in range(1, 47)
                ],
                levels=dict.fromkeys(LEVELS, 1),
            ),
            "rules", "terlalu banyak indikator", id="rules too entangled",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(
    post_plan: Callable, body: object, field: str, message: str
) -> None:
    response = post_plan(body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert message in error["message"]


def test_the_draft_framework_has_no_suggested_rules_to_switch_on(post_plan: Callable) -> None:
    levels = {f"P{n:02}": 3 for n in range(1, 36)}
    response = post_plan(
        {"framework": "pemdi-2026-draft", "levels": levels, "target": 3, "suggested_rules": True}
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "suggested_rules"
