"""Last year and the trend use the agency's published rows (simpul.national)."""

from decimal import Decimal

from django.urls import reverse

from simpul.national import models as national


def publish(year: int, index: str) -> None:
    from simpul.national.matching import normalise

    name = "Pemerintah Kabupaten Natuna"
    national.PublishedResult.objects.update_or_create(
        year=year,
        category="regency",
        province="Kepulauan Riau",
        name=name,
        defaults={
            "key": normalise(name),
            **{field: Decimal(index) for field in national.DOMAIN_FIELDS.values()},
            "index": Decimal(index),
            "predicate": "Baik",
            "source": "Laporan uji",
        },
    )


def test_without_a_previous_cycle_last_year_is_the_published_national_row(personas, cycle, as_user):
    publish(2023, "2.10")
    publish(2024, "2.75")
    response = as_user(personas.admin).get(reverse("dashboard:index"))
    assert response.context["previous"] is None
    assert response.context["national"]["year"] == 2024
    body = response.content.decode()
    assert "terbitan KemenPANRB" in body and "2,75" in body
    assert "Terbitan KemenPANRB" in body  # the trend's third series
