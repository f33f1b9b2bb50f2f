"""`evidence_rules` in framework files: checked with named errors, shipped for SPBE 2020."""

import importlib.util
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from simpul.frameworks.canonical import content_sha256
from simpul.frameworks.checking import load_framework_file, parse_framework_document
from simpul.frameworks.spec import EvidenceRule, FrameworkFileError
from simpul.frameworks.tests import documents as doc
from simpul.frameworks.tests.conftest import PEMDI_FILE, SPBE_FILE

ROOT = Path(__file__).resolve().parents[3]
BUILD_TOOL = ROOT / "tools" / "build_frameworks.py"
REFERENCE_EXCERPT = Path(__file__).resolve().parent / "data" / "spbe-2020-excerpt.json"


def rules_of(spec, code: str) -> tuple[EvidenceRule, ...]:
    return next(item for item, _group in spec.indicators() if item.code == code).evidence_rules


def problems(document: dict) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework_document(document)
    return [str(problem) for problem in caught.value.problems]


def with_rules(document: dict, code: str, rules: object) -> dict:
    doc.indicator(document, code)["evidence_rules"] = rules
    return document


# The 2024 freshness rules, read from the shipped file: numbers are data, not code.


def test_process_indicators_need_a_fresh_review_from_level_four(spbe_engine):
    assert EvidenceRule("review", from_level=4, max_age_months=24) in rules_of(
        spbe_engine.spec, "I11"
    )


def test_indicator_three_needs_its_review_at_level_five(spbe_engine):
    assert EvidenceRule("review", from_level=5, max_age_months=24) in rules_of(
        spbe_engine.spec, "I03"
    )


def test_service_indicators_need_a_fresh_review_at_level_five(spbe_engine):
    for code in ("I32", "I47"):
        assert rules_of(spbe_engine.spec, code) == (
            EvidenceRule("review", from_level=5, max_age_months=24),
        )


def test_audit_indicators_count_audits_only_within_two_years(spbe_engine):
    for code in ("I29", "I30", "I31"):
        assert EvidenceRule("audit", max_age_months=24) in rules_of(spbe_engine.spec, code)
    assert not any(rule.kind == "audit" for rule in rules_of(spbe_engine.spec, "I28"))


def test_policy_indicators_need_a_follow_up_within_a_year_at_level_five(spbe_engine):
    rule = EvidenceRule("follow_up_policy", level=5, within_months_of_review=12)
    for code in ("I01", "I10"):
        assert rule in rules_of(spbe_engine.spec, code)
    assert rule not in rules_of(spbe_engine.spec, "I11")


def test_the_draft_without_rules_keeps_its_content_hash(pemdi_engine):
    # Files written before evidence rules existed must not become "changed content".
    spec = pemdi_engine.spec
    assert all(not item.evidence_rules for item, _group in spec.indicators())
    stored = json.loads(PEMDI_FILE.read_text("utf-8"))
    assert not any("evidence_rules" in json.dumps(group) for group in stored["groups"])
    assert content_sha256(spec) == content_sha256(load_framework_file(PEMDI_FILE))


def test_rules_survive_the_round_trip_through_the_canonical_document(spbe_document):
    spec = parse_framework_document(spbe_document)
    assert rules_of(spec, "I03") == rules_of(load_framework_file(SPBE_FILE), "I03")


