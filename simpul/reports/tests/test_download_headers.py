"""A finished report is kept by no browser or shared cache."""

import pytest
from django.urls import reverse

from .test_generation import built

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_download_is_not_cached(cycles, personas, as_user, run_tasks):
    report = built(cycles, "csv", personas, run_tasks)
    response = as_user(personas.admin).get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
