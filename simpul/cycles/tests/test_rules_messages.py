"""Every evidence warning and rule sentence word for word, with the document it names.

The coarser tests in test_rules.py check which warnings appear; these check what the user
reads: the level and months from the rule, the newest of several documents, the dates in
Indonesian, the list of titles.
"""

from datetime import date

import pytest

from simpul.cycles.rules import LinkedDocument, add_months, describe_rule, evidence_warnings
from simpul.evidence.models import EvidencePurpose as P
from simpul.frameworks.spec import EvidenceRule

TODAY = date(2025, 6, 15)
REVIEW = EvidenceRule(kind="review", from_level=4, max_age_months=24)
AUDIT = EvidenceRule(kind="audit", max_age_months=24)
AUDIT_FROM_3 = EvidenceRule(kind="audit", from_level=3, max_age_months=36)
FOLLOW_UP = EvidenceRule(kind="follow_up_policy", level=5, within_months_of_review=12)


def doc(level, purpose=P.GENERAL, title="Dokumen", issued_on=None):
    return LinkedDocument(level=level, purpose=purpose, title=title, issued_on=issued_on)


def levels(upto):
    return [doc(n) for n in range(1, upto + 1)]


def warnings(level, documents, rules=()):
    found = evidence_warnings(level, documents, rules, today=TODAY, lowest=1)
    return [(w.code, w.message) for w in found]


UNDATED = (
    "Tanggal ditetapkan belum diisi pada {}; umur dokumen tidak dapat diperiksa. Lengkapi "
    "tanggalnya di pustaka data dukung."
)
AUDIT_2020_STALE = (
    "audit_stale",
    "Laporan audit “Audit 2020” (1 Maret 2020) sudah berumur 36 bulan atau lebih; audit hanya "
    "dihitung bila dilaksanakan dalam 36 bulan terakhir.",
)


@pytest.mark.parametrize(
    ("level", "documents", "rules", "expected"),
    [
        pytest.param(
            3,
            levels(2),
            [],
            [
                (
                    "missing_levels",
                    "Tingkat 3 dipilih, tetapi tingkat 3 belum memiliki data dukung (tingkat n "
                    "memerlukan bukti tingkat 1 sampai n).",
                )
            ],
            id="one level missing",
        ),
        pytest.param(
            4,
            [doc(3)],
            [],
            [
                (
                    "missing_levels",
                    "Tingkat 4 dipilih, tetapi tingkat 1, 2 dan 4 belum memiliki data dukung "
                    "(tingkat n memerlukan bukti tingkat 1 sampai n).",
                )
            ],
            id="three levels missing",
        ),
        pytest.param(
            4,
            levels(4),
            [REVIEW],
            [
                (
                    "review_missing",
                    "Tingkat 4 ke atas memerlukan catatan/laporan hasil reviu atau evaluasi yang "
                    "berumur kurang dari 24 bulan; belum ada data dukung berfungsi “Hasil "
                    "reviu/evaluasi”.",
                )
            ],
            id="review missing",
        ),
        pytest.param(
            4,
            [
                *levels(4),
                doc(4, P.REVIEW, "Reviu 2022", date(2022, 1, 5)),
                doc(4, P.REVIEW, "Reviu 2023", date(2023, 6, 15)),
            ],
            [REVIEW],
            [
                (
                    "review_stale",
                    "Catatan reviu terbaru, “Reviu 2023” (15 Juni 2023), sudah berumur 24 bulan "
                    "atau lebih; tingkat 4 ke atas memerlukan reviu/evaluasi yang berumur kurang "
                    "dari 24 bulan.",
                )
            ],
            id="the newest stale review is named",
        ),
        pytest.param(
            4,
            [*levels(4), doc(4, P.REVIEW, "Reviu A"), doc(4, P.REVIEW, "Reviu B")],
            [REVIEW],
            [("review_undated", UNDATED.format("“Reviu A”, “Reviu B”"))],
            id="undated reviews",
        ),
        pytest.param(
            2,
            [
                *levels(2),
                doc(2, P.AUDIT, "Audit 2020", date(2020, 3, 1)),
                doc(2, P.AUDIT, "Audit tanpa tanggal"),
            ],
            [AUDIT_FROM_3],
            [AUDIT_2020_STALE, ("audit_undated", UNDATED.format("“Audit tanpa tanggal”"))],
            id="stale and undated audits below the audit level",
        ),
        pytest.param(
            3,
            [*levels(3), doc(3, P.AUDIT, "Audit 2020", date(2020, 3, 1))],
            [AUDIT_FROM_3],
            [
                AUDIT_2020_STALE,
                (
                    "audit_missing",
                    "Tingkat 3 ke atas memerlukan laporan audit yang berumur kurang dari 36 bulan.",
                ),
            ],
            id="a fresh audit missing from its level",
        ),
        pytest.param(
            5,
            [*levels(5), doc(5, P.REVIEW, "Reviu", date(2024, 1, 10))],
            [FOLLOW_UP],
            [
                (
                    "follow_up_missing",
                    "Tingkat 5 memerlukan kebijakan tindak lanjut (SK, SE, SOP atau kebijakan "
                    "lain) yang ditetapkan paling lama 12 bulan setelah reviu; belum ada data "
                    "dukung berfungsi “Kebijakan tindak lanjut reviu”.",
                )
            ],
            id="follow-up missing",
        ),
        pytest.param(
            5,
            [*levels(5), doc(5, P.FOLLOW_UP_POLICY, "SK")],
            [FOLLOW_UP],
            [("follow_up_undated", UNDATED.format("“SK”"))],
            id="follow-up undated",
        ),
        pytest.param(
            5,
            [
                *levels(5),
                doc(5, P.FOLLOW_UP_POLICY, "SK", date(2024, 2, 1)),
                doc(5, P.REVIEW, "Reviu"),
            ],
            [FOLLOW_UP],
            [
                (
                    "follow_up_no_review",
                    "Kebijakan tindak lanjut harus ditetapkan paling lama 12 bulan setelah reviu, "
                    "tetapi belum ada catatan reviu bertanggal untuk dibandingkan.",
                )
            ],
            id="follow-up without a dated review",
        ),
        pytest.param(
            5,
            [
                *levels(5),
                doc(5, P.FOLLOW_UP_POLICY, "SK 2023", date(2023, 2, 1)),
                doc(5, P.REVIEW, "Reviu 2024", date(2024, 1, 10)),
            ],
            [FOLLOW_UP],
            [
                (
                    "follow_up_before_review",
                    "Kebijakan tindak lanjut “SK 2023” (1 Februari 2023) ditetapkan sebelum reviu "
                    "yang ditautkan; tindak lanjut harus ditetapkan setelah reviu.",
                )
            ],
            id="follow-up before the review",
        ),
        pytest.param(
            5,
            [
                *levels(5),
                doc(5, P.FOLLOW_UP_POLICY, "SK lama", date(2022, 1, 1)),
                doc(5, P.FOLLOW_UP_POLICY, "SK 2025", date(2025, 3, 1)),
                doc(5, P.REVIEW, "Reviu 2022", date(2022, 2, 1)),
                doc(5, P.REVIEW, "Reviu 2023", date(2023, 5, 2)),
                doc(5, P.REVIEW, "Reviu 2025", date(2025, 4, 1)),
            ],
            [FOLLOW_UP],
            [
                (
                    "follow_up_late",
                    "Kebijakan tindak lanjut “SK 2025” (1 Maret 2025) ditetapkan lebih dari 12 "
                    "bulan setelah reviu “Reviu 2023” (2 Mei 2023).",
                )
            ],
            id="the newest late policy and the last review before it are named",
        ),
    ],
)
def test_each_warning_reads_as_written(level, documents, rules, expected):
    assert warnings(level, documents, rules) == expected


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        (
            REVIEW,
            "Mulai tingkat 4: catatan/laporan hasil reviu atau evaluasi yang berumur kurang dari "
            "24 bulan (tautkan dengan fungsi “Hasil reviu/evaluasi”).",
        ),
        (
            AUDIT,
            "Laporan audit hanya dihitung bila berumur kurang dari 24 bulan (tautkan dengan "
            "fungsi “Laporan audit”).",
        ),
        (
            AUDIT_FROM_3,
            "Laporan audit hanya dihitung bila berumur kurang dari 36 bulan (tautkan dengan "
            "fungsi “Laporan audit”). Mulai tingkat 3 laporan audit itu wajib ada.",
        ),
        (
            FOLLOW_UP,
            "Tingkat 5: kebijakan tindak lanjut (SK, SE, SOP) yang ditetapkan paling lama 12 "
            "bulan setelah reviu (tautkan dengan fungsi “Kebijakan tindak lanjut reviu”).",
        ),
    ],
)
def test_each_rule_is_described_in_one_sentence(rule, sentence):
    assert describe_rule(rule) == sentence


