"""`manage.py score --framework CODE FILE`: JSON out, JSON errors with status 2."""

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from simpul.frameworks.tests.documents import walk_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def score(frameworks_loaded: None) -> Callable[..., dict]:
    def run(path: Path, *args: str) -> dict:
        out = StringIO()
        call_command("score", *args, str(path), stdout=out)
        return json.loads(out.getvalue())

    return run


@pytest.fixture
def score_error(frameworks_loaded: None) -> Callable[..., dict]:
    def run(path: Path, *args: str) -> dict:
        out = StringIO()
        with pytest.raises(CommandError) as caught:
            call_command("score", *args, str(path), stdout=out)
        assert caught.value.returncode == 2
        error = json.loads(out.getvalue())["error"]
        assert str(caught.value) == error["message"]
        return error

    return run


def all_levels(level: int, count: int = 47) -> dict[str, int]:
    return {str(number): level for number in range(1, count + 1)}


def test_it_scores_a_csv_file_naming_indicators_by_number_or_code(
    score: Callable[..., dict], write_file: Callable[..., Path]
) -> None:
    rows = [
        "indicator,level",
        *(f"I{n:02},4" for n in range(1, 40)),
        *(f"{n},3" for n in range(40, 48)),
    ]
    result = score(write_file("\n".join(rows) + "\n", "levels.csv"), "--framework", "spbe-2020")
    # 4 × 100 − (8 indicators × 1 level × their weights: I40, I41 at 2.75, I42–I47 at 3) / 100
    assert result["index_exact"] == "3.765" and result["index"] == "3.77"
    assert result["predicate"] == "Sangat Baik"
    assert result["complete"] is True and result["provisional"] is False
    assert (result["answered"], result["total"]) == (47, 47)


def test_it_scores_a_json_file_and_reports_every_group_in_tree_order(
    score: Callable[..., dict], write_file: Callable[..., Path]
) -> None:
    result = score(write_file({"levels": all_levels(3)}), "--framework", "spbe-2020")
    assert result["framework"] == "spbe-2020" and result["status"] == "official"
    assert (result["index"], result["index_exact"], result["predicate"]) == ("3.00", "3", "Baik")
    groups = result["groups"]
    assert [group["code"] for group in groups] == [
        "D1", "A1", "D2", "A2", "A3", "A4", "D3", "A5", "A6", "D4", "A7", "A8",
    ]  # fmt: skip
    assert groups[1] == {
        "code": "A1",
        "name": "Kebijakan Internal Tata Kelola SPBE",
        "kind": "aspect",
        "depth": 1,
        "parent": "D1",
        "index": "3.00",
        "index_exact": "3",
        "answered": 10,
        "total": 10,
    }


def test_a_partial_file_gives_a_provisional_index_and_the_possible_range(
    score: Callable[..., dict], write_file: Callable[..., Path]
) -> None:
    path = write_file("indicator,level\n11,4\nI21,2\n32,\n", "levels.csv")
    result = score(path, "--framework", "spbe-2020")
    assert result["provisional"] is True and result["complete"] is False
    assert (result["answered"], result["total"]) == (2, 47)
    assert (result["index"], result["index_exact"]) == ("3.25", "3.25")
    assert result["answered_weight"] == "4" and result["weight_total"] == "100"
    assert result["range"] == {
        "min": "1.09",
        "min_exact": "1.09",
        "max": "4.93",
        "max_exact": "4.93",
    }
    d1 = next(group for group in result["groups"] if group["code"] == "D1")
    assert d1["index"] is None and d1["index_exact"] is None and d1["answered"] == 0


def test_the_framework_may_come_from_the_json_file(
    score: Callable[..., dict], write_file: Callable[..., Path]
) -> None:
    levels = {f"P{n:02}": 2 for n in range(1, 36)}
    result = score(write_file({"framework": "pemdi-2026-draft", "levels": levels}))
    assert result["framework"] == "pemdi-2026-draft" and result["index"] == "2.00"
    assert result["status"] == "draft" and "BELUM TERVERIFIKASI" in result["notice"]
    assert len(result["groups"]) == 9


