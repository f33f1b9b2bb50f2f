"""`manage.py score --framework pemdi-2026 FILE.json`: the contract of issue 9, run for real.

One test runs the command line exactly as an integrator would, in its own process against a
fresh SQLite database (migrate, load_frameworks, score); the others call the command in the
test database for the refusals, and POST the same body to /api/v1/score.
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from simpul.api.tests.conftest import post_score  # noqa: F401

pytestmark = pytest.mark.django_db

ISSUE_EXAMPLE = {
    "items": {"I1-L1-01": "accepted", "I1-L2-02": "revision", "I4-L2-02": "rejected"},
    "external": {"I5": "25", "I6": "2.10"},
    "values": {"I3": "1.26"},
}


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_command_line_contract_end_to_end(tmp_path: Path) -> None:
    database = tmp_path / "simpul.sqlite3"
    for step in (("migrate", "--noinput"), ("load_frameworks",)):
        done = manage(*step, database=database)
        assert done.returncode == 0, done.stderr
    good = tmp_path / "penilaian.json"
    good.write_text(json.dumps(ISSUE_EXAMPLE), "utf-8")
    done = manage("score", "--framework", "pemdi-2026", str(good), database=database)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result["indicators"]) == {f"I{n}" for n in range(1, 21)}
    assert result["indicators"]["I1"] == {
        **result["indicators"]["I1"],
        "value": "1.50",
        "value_exact": "1.5",
        "source": "items",
    }
    assert result["indicators"]["I5"]["value"] == "2.00"
    assert result["indicators"]["I6"]["value"] == "2.10"
    assert result["indicators"]["I3"]["source"] == "value"
    assert result["index_exact"] == "1.121"
    assert result["index"] == "1.12" and result["predicate"] == "Kurang"

    bad = tmp_path / "rusak.json"
    bad.write_text('{"items": {"I1-L1-01": "accepted",}}', "utf-8")
    done = manage("score", "--framework", "pemdi-2026", str(bad), database=database)
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["field"] == "file"


@pytest.fixture
def run(frameworks_loaded: None, tmp_path: Path) -> Callable[..., tuple[int, dict]]:
    def score(content: object, name: str = "masukan.json") -> tuple[int, dict]:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
        out = StringIO()
        try:
            call_command("score", "--framework", "pemdi-2026", str(path), stdout=out)
        except CommandError as exc:
            return exc.returncode, json.loads(out.getvalue())
        return 0, json.loads(out.getvalue())

    return score


def test_the_issue_example_index_is_exact_and_its_aspects_follow_the_weights(run) -> None:
    code, result = run(ISSUE_EXAMPLE)
    assert code == 0
    # I1 1.5 (level 1 complete, level 2 not), I3 1.26, I5 2, I6 2.1, every other 1.00:
    # (100 + 5·0.5 + 5·0.26 + 5·1 + 3·1.1) / 100 = 112.1 / 100.
    assert (result["index_exact"], result["index_fraction"]) == ("1.121", "1121/1000")
    a3 = next(group for group in result["groups"] if group["code"] == "A3")
    # (5·2 + 3·2.1 + 3·1 + 4·1) / 15 = 23.3 / 15, which does not terminate: 40 digits.
    assert a3["index_exact"] == "1.553333333333333333333333333333333333333"
    assert a3["index"] == "1.55"


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{bukan json", "file"),
        ({"items": {"I1-L1-99": "accepted"}}, "items.I1-L1-99"),
        ({"items": {"I1-L1-01": "lulus"}}, "items.I1-L1-01"),
        ({"values": {"I21": "2"}}, "values.I21"),
        ({"values": {"I3": "7"}}, "values.I3"),
        ({"values": {"I3": "2.0"}}, "values.I3"),
        ({"external": {"I5": "101"}}, "external.I5"),
        ({"framework": "spbe-2020", "items": {}}, "framework"),
        ({"nilai": {}}, "nilai"),
        ([], "body"),
    ],
)
def test_bad_input_exits_2_with_a_json_error_naming_the_field(run, content, field) -> None:
    code, output = run(content)
    assert code == 2
    assert output["error"]["field"] == field and output["error"]["message"]


def test_the_api_answers_the_same_body_with_the_same_json(run, post_score) -> None:  # noqa: F811
    _code, printed = run(ISSUE_EXAMPLE)
    response = post_score({"framework": "pemdi-2026", **ISSUE_EXAMPLE})
    assert response.status_code == 200
    assert response.json() == printed
    refused = post_score({"framework": "pemdi-2026", "values": {"I3": "2.0"}})
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "values.I3"
