"""The pure evidence rules: coverage of levels 1..n and the 2024 freshness rules as data."""

from datetime import date

import pytest

from simpul.cycles.rules import LinkedDocument, add_months, evidence_warnings, is_fresh
from simpul.evidence.models import EvidencePurpose as P
from simpul.frameworks.spec import EvidenceRule

TODAY = date(2025, 6, 15)
REVIEW = EvidenceRule(kind="review", from_level=4, max_age_months=24)
AUDIT = EvidenceRule(kind="audit", max_age_months=24)
FOLLOW_UP = EvidenceRule(kind="follow_up_policy", level=5, within_months_of_review=12)


def doc(level, purpose=P.GENERAL, issued_on=None, title="Dokumen"):
    return LinkedDocument(level=level, purpose=purpose, title=title, issued_on=issued_on)


def codes(level, documents, rules=(), today=TODAY):
    return [w.code for w in evidence_warnings(level, documents, rules, today=today, lowest=1)]


def all_levels(upto, **extra):
    return [doc(n, **extra) for n in range(1, upto + 1)]


def test_a_level_with_evidence_for_every_level_up_to_it_has_no_warning():
    assert codes(3, all_levels(3)) == []


def test_a_level_without_evidence_for_a_lower_level_names_the_missing_levels():
    warnings = evidence_warnings(3, [doc(2)], [], today=TODAY, lowest=1)
    assert [w.code for w in warnings] == ["missing_levels"]
    assert "tingkat 1 dan 3 belum memiliki data dukung" in warnings[0].message


def test_an_answer_without_a_level_needs_no_evidence_yet():
    assert codes(None, []) == []


def test_level_four_of_a_process_indicator_needs_a_review_record():
    assert codes(4, all_levels(4), [REVIEW]) == ["review_missing"]
    assert codes(3, all_levels(3), [REVIEW]) == []


def test_a_review_younger_than_two_years_satisfies_the_rule():
    documents = [*all_levels(4), doc(4, P.REVIEW, date(2023, 6, 16))]
    assert codes(4, documents, [REVIEW]) == []


def test_a_review_two_years_old_or_more_is_stale_and_named():
    documents = [*all_levels(4), doc(4, P.REVIEW, date(2023, 6, 15), "Laporan Reviu SPBE 2023")]
    warnings = evidence_warnings(4, documents, [REVIEW], today=TODAY, lowest=1)
    assert [w.code for w in warnings] == ["review_stale"]
    assert "Laporan Reviu SPBE 2023" in warnings[0].message
    assert "24 bulan" in warnings[0].message


def test_an_undated_review_cannot_be_checked_and_says_so():
    documents = [*all_levels(4), doc(4, P.REVIEW, None, "Notulen reviu")]
    warnings = evidence_warnings(4, documents, [REVIEW], today=TODAY, lowest=1)
    assert [w.code for w in warnings] == ["review_undated"]
    assert "Notulen reviu" in warnings[0].message


def test_the_review_level_comes_from_the_rule_not_from_code():
    level_five = EvidenceRule(kind="review", from_level=5, max_age_months=24)
    assert codes(4, all_levels(4), [level_five]) == []
    assert codes(5, all_levels(5), [level_five]) == ["review_missing"]


def test_audits_older_than_two_years_do_not_count_at_any_level():
    documents = [
        *all_levels(2),
        doc(2, P.AUDIT, date(2023, 1, 10), "Audit lama"),
        doc(2, P.AUDIT, date(2024, 9, 1), "Audit baru"),
    ]
    warnings = evidence_warnings(2, documents, [AUDIT], today=TODAY, lowest=1)
    assert [w.code for w in warnings] == ["audit_stale"]
    assert "Audit lama" in warnings[0].message and "Audit baru" not in warnings[0].message


def test_an_audit_rule_with_a_level_requires_a_fresh_audit_from_that_level():
    rule = EvidenceRule(kind="audit", from_level=3, max_age_months=24)
    assert codes(3, all_levels(3), [rule]) == ["audit_missing"]
    assert codes(3, [*all_levels(3), doc(3, P.AUDIT, date(2025, 1, 1))], [rule]) == []


def test_level_five_of_a_policy_needs_a_follow_up_policy():
    documents = [*all_levels(5), doc(5, P.REVIEW, date(2025, 1, 1))]
    assert codes(5, documents, [FOLLOW_UP]) == ["follow_up_missing"]
    assert codes(4, all_levels(4), [FOLLOW_UP]) == []


def test_a_follow_up_within_a_year_of_the_review_satisfies_the_rule():
    documents = [
        *all_levels(5),
        doc(5, P.REVIEW, date(2024, 3, 1)),
        doc(5, P.FOLLOW_UP_POLICY, date(2025, 2, 28)),
    ]
    assert codes(5, documents, [FOLLOW_UP]) == []


def test_a_follow_up_issued_more_than_a_year_after_the_review_is_late():
    documents = [
        *all_levels(5),
        doc(5, P.REVIEW, date(2023, 3, 1), "Reviu 2023"),
        doc(5, P.FOLLOW_UP_POLICY, date(2024, 3, 1), "SK tindak lanjut"),
    ]
    warnings = evidence_warnings(5, documents, [FOLLOW_UP], today=TODAY, lowest=1)
    assert [w.code for w in warnings] == ["follow_up_late"]
    assert "SK tindak lanjut" in warnings[0].message and "Reviu 2023" in warnings[0].message


def test_a_follow_up_issued_before_the_review_does_not_follow_it_up():
    documents = [
        *all_levels(5),
        doc(5, P.REVIEW, date(2025, 1, 1)),
        doc(5, P.FOLLOW_UP_POLICY, date(2024, 6, 1)),
    ]
    assert codes(5, documents, [FOLLOW_UP]) == ["follow_up_before_review"]


def test_a_follow_up_needs_a_dated_review_to_compare_with():
    documents = [*all_levels(5), doc(5, P.FOLLOW_UP_POLICY, date(2025, 1, 1))]
    assert codes(5, documents, [FOLLOW_UP]) == ["follow_up_no_review"]


def test_rules_combine_and_each_reports_independently():
    documents = [*all_levels(4), doc(4, P.AUDIT, date(2020, 1, 1))]
    assert codes(5, documents, [REVIEW, AUDIT, FOLLOW_UP]) == [
        "missing_levels",
        "review_missing",
        "audit_stale",
        "follow_up_missing",
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 11, 15), 24, date(2025, 11, 15)),
    ],
)
def test_months_are_added_by_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


def test_a_document_is_fresh_until_the_same_day_months_later():
    assert is_fresh(date(2023, 6, 16), TODAY, 24)
    assert not is_fresh(date(2023, 6, 15), TODAY, 24)
