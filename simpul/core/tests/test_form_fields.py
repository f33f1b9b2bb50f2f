"""form_fields.html gives the help text and the errors of a field the ids Django's
aria-describedby points at, so a screen reader reads them with the field."""

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    title = forms.CharField(label="Judul", help_text="Judul dokumen seperti tertulis.")
    year = forms.IntegerField(label="Tahun")


def test_every_described_by_id_exists_in_the_page():
    form = Sample(data={"title": "", "year": "bukan angka"})
    assert not form.is_valid()
    html = render_to_string("form_fields.html", {"form": form})
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert len(described) == 2
    referenced = {name for value in described for name in value.split()}
    assert {"id_title_helptext", "id_title_error", "id_year_error"} <= referenced
    assert referenced <= ids
    assert html.count('aria-invalid="true"') == 2
