"""Benchmark: the query count of every paginated API list at page sizes 1, 10 and 50, beside the
floor (one object read with the same token), all measured in the same run.

    .venv/bin/python bench/api_lists.py [--rows 60]

Builds the same throw-away database as bench/api_answers.py (one SPBE 2020 period of 47
answers, one coordinator with a read token), then adds --rows documents linked to answers,
--rows actions, --rows meetings and --rows forum threads through the write operations the
pages use. For each list it counts the SQL queries of one GET at page_size 1, 10 and 50 and
prints them beside the floor, `GET /api/v1/cycles/{id}` (authentication, the membership, one
row). Exits with status 1 when a list's count differs between page sizes: a list whose work
grows with the page has an N+1 query.
"""

import argparse
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from api_answers import build, query_count, setup_django

PAGE_SIZES = (1, 10, 50)


def add_rows(admin, cycle, rows: int) -> None:
    from simpul.agencies.models import Membership
    from simpul.cycles.models import AnswerStatus
    from simpul.evidence import operations as evidence_operations
    from simpul.forum import operations as forum_operations
    from simpul.forum.models import PostKind
    from simpul.meetings import operations as meeting_operations
    from simpul.meetings.models import MeetingKind
    from simpul.plans import operations as plan_operations

    membership = Membership.objects.get(user=admin, agency=cycle.agency)
    # Documents are linked while the answers are drafts, as respondents do; then sent again.
    cycle.answers.update(status=AnswerStatus.DRAFT)
    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    zone = ZoneInfo("Asia/Jakarta")
    for n in range(rows):
        answer = answers[n % len(answers)]
        document = evidence_operations.register_link(
            cycle.agency,
            url=f"https://jdih.contoh.go.id/dokumen/{n}",
            title=f"Peraturan Bupati nomor {n}",
            user=admin,
        )
        evidence_operations.link_evidence(answer, document, level=1 + n % 3, user=admin)
        plan_operations.create_action(
            cycle.agency,
            membership=membership,
            cycle=cycle,
            indicator=answer.indicator,
            target_level=4,
            unit=membership.unit,
            pic=admin,
            start_date=date(2025, 1, 1),
            due_date=date(2025, 1, 1) + timedelta(days=n),
        )
        start = datetime(2025, 2, 1, 9, tzinfo=zone) + timedelta(days=n)
        meeting_operations.schedule_meeting(
            cycle.agency,
            membership=membership,
            title=f"Rapat koordinasi {n}",
            kind=MeetingKind.COORDINATION,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            agenda=[(f"Indikator {answer.indicator.number}", answer.indicator)],
        )
        forum_operations.start_thread(
            cycle.agency,
            membership=membership,
            title=f"Kendala indikator {answer.indicator.number} ({n})",
            kind=PostKind.OBSTACLE,
            body="Belum ada dokumen yang ditetapkan.",
            indicator=answer.indicator,
        )
    cycle.answers.update(status=AnswerStatus.SUBMITTED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=60, help="rows per list (≥ 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as folder:
        setup_django(Path(folder))
        from django.conf import settings
        from django.test import Client

        settings.FORUM_POSTS_PER_MINUTE = args.rows + 1  # the rate limit has its own tests
        from django.urls import reverse

        admin, cycle, token = build()
        add_rows(admin, cycle, args.rows)
        api = Client(headers={"Authorization": f"Bearer {token}"})
        lists = {
            "frameworks": reverse("api:frameworks"),
            "cycles": reverse("api:cycles"),
            "cycles/{id}/answers": reverse("api:answers", args=[cycle.pk]),
            "cycles/{id}/evidence": reverse("api:evidence", args=[cycle.pk]),
            "actions": reverse("api:actions"),
            "meetings": reverse("api:meetings"),
            "forum/threads": reverse("api:forum_threads"),
        }
        floor = query_count(api, reverse("api:cycle", args=[cycle.pk]))
        counts = {
            name: {size: query_count(api, url, page_size=size) for size in PAGE_SIZES}
            for name, url in lists.items()
        }
        returned = {
            name: len(api.get(url, {"page_size": 50}).json()["results"])
            for name, url in lists.items()
        }
    print(f"queries per GET, {args.rows} rows per list, SQLite, Django test client")
    print(f"  {'list':24s}" + "".join(f"{f'size {s}':>9s}" for s in PAGE_SIZES) + "  rows at 50")
    grows = []
    for name, by_size in counts.items():
        line = "".join(f"{by_size[size]:9d}" for size in PAGE_SIZES)
        print(f"  {name:24s}{line}  {returned[name]:10d}")
        if len(set(by_size.values())) > 1:
            grows.append(name)
    print(f"  {'floor: GET /cycles/{id}':24s}{floor:9d}")
    print(f"constant in the page size: {'MISSED by ' + ', '.join(grows) if grows else 'met'}")
    return 1 if grows else 0


if __name__ == "__main__":
    sys.exit(main())
