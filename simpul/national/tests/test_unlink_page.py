"""The manual link to a published name, undone through the page: back to name matching."""

from decimal import Decimal

from django.urls import reverse

from simpul.national import operations, queries
from simpul.national.models import AgencyLink, PublishedResult


def latest_index(agency) -> Decimal:
    return queries.history_for(agency)[-1]["index"]


def test_the_admin_unlinks_and_name_matching_comes_back(personas, as_user, national_loaded):
    admin = as_user(personas.admin)
    lingga = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Lingga")
    admin.post(reverse("national:link"), {"result": lingga.pk})
    assert latest_index(personas.agency_a) == Decimal("2.60")
    tanjung = PublishedResult.objects.filter(year=2024, category="regency").exclude(pk=lingga.pk)[0]
    operations.link_agency(personas.agency_b, tanjung)

    response = admin.post(reverse("national:unlink"), follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Tautan manual dihapus; pencocokan nama otomatis dipakai lagi."
    )
    assert response.redirect_chain[-1][0] == reverse("national:comparison")
    assert not AgencyLink.objects.filter(agency=personas.agency_a).exists()
    # Natuna is found by its own name again (3.61 in 2024).
    assert latest_index(personas.agency_a) == Decimal("3.61")
    # Another agency's link is its own.
    assert AgencyLink.objects.get(agency=personas.agency_b).name == tanjung.name


def test_only_the_admin_unlinks_and_only_by_post(personas, as_user, national_loaded):
    lingga = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Lingga")
    operations.link_agency(personas.agency_a, lingga)
    assert as_user(personas.admin).get(reverse("national:unlink")).status_code == 405
    for persona in (personas.respondent, personas.leader, personas.partner):
        assert as_user(persona).post(reverse("national:unlink")).status_code == 403
    assert AgencyLink.objects.get(agency=personas.agency_a).name == lingga.name
    assert latest_index(personas.agency_a) == Decimal("2.60")
