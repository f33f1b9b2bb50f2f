"""Evidence warnings for one answer: pure computation, no database.

Two kinds of check, both fed only by their arguments:

- coverage: level n needs evidence for every level from the lowest up to n ("Kriteria
  tingkat n-1 telah terpenuhi"), so each level without a linked document is named;
- freshness: the indicator's `evidence_rules` from the framework file (review records,
  audit reports, follow-up policies and their ages), judged against the issue dates of
  the linked documents and `today`.

Every number (levels, months) comes from the framework file; docs/framework-format.md
describes the rules and docs/cycles.md what the user sees.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simpul.evidence.models import EvidencePurpose
from simpul.frameworks.spec import EvidenceRule

# Which documents each kind of rule looks at.
RULE_PURPOSES = {
    "review": EvidencePurpose.REVIEW,
    "audit": EvidencePurpose.AUDIT,
    "follow_up_policy": EvidencePurpose.FOLLOW_UP_POLICY,
}


@dataclass(frozen=True)
class LinkedDocument:
    """What the rules need to know about one evidence link of the answer."""

    level: int
    purpose: str
    title: str
    issued_on: date | None


@dataclass(frozen=True)
class EvidenceWarning:
    code: str
    message: str


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        # A document dated near 9999 (stored before forms refused it) stays fresh forever.
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_fresh(issued_on: date, today: date, max_age_months: int) -> bool:
    """Younger than `max_age_months` on `today`."""
    return today < add_months(issued_on, max_age_months)


def missing_levels(level: int | None, linked_levels: Iterable[int], lowest: int) -> list[int]:
    """The levels from `lowest` to `level` that have no evidence linked."""
    if level is None:
        return []
    have = set(linked_levels)
    return [n for n in range(lowest, level + 1) if n not in have]


def evidence_warnings(
    level: int | None,
    documents: Sequence[LinkedDocument],
    rules: Iterable[EvidenceRule],
    *,
    today: date,
    lowest: int,
) -> list[EvidenceWarning]:
    """Every warning for an answer at `level` with these linked documents, on `today`."""
    warnings = []
    gaps = missing_levels(level, (document.level for document in documents), lowest)
    if gaps:
        warnings.append(
            EvidenceWarning(
                "missing_levels",
                ngettext(
                    "Tingkat %(level)s dipilih, tetapi tingkat %(levels)s belum memiliki data "
                    "dukung (tingkat n memerlukan bukti tingkat %(lowest)s sampai n).",
                    "Tingkat %(level)s dipilih, tetapi tingkat %(levels)s belum memiliki data "
                    "dukung (tingkat n memerlukan bukti tingkat %(lowest)s sampai n).",
                    len(gaps),
                )
                % {"level": level, "levels": _join(gaps), "lowest": lowest},
            )
        )
    for rule in rules:
        chosen = [d for d in documents if d.purpose == RULE_PURPOSES[rule.kind]]
        if rule.kind == "review":
            warnings += _review(rule, level, chosen, today)
        elif rule.kind == "audit":
            warnings += _audit(rule, level, chosen, today)
        elif rule.kind == "follow_up_policy":
            reviews = [d for d in documents if d.purpose == EvidencePurpose.REVIEW]
            warnings += _follow_up(rule, level, chosen, reviews)
    return warnings


def _review(
    rule: EvidenceRule, level: int | None, reviews: list[LinkedDocument], today: date
) -> list[EvidenceWarning]:
    if level is None or rule.from_level is None or level < rule.from_level:
        return []
    context = {"level": rule.from_level, "months": rule.max_age_months}
    if not reviews:
        return [
            EvidenceWarning(
                "review_missing",
                _(
                    "Tingkat %(level)s ke atas memerlukan catatan/laporan hasil reviu atau "
                    "evaluasi yang berumur kurang dari %(months)s bulan; belum ada data dukung "
                    "berfungsi “Hasil reviu/evaluasi”."
                )
                % context,
            )
        ]
    dated = [d for d in reviews if d.issued_on is not None]
    if any(is_fresh(d.issued_on, today, rule.max_age_months) for d in dated):
        return []
    if not dated:
        return [_undated("review_undated", reviews)]
    newest = max(dated, key=lambda d: d.issued_on)
    return [
        EvidenceWarning(
            "review_stale",
            _(
                "Catatan reviu terbaru, “%(title)s” (%(date)s), sudah berumur %(months)s bulan "
                "atau lebih; tingkat %(level)s ke atas memerlukan reviu/evaluasi yang berumur "
                "kurang dari %(months)s bulan."
            )
            % {**context, "title": newest.title, "date": _day(newest.issued_on)},
        )
    ]


def _audit(
    rule: EvidenceRule, level: int | None, audits: list[LinkedDocument], today: date
) -> list[EvidenceWarning]:
    months = rule.max_age_months
    warnings = [
        EvidenceWarning(
            "audit_stale",
            _(
                "Laporan audit “%(title)s” (%(date)s) sudah berumur %(months)s bulan atau "
                "lebih; audit hanya dihitung bila dilaksanakan dalam %(months)s bulan terakhir."
            )
            % {"title": d.title, "date": _day(d.issued_on), "months": months},
        )
        for d in audits
        if d.issued_on is not None and not is_fresh(d.issued_on, today, months)
    ]
    undated = [d for d in audits if d.issued_on is None]
    if undated:
        warnings.append(_undated("audit_undated", undated))
    needed = rule.from_level is not None and level is not None and level >= rule.from_level
    fresh = [d for d in audits if d.issued_on and is_fresh(d.issued_on, today, months)]
    if needed and not fresh:
        warnings.append(
            EvidenceWarning(
                "audit_missing",
                _(
                    "Tingkat %(level)s ke atas memerlukan laporan audit yang berumur kurang dari "
                    "%(months)s bulan."
                )
                % {"level": rule.from_level, "months": months},
            )
        )
    return warnings


def _follow_up(
    rule: EvidenceRule,
    level: int | None,
    policies: list[LinkedDocument],
    reviews: list[LinkedDocument],
) -> list[EvidenceWarning]:
    if level is None or rule.level is None or level < rule.level:
        return []
    months = rule.within_months_of_review
    context = {"level": rule.level, "months": months}
    if not policies:
        return [
            EvidenceWarning(
                "follow_up_missing",
                _(
                    "Tingkat %(level)s memerlukan kebijakan tindak lanjut (SK, SE, SOP atau "
                    "kebijakan lain) yang ditetapkan paling lama %(months)s bulan setelah reviu; "
                    "belum ada data dukung berfungsi “Kebijakan tindak lanjut reviu”."
                )
                % context,
            )
        ]
    dated_policies = [d for d in policies if d.issued_on is not None]
    dated_reviews = [d for d in reviews if d.issued_on is not None]
    if not dated_policies:
        return [_undated("follow_up_undated", policies)]
    if not dated_reviews:
        return [
            EvidenceWarning(
                "follow_up_no_review",
                _(
                    "Kebijakan tindak lanjut harus ditetapkan paling lama %(months)s bulan "
                    "setelah reviu, tetapi belum ada catatan reviu bertanggal untuk "
                    "dibandingkan."
                )
                % context,
            )
        ]
    for policy in dated_policies:
        for review in dated_reviews:
            if review.issued_on <= policy.issued_on < add_months(review.issued_on, months):
                return []
    policy = max(dated_policies, key=lambda d: d.issued_on)
    earlier = [r for r in dated_reviews if r.issued_on <= policy.issued_on]
    if not earlier:
        return [
            EvidenceWarning(
                "follow_up_before_review",
                _(
                    "Kebijakan tindak lanjut “%(title)s” (%(date)s) ditetapkan sebelum reviu "
                    "yang ditautkan; tindak lanjut harus ditetapkan setelah reviu."
                )
                % {"title": policy.title, "date": _day(policy.issued_on)},
            )
        ]
    review = max(earlier, key=lambda d: d.issued_on)
    return [
        EvidenceWarning(
            "follow_up_late",
            _(
                "Kebijakan tindak lanjut “%(title)s” (%(date)s) ditetapkan lebih dari "
                "%(months)s bulan setelah reviu “%(review)s” (%(review_date)s)."
            )
            % {
                "title": policy.title,
                "date": _day(policy.issued_on),
                "months": months,
                "review": review.title,
                "review_date": _day(review.issued_on),
            },
        )
    ]


def _undated(code: str, documents: list[LinkedDocument]) -> EvidenceWarning:
    return EvidenceWarning(
        code,
        _(
            "Tanggal ditetapkan belum diisi pada %(titles)s; umur dokumen tidak dapat "
            "diperiksa. Lengkapi tanggalnya di pustaka data dukung."
        )
        % {"titles": ", ".join(f"“{d.title}”" for d in documents)},
    )


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _join(numbers: list[int]) -> str:
    text = [str(n) for n in numbers]
    if len(text) == 1:
        return text[0]
    return _("%(first)s dan %(last)s") % {"first": ", ".join(text[:-1]), "last": text[-1]}


def describe_rule(rule: EvidenceRule) -> str:
    """One sentence telling the user what a freshness rule asks for."""
    if rule.kind == "review":
        return _(
            "Mulai tingkat %(level)s: catatan/laporan hasil reviu atau evaluasi yang berumur "
            "kurang dari %(months)s bulan (tautkan dengan fungsi “Hasil reviu/evaluasi”)."
        ) % {"level": rule.from_level, "months": rule.max_age_months}
    if rule.kind == "audit":
        text = _(
            "Laporan audit hanya dihitung bila berumur kurang dari %(months)s bulan "
            "(tautkan dengan fungsi “Laporan audit”)."
        ) % {"months": rule.max_age_months}
        if rule.from_level is not None:
            text += " " + _("Mulai tingkat %(level)s laporan audit itu wajib ada.") % {
                "level": rule.from_level
            }
        return text
    return _(
        "Tingkat %(level)s: kebijakan tindak lanjut (SK, SE, SOP) yang ditetapkan paling lama "
        "%(months)s bulan setelah reviu (tautkan dengan fungsi “Kebijakan tindak lanjut reviu”)."
    ) % {"level": rule.level, "months": rule.within_months_of_review}