def build_tool():
    """tools/build_frameworks.py, imported from its file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_frameworks", BUILD_TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def indicators_of(document: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(groups: list[dict]) -> None:
        for group in groups:
            found.update((item["code"], item) for item in group.get("indicators", []))
            walk(group.get("groups", []))

    walk(document["groups"])
    return found


def groups_of(document: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def walk(groups: list[dict]) -> None:
        for group in groups:
            found[group["code"]] = {key: group[key] for key in ("name", "kind", "weight")}
            walk(group.get("groups", []))

    walk(document["groups"])
    return found


def test_the_shipped_file_is_what_the_build_tool_makes_from_the_reference_data():
    # An excerpt of the reference data (data/README.md): one indicator for each branch of the
    # evidence rules. The whole check needs ../shared: tools/build_frameworks.py --check.
    tool = build_tool()
    source = json.loads(REFERENCE_EXCERPT.read_text("utf-8"), parse_float=Decimal)
    built = tool.spbe(source)
    shipped = json.loads(SPBE_FILE.read_text("utf-8"))
    assert {key: value for key, value in built.items() if key != "groups"} == {
        key: value for key, value in shipped.items() if key != "groups"
    }
    made, kept = indicators_of(built), indicators_of(shipped)
    assert sorted(made) == ["I01", "I03", "I11", "I29", "I32"]
    for code, item in made.items():
        assert item == kept[code], code
    shipped_groups = groups_of(shipped)
    for code, group in groups_of(built).items():
        assert group == shipped_groups[code], code
    # The rules come from the tool's constants and the source's names, not from the excerpt.
    assert [rule["kind"] for rule in made["I03"]["evidence_rules"]] == [
        "review",
        "follow_up_policy",
    ]
    assert made["I03"]["evidence_rules"][0]["from_level"] == 5


# Bad rules are refused, every problem named with its indicator and rule.

BAD_RULES: list[tuple[str, object, str]] = [
    ("not a list", {"kind": "review"}, 'kolom "evidence_rules" harus berupa daftar'),
    ("not an object", ["review"], "aturan data dukung ke-1: harus berupa objek JSON"),
    ("no kind", [{"max_age_months": 24}], 'aturan data dukung ke-1: kolom "kind" wajib diisi'),
    ("unknown kind", [{"kind": "freshness"}], 'jenis aturan "freshness" tidak dikenal'),
    (
        "missing required key",
        [{"kind": "review", "max_age_months": 24}],
        'ke-1 (review): kolom "from_level" wajib diisi',
    ),
    (
        "key of another kind",
        [{"kind": "audit", "max_age_months": 24, "level": 5}],
        'ke-1 (audit): kolom "level" tidak dikenal',
    ),
    (
        "level outside the scale",
        [{"kind": "review", "from_level": 6, "max_age_months": 24}],
        'kolom "from_level" harus di antara 1 dan 5',
    ),
    (
        "months not a whole number",
        [{"kind": "audit", "max_age_months": "24"}],
        'kolom "max_age_months" harus berupa bilangan bulat',
    ),
    (
        "zero months",
        [{"kind": "follow_up_policy", "level": 5, "within_months_of_review": 0}],
        'kolom "within_months_of_review" harus di antara 1 dan 1200',
    ),
    (
        "the same kind twice",
        [
            {"kind": "audit", "max_age_months": 24},
            {"kind": "audit", "max_age_months": 12},
        ],
        'ke-2 (audit): aturan "audit" sudah ada pada indikator ini',
    ),
]


@pytest.mark.parametrize(
    ("rules", "message"),
    [pytest.param(rules, message, id=case) for case, rules, message in BAD_RULES],
)
def test_a_bad_evidence_rule_is_refused_naming_its_indicator(spbe_document, rules, message):
    found = problems(with_rules(spbe_document, "I07", rules))
    assert any(p.startswith("Indikator I07") and message in p for p in found), found


def test_every_bad_rule_is_reported_at_once(spbe_document):
    with_rules(spbe_document, "I07", [{"kind": "freshness"}])
    with_rules(spbe_document, "I08", [{"kind": "review", "from_level": 0, "max_age_months": 24}])
    found = problems(spbe_document)
    assert any(p.startswith("Indikator I07") for p in found)
    assert any(p.startswith("Indikator I08") for p in found)


def test_an_import_of_a_bad_rule_writes_nothing(spbe_document, write_file: Callable[..., Path], db):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from simpul.frameworks.models import Framework

    spbe_document["code"] = "aturan-salah"
    with_rules(spbe_document, "I07", [{"kind": "review", "from_level": 4}])
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", str(write_file(spbe_document)), stdout=StringIO())
    assert caught.value.returncode == 2
    assert "max_age_months" in str(caught.value)
    assert not Framework.objects.filter(code="aturan-salah").exists()
