"""Bodies the API cannot read get a JSON error in Bahasa Indonesia naming the field."""

from collections.abc import Callable

import pytest

pytestmark = pytest.mark.django_db


def error_of(response, status: int = 400) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


@pytest.mark.parametrize("endpoint", ["post_score", "post_plan"])
def test_an_integer_of_five_thousand_digits_names_its_field(request, endpoint: str) -> None:
    post = request.getfixturevalue(endpoint)
    body = '{"framework": "spbe-2020", "target": "3", "levels": {"I01": ' + "9" * 5000 + "}}"
    error = error_of(post(body))
    assert error["field"] == "levels.I01"
    assert "Angka terlalu panjang" in error["message"]
    assert "4300" not in error["message"]


def test_an_overlong_number_in_a_list_names_its_position(post_plan: Callable) -> None:
    body = '{"framework": "spbe-2020", "levels": {}, "locks": [1, ' + "7" * 30 + "]}"
    assert error_of(post_plan(body))["field"] == "locks.1"


@pytest.mark.parametrize("endpoint", ["post_score", "post_plan"])
def test_a_body_that_is_not_utf8_is_refused_in_bahasa(request, endpoint: str) -> None:
    post = request.getfixturevalue(endpoint)
    error = error_of(post(b'{"framework": "\xff\xfe"}'))
    assert error["field"] == "body"
    assert "UTF-8" in error["message"] and "codec" not in error["message"]


def test_broken_json_says_where_without_python_english(post_score: Callable) -> None:
    error = error_of(post_score('{"framework": "spbe-2020",'))
    assert error["message"] == "Isi permintaan bukan JSON yang sah (baris 1, kolom 27)."


@pytest.mark.parametrize("endpoint", ["post_score", "post_plan"])
def test_a_body_over_the_upload_limit_is_a_json_413(request, settings, endpoint: str) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    post = request.getfixturevalue(endpoint)
    body = '{"framework": "spbe-2020", "levels": {}, "x": "' + "a" * 2_700_000 + '"}'
    error = error_of(post(body), status=413)
    assert error["field"] == "body"
    assert "terlalu besar" in error["message"] and "2,5\xa0MB" in error["message"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("\\u0000", "karakter NUL"), ("spbe\\ud800", "surrogate")],
)
@pytest.mark.parametrize("endpoint", ["post_score", "post_plan"])
def test_text_the_database_cannot_take_is_refused_by_field(
    request, endpoint: str, text: str, message: str
) -> None:
    post = request.getfixturevalue(endpoint)
    error = error_of(post('{"framework": "' + text + '", "target": "3", "levels": {}}'))
    assert error["field"] == "framework"
    assert message in error["message"]
