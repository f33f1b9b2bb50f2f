"""`manage.py plan`: JSON out, JSON errors naming the field (and CSV line) with status 2."""

import json
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

# The shipped frameworks imported into the test database.
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401

pytestmark = pytest.mark.django_db

FRAMEWORK = ("--framework", "spbe-2020")


def levels_csv(level: int = 2, **changes: int) -> str:
    rows = {str(n): level for n in range(1, 48)} | {
        k.removeprefix("n"): v for k, v in changes.items()
    }
    return "indicator,level\n" + "".join(f"{key},{value}\n" for key, value in rows.items())


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture
def run(frameworks_loaded: None) -> Callable[..., dict]:  # noqa: F811
    def run(*args: str) -> dict:
        out = StringIO()
        call_command("plan", *args, stdout=out)
        return json.loads(out.getvalue())

    return run


@pytest.fixture
def refuse(frameworks_loaded: None) -> Callable[..., dict]:  # noqa: F811
    def refuse(*args: str) -> dict:
        out = StringIO()
        with pytest.raises(CommandError) as caught:
            call_command("plan", *args, stdout=out)
        assert caught.value.returncode == 2
        error = json.loads(out.getvalue())["error"]
        assert str(caught.value) == error["message"]
        return error

    return refuse


def test_it_prints_the_least_effort_plan_to_a_target_index(run: Callable, write: Callable) -> None:
    current = write("awal.csv", levels_csv(2))
    result = run(*FRAMEWORK, "--current", str(current), "--target", "3")
    assert result["feasible"] is True
    assert (result["start_index"], result["start_index_exact"]) == ("2.00", "2")
    assert Decimal(result["achieved_index_exact"]) >= 3 and result["predicate"] == "Baik"
    assert result["target"] == "3" and result["target_inclusive"] is True
    assert result["effort_unit"] == "hari kerja"
    step = result["steps"][0]
    assert set(step) == {"indicator", "number", "from", "to", "gain_exact", "effort", "year"}
    assert Decimal(result["total_effort"]) == sum(Decimal(s["effort"]) for s in result["steps"])
    assert sum(Decimal(s["gain_exact"]) for s in result["steps"]) == Decimal(
        result["achieved_index_exact"]
    ) - Decimal(result["start_index_exact"])
    assert result["leverage"][0]["gain_per_effort"] is not None
    assert result["limits"] == [] and result["message"].startswith("Target tercapai")


def test_it_takes_a_predicate_costs_locks_a_step_limit_and_rules(
    run: Callable, write: Callable
) -> None:
    current = write("awal.json", json.dumps({"levels": {str(n): 2 for n in range(1, 48)}}))
    costs = write(
        "biaya.csv",
        "indicator,from,to,effort\n45,2,3,1\n45,3,4,1\nI46,,,2.5\n",
    )
    rules = write("aturan.csv", "indicator,max_level,requires,min_level\n45,3,46,3\n")
    result = run(
        *FRAMEWORK,
        "--current", str(current),
        "--target", "sangat baik",
        "--costs", str(costs),
        "--effort-unit", "juta rupiah",
        "--lock", "3, I07",
        "--max-steps", "2",
        "--rules", str(rules),
    )  # fmt: skip
    assert result["target_predicate"] == "Sangat Baik" and result["target"] == "3.5"
    assert result["effort_unit"] == "juta rupiah"
    assert result["constraints"]["locks"] == ["I03", "I07"]
    assert result["constraints"]["max_steps"] == 2
    assert result["constraints"]["rules"] == [
        {"indicator": "I45", "max_level": 3, "requires": "I46", "min_level": 3}
    ]
    raised = {s["indicator"]: s for s in result["steps"]}
    assert (raised["I45"]["to"], raised["I45"]["effort"]) == (4, "2")
    assert (raised["I46"]["to"], raised["I46"]["effort"]) == (4, "5")
    assert "I03" not in raised and "I07" not in raised
    assert all(s["to"] - s["from"] <= 2 for s in result["steps"])


