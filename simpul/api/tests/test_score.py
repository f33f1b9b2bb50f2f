"""POST /api/v1/score: stateless scoring, the same JSON as `manage.py score`."""

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEVELS = {**{str(n): 4 for n in range(1, 40)}, **{f"I{n}": 3 for n in range(40, 48)}}


def test_it_scores_without_login_or_csrf_token(post_score: Callable) -> None:
    response = post_score({"framework": "spbe-2020", "levels": LEVELS})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["index"], body["index_exact"], body["predicate"]) == (
        "3.77",
        "3.765",
        "Sangat Baik",
    )
    assert body["complete"] is True and len(body["groups"]) == 12


def test_it_returns_exactly_what_the_score_command_prints(
    post_score: Callable, tmp_path: Path
) -> None:
    levels = {"1": 5, "I02": 3, "32": 2, "47": None}
    path = tmp_path / "levels.json"
    path.write_text(json.dumps({"levels": levels}))
    out = StringIO()
    call_command("score", "--framework", "spbe-2020", str(path), stdout=out)
    response = post_score({"framework": "spbe-2020", "levels": levels})
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_the_draft_framework_scores_and_carries_its_notice(post_score: Callable) -> None:
    body = post_score({"framework": "pemdi-2026-draft", "levels": {"P33": 5}}).json()
    assert body["status"] == "draft" and "belum terverifikasi" in body["notice"].lower()
    assert body["provisional"] is True and body["index"] == "5.00"
    assert body["range"] == {"min": "1.40", "min_exact": "1.4", "max": "5.00", "max_exact": "5"}


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_it_accepts_only_post(method: str, frameworks_loaded: None) -> None:
    response = getattr(Client(), method)(reverse("api:score"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "content_type", "field", "message"),
    [
        pytest.param("{", "application/json", "body", "bukan JSON yang sah", id="not json"),
        pytest.param(b"\xff\xfe", "application/json", "body", "harus teks UTF-8", id="bytes"),
        pytest.param([], "application/json", "body", "harus berupa objek JSON", id="array"),
        pytest.param("3", "application/json", "body", "harus berupa objek JSON", id="number"),
        pytest.param(
            "framework=spbe-2020", "application/x-www-form-urlencoded", "body",
            "Jenis isi harus application/json", id="form post",
        ),
        pytest.param(
            {"levels": {"1": 3}}, "application/json", "framework", "Kolom framework wajib diisi",
            id="missing framework",
        ),
        pytest.param(
            {"framework": 2020, "levels": {}}, "application/json", "framework",
            "Kolom framework wajib diisi", id="framework not a string",
        ),
        pytest.param(
            {"framework": "spbe-2099", "levels": {}}, "application/json", "framework",
            "Kerangka spbe-2099 tidak ditemukan.", id="unknown framework",
        ),
        pytest.param(
            {"framework": "spbe-2020"}, "application/json", "levels", "Kolom levels wajib diisi.",
            id="missing levels",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": [3, 4]}, "application/json", "levels",
            "Kolom levels harus berupa objek", id="levels a list",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {}, "agency": 7}, "application/json", "agency",
            "Kolom agency tidak dikenal.", id="unknown key",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {"I99": 3}}, "application/json", "levels.I99",
            "Indikator I99 tidak ada dalam kerangka spbe-2020.", id="unknown indicator",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {"3": 6}}, "application/json", "levels.3",
            "bukan 6.", id="level outside the scale",
        ),
        pytest.param(
            '{"framework": "spbe-2020", "levels": {"3": 3.5}}', "application/json", "levels.3",
            "bukan 3.5.", id="fractional level",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {"3": "tiga"}}, "application/json", "levels.3",
            'bukan "tiga".', id="level as a word",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {"3": False}}, "application/json", "levels.3",
            "bukan false.", id="level as a boolean",
        ),
        pytest.param(
            {"framework": "spbe-2020", "levels": {"I03": 3, "3": 3}}, "application/json",
            "levels.3", "Indikator I03 diberikan dua kali (sebagai I03 dan 3).", id="given twice",
        ),
        pytest.param(
            '{"framework": "spbe-2020", "levels": {"3": 3, "3": 4}}', "application/json",
            "levels.3", "Indikator 3 diberikan lebih dari sekali.", id="same key twice",
        ),
        pytest.param(
            '{"framework": "spbe-2020", "levels": {"3": NaN}}', "application/json", "body",
            "bukan JSON yang sah", id="nan",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_a_400_naming_the_field(
    post_score: Callable, body: object, content_type: str, field: str, message: str
) -> None:
    response = post_score(body, content_type=content_type)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert message in error["message"]