@pytest.mark.parametrize(
    ("content", "name", "args", "field", "message"),
    [
        pytest.param(
            {"levels": {"I99": 3}}, "l.json", ["--framework", "spbe-2020"],
            "levels.I99", "Indikator I99 tidak ada dalam kerangka spbe-2020.",
            id="unknown indicator code",
        ),
        pytest.param(
            "indicator,level\n48,3\n", "l.csv", ["--framework", "spbe-2020"],
            "levels.48", "Indikator 48 tidak ada dalam kerangka spbe-2020.",
            id="unknown indicator number",
        ),
        pytest.param(
            {"levels": {"1": 3}}, "l.json", ["--framework", "spbe-2099"],
            "framework", "Kerangka spbe-2099 tidak ditemukan.",
            id="unknown framework",
        ),
        pytest.param(
            {"levels": {"1": 6}}, "l.json", ["--framework", "spbe-2020"],
            "levels.1", "bilangan bulat 1 sampai 5 (skala Proses), bukan 6.",
            id="level above the scale",
        ),
        pytest.param(
            "indicator,level\nI32,0\n", "l.csv", ["--framework", "spbe-2020"],
            "levels.I32", "bilangan bulat 1 sampai 5 (skala Layanan), bukan 0.",
            id="level below the scale",
        ),
        pytest.param(
            '{"levels": {"1": 3.5}}', "l.json", ["--framework", "spbe-2020"],
            "levels.1", "bukan 3.5.",
            id="fractional level in json",
        ),
        pytest.param(
            "indicator,level\n1,3.5\n", "l.csv", ["--framework", "spbe-2020"],
            "levels.1", 'bukan "3.5".',
            id="fractional level in csv",
        ),
        pytest.param(
            {"levels": {"1": "tiga"}}, "l.json", ["--framework", "spbe-2020"],
            "levels.1", 'bukan "tiga".',
            id="level as a word",
        ),
        pytest.param(
            {"levels": {"1": True}}, "l.json", ["--framework", "spbe-2020"],
            "levels.1", "bukan true.",
            id="level as a boolean",
        ),
        pytest.param(
            {"levels": {"1": 3, "I01": 4}}, "l.json", ["--framework", "spbe-2020"],
            "levels.I01", "Indikator I01 diberikan dua kali (sebagai 1 dan I01).",
            id="same indicator by number and code",
        ),
        pytest.param(
            '{"levels": {"1": 3, "1": 4}}', "l.json", ["--framework", "spbe-2020"],
            "levels.1", "Indikator 1 diberikan lebih dari sekali.",
            id="same key twice in json",
        ),
        pytest.param(
            "indicator,level\nI05,3\nI05,4\n", "l.csv", ["--framework", "spbe-2020"],
            "levels.I05", "Indikator I05 diberikan lebih dari sekali.",
            id="same row twice in csv",
        ),
        pytest.param(
            '{"levels": {"1": 3', "l.json", ["--framework", "spbe-2020"],
            "file", "Berkas bukan JSON yang sah",
            id="malformed json",
        ),
        pytest.param(
            "nomor,tingkat\n1,3\n", "l.csv", ["--framework", "spbe-2020"],
            "file", "Baris pertama CSV harus berupa kepala kolom: indicator,level.",
            id="csv without the header",
        ),
        pytest.param(
            "indicator,level\n1,3,4\n", "l.csv", ["--framework", "spbe-2020"],
            "file", "Baris 2: harus tepat dua kolom (indicator,level).",
            id="csv row with three cells",
        ),
        pytest.param(
            'indicator,level\n"1,3\n', "l.csv", ["--framework", "spbe-2020"],
            "file", "CSV tidak sah",
            id="csv with an open quote",
        ),
        pytest.param(
            "", "l.csv", ["--framework", "spbe-2020"],
            "file", "Berkas CSV kosong",
            id="empty csv",
        ),
        pytest.param(
            {"levels": [3, 4]}, "l.json", ["--framework", "spbe-2020"],
            "levels", "Kolom levels harus berupa objek",
            id="levels not an object",
        ),
        pytest.param(
            [1, 2], "l.json", ["--framework", "spbe-2020"],
            "body", "Isi permintaan harus berupa objek JSON.",
            id="json not an object",
        ),
        pytest.param(
            {"levels": {"1": 3}}, "l.json", [],
            "framework", "Kolom framework wajib diisi",
            id="no framework anywhere",
        ),
        pytest.param(
            {"framework": "pemdi-2026-draft", "levels": {}}, "l.json", ["--framework", "spbe-2020"],
            "framework", "berbeda dengan --framework",
            id="file and option disagree",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_json_error_naming_the_field(
    score_error: Callable[..., dict],
    write_file: Callable[..., Path],
    content: object,
    name: str,
    args: list[str],
    field: str,
    message: str,
) -> None:
    error = score_error(write_file(content, name), *args)
    assert error["field"] == field
    assert message in error["message"]


def test_a_missing_file_is_refused(score_error: Callable[..., dict], tmp_path: Path) -> None:
    error = score_error(tmp_path / "tidak-ada.csv", "--framework", "spbe-2020")
    assert error["field"] == "file" and "tidak ditemukan" in error["message"]


def test_levels_follow_the_framework_scale_not_a_fixed_one(
    score_error: Callable[..., dict], write_file: Callable[..., Path], spbe_document: dict
) -> None:
    # A version on a 0–3 scale: level 4 is refused, level 0 accepted.
    spbe_document.update(code="skala-0-3", scale={"min": 0, "max": 3})
    for scale in spbe_document["level_scales"].values():
        scale["levels"] = [{"level": n, "name": f"Tingkat {n}"} for n in range(4)]
    spbe_document["predicates"][0].update(upper="1")
    for band, (lower, upper) in zip(
        spbe_document["predicates"][1:],
        [("1", "1.5"), ("1.5", "2"), ("2", "2.5"), ("2.5", "3")],
        strict=True,
    ):
        band.update(lower=lower, upper=upper)
    for group in walk_groups(spbe_document["groups"]):
        for indicator in group.get("indicators", []):
            indicator["levels"] = [{"level": n} for n in range(4)]
            # The SPBE evidence rules name levels 4 and 5, which this scale does not have.
            indicator.pop("evidence_rules", None)
    call_command("import_framework", str(write_file(spbe_document)), stdout=StringIO())

    error = score_error(write_file({"levels": {"1": 4}}, "l.json"), "--framework", "skala-0-3")
    assert error["field"] == "levels.1" and "0 sampai 3" in error["message"]
    out = StringIO()
    call_command(
        "score",
        "--framework",
        "skala-0-3",
        str(write_file({"levels": {"1": 0}}, "ok.json")),
        stdout=out,
    )
    assert json.loads(out.getvalue())["range"]["min_exact"] == "0"