def test_a_policy_within_the_window_of_any_review_satisfies_the_rule():
    # The second policy follows the second review within 12 months; the first follows none.
    documents = [
        *levels(5),
        doc(5, P.FOLLOW_UP_POLICY, "SK 2020", date(2020, 1, 1)),
        doc(5, P.FOLLOW_UP_POLICY, "SK 2024", date(2024, 12, 31)),
        doc(5, P.REVIEW, "Reviu 2021", date(2021, 1, 1)),
        doc(5, P.REVIEW, "Reviu 2024", date(2024, 1, 1)),
    ]
    assert warnings(5, documents, [FOLLOW_UP]) == []
    # A policy on the review's own day counts; one exactly 12 months later does not.
    same_day = [*levels(5), doc(5, P.FOLLOW_UP_POLICY, "SK", date(2024, 1, 1))]
    assert warnings(5, [*same_day, doc(5, P.REVIEW, "R", date(2024, 1, 1))], [FOLLOW_UP]) == []
    year_later = [*levels(5), doc(5, P.FOLLOW_UP_POLICY, "SK", date(2025, 1, 1))]
    late = warnings(5, [*year_later, doc(5, P.REVIEW, "R", date(2024, 1, 1))], [FOLLOW_UP])
    assert [code for code, _message in late] == ["follow_up_late"]


def test_rules_above_the_answer_level_or_without_a_level_are_silent():
    assert warnings(3, levels(3), [REVIEW, AUDIT_FROM_3, FOLLOW_UP]) == [
        (
            "audit_missing",
            "Tingkat 3 ke atas memerlukan laporan audit yang berumur kurang dari 36 bulan.",
        )
    ]
    assert warnings(4, levels(4), [FOLLOW_UP, AUDIT]) == []
    assert warnings(None, [], [REVIEW, AUDIT_FROM_3, FOLLOW_UP]) == []
    # A fresh audit satisfies its level; a date counts only when set.
    fresh = [*levels(3), doc(3, P.AUDIT, "Audit 2024", date(2024, 1, 1))]
    assert warnings(3, fresh, [AUDIT_FROM_3]) == []


def test_a_date_near_the_calendar_end_stays_fresh():
    assert add_months(date(9999, 12, 1), 1) == date.max
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