def test_it_plans_a_roadmap_and_switches_the_suggested_rules_on(
    run: Callable, write: Callable
) -> None:
    current = write("awal.csv", levels_csv(3, n1=1, n2=2))
    result = run(
        *FRAMEWORK, "--current", str(current), "--years", "3.2", "3,6", "--max-steps", "1",
        "--suggested-rules",
    )  # fmt: skip
    assert [year["target"] for year in result["years"]] == ["3.2", "3.6"]
    assert all(year["feasible"] for year in result["years"])
    assert {step["year"] for step in result["steps"]} == {1, 2}
    assert len(result["constraints"]["rules"]) == 36
    assert result["target"] == "3.6"


def test_an_unreachable_target_is_a_plan_that_says_what_limits_it(
    run: Callable, write: Callable
) -> None:
    current = write("awal.csv", levels_csv(1))
    result = run(*FRAMEWORK, "--current", str(current), "--target", "4.2", "--max-steps", "2")
    assert result["feasible"] is False
    assert (result["max_reachable_index"], result["achieved_index"]) == ("3.00", "3.00")
    assert result["limits_year"] == 1
    assert {limit["kind"] for limit in result["limits"]} == {"max_steps"}
    assert "batas langkah per tahun" in result["message"] and "3.00" in result["message"]


def test_json_cost_and_rule_files_are_read_as_written(run: Callable, write: Callable) -> None:
    current = write("awal.csv", levels_csv(2))
    costs = write("biaya.json", json.dumps({"costs": [{"indicator": "1", "effort": 0}]}))
    rules = write("aturan.json", json.dumps([]))
    result = run(
        *FRAMEWORK, "--current", str(current), "--target", "2.01", "--costs", str(costs),
        "--rules", str(rules),
    )  # fmt: skip
    assert [(s["indicator"], s["effort"]) for s in result["steps"]] == [("I01", "0")]


