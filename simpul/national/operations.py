"""Writes of the national app: importing published results and linking an agency to its row."""

from django.db import transaction

from simpul.agencies.models import Agency
from simpul.core.errors import Refusal

from . import importing
from .matching import normalise
from .models import AgencyLink, PublishedResult


class ImportRefused(Refusal):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@transaction.atomic
def import_results(text: str) -> dict[int, int]:
    """Replace the published rows of every year in `text`; all or nothing. Returns rows per year."""
    parsed = importing.parse(text)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    years = sorted({row["year"] for row in parsed.rows})
    PublishedResult.objects.filter(year__in=years).delete()
    PublishedResult.objects.bulk_create(PublishedResult(**row) for row in parsed.rows)
    return {year: sum(1 for r in parsed.rows if r["year"] == year) for year in years}


@transaction.atomic
def load_shipped_results() -> dict[int, int]:
    """Load the 2023 and 2024 results that ship with the project (idempotent)."""
    counts: dict[int, int] = {}
    for path in importing.SHIPPED:
        counts.update(import_results(path.read_text(encoding="utf-8")))
    return counts


@transaction.atomic
def link_agency(agency: Agency, result: PublishedResult, user=None) -> AgencyLink:
    """Tie `agency` to the published name of `result` by hand (overrides name matching)."""
    link, _created = AgencyLink.objects.update_or_create(
        agency=agency,
        defaults={
            "category": result.category,
            "name": result.name,
            "key": normalise(result.name),
            "linked_by": user,
        },
    )
    return link


@transaction.atomic
def unlink_agency(agency: Agency) -> None:
    """Go back to automatic name matching."""
    AgencyLink.objects.filter(agency=agency).delete()