@pytest.mark.parametrize(
    ("files", "args", "field", "message"),
    [
        pytest.param(
            {}, ("--target", "3"), "current", "tidak ditemukan", id="missing current file",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2).replace("47,2", "47,")}, ("--target", "3"),
            "levels.I47", "Indikator I47 belum memiliki tingkat", id="unanswered indicator",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2) + "48,2\n"}, ("--target", "3"), "levels.48",
            "Indikator 48 tidak ada", id="unknown indicator",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2).replace("5,2", "5,6")}, ("--target", "3"), "levels.5",
            "bukan 6", id="level outside the scale",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--target", "5.5"), "target",
            "Target 5.5 di luar skala indeks 1–5.", id="target outside the scale",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--target", "Istimewa"), "target",
            "nama predikat (Kurang, Cukup, Baik, Sangat Baik, Memuaskan)", id="unknown predicate",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--years", "3", "lima"), "years[1]",
            "bukan \"lima\"", id="bad roadmap year",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--target", "3", "--max-steps", "-1"), "max_steps",
            "bukan -1", id="negative max steps",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--target", "3", "--max-steps", "dua"), "max_steps",
            "bukan \"dua\"", id="max steps not a number",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2)}, ("--target", "3", "--lock", "3,99"), "locks[1]",
            "Indikator \"99\" tidak ada", id="unknown locked indicator",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indicator,effort\n1,5\n\n2,-3\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "Baris 4, kolom effort: Upaya harus angka 0 atau lebih", id="negative effort",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indicator,effort\n1,banyak\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "Baris 2, kolom effort: Upaya harus angka", id="non-numeric effort",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indicator,from,to,effort\n1,2,4,5\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "Baris 2, kolom to: Satu baris biaya untuk satu langkah", id="cost over two steps",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indicator,effort\n1,5,6\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "Baris 2: harus tepat 2 kolom", id="cost row with too many cells",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indikator,upaya\n1,5\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "indicator,effort atau indicator,from,to,effort", id="cost header",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "biaya.csv": "indicator,effort\n1,5\nI01,6\n"},
            ("--target", "3", "--costs", "biaya.csv"), "costs",
            "Baris 3: Upaya setiap langkah I01 sudah diberikan pada baris 2.",
            id="cost given twice",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "aturan.csv": "indicator,max_level,requires,min_level\n"
             "11,2,1,2\n11,2,11,3\n"},
            ("--target", "3", "--rules", "aturan.csv"), "rules",
            "Baris 3, kolom requires: Aturan tidak boleh menjadikan indikator I11 prasyarat",
            id="rule on itself",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "aturan.csv": "indicator,max_level,requires,min_level\n"
             "11,tiga,1,2\n"},
            ("--target", "3", "--rules", "aturan.csv"), "rules",
            "Baris 2, kolom max_level: max_level harus tingkat bilangan bulat 1 sampai 5",
            id="rule level not a number",
        ),
        pytest.param(
            {"awal.csv": levels_csv(2), "aturan.json": "{\"rules\": [1, }"},
            ("--target", "3", "--rules", "aturan.json"), "rules", "bukan JSON yang sah",
            id="malformed rules json",
        ),
        pytest.param(
            {"awal.csv": "indicator,level\n1,\"2\n"}, ("--target", "3"), "current",
            "CSV tidak sah", id="malformed current csv",
        ),
        pytest.param(
            {"awal.json": json.dumps({"framework": "pemdi-2026-draft", "levels": {}})},
            ("--target", "3"), "framework", "berbeda dengan --framework", id="other framework",
        ),
    ],
)  # fmt: skip
def test_bad_input_exits_with_status_2_and_names_the_field(
    refuse: Callable, write: Callable, tmp_path: Path, files: dict, args: tuple, field: str,
    message: str,
) -> None:  # fmt: skip
    for name, text in files.items():
        write(name, text)
    current = next((name for name in files if name.startswith("awal")), "awal.csv")
    args = tuple(str(tmp_path / a) if a.endswith((".csv", ".json")) else a for a in args)
    error = refuse(*FRAMEWORK, "--current", str(tmp_path / current), *args)
    assert error["field"] == field
    assert message in error["message"]


def test_a_decimal_comma_reads_as_the_forms_read_it(run: Callable, write: Callable) -> None:
    """Targets, years and efforts accept "3,5" as well as "3.5", as the HTML forms do: on the
    command line, in a CSV cell (quoted, the comma being the separator) and in JSON."""
    current = str(write("awal.csv", levels_csv(2)))

    def plan_with(decimal_mark: str) -> dict:
        costs = write(
            f"upaya{decimal_mark}.csv",
            f'indicator,from,to,effort\n11,2,3,"0{decimal_mark}5"\n',
        )
        rules = write(
            f"upaya{decimal_mark}.json",
            json.dumps({"costs": [{"indicator": "11", "effort": f"1{decimal_mark}25"}]}),
        )
        by_csv = run(*FRAMEWORK, "--current", current, "--target", f"2{decimal_mark}1",
                     "--costs", str(costs))  # fmt: skip
        by_json = run(*FRAMEWORK, "--current", current, "--years", f"2{decimal_mark}05",
                      f"2{decimal_mark}1", "--costs", str(rules))  # fmt: skip
        return {"csv": by_csv, "json": by_json}

    dot, comma = plan_with("."), plan_with(",")
    assert comma == dot
    assert dot["csv"]["target"] == "2.1"
    # The efforts were read, not dropped (I11 is a step either plan takes).
    efforts = {step["indicator"]: Decimal(step["effort"]) for step in dot["csv"]["steps"]}
    assert efforts["I11"] == Decimal("0.5")
    years = [step for year in dot["json"]["years"] for step in year["steps"]]
    i11 = [step for step in years if step["indicator"] == "I11"]
    assert i11 and all(
        Decimal(step["effort"]) == Decimal("1.25") * (step["to"] - step["from"]) for step in i11
    )
