from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DashboardSettings


class DashboardSettingsForm(forms.ModelForm):
    class Meta:
        model = DashboardSettings
        fields = ["target_index", "public_page"]

    def clean_target_index(self) -> Decimal | None:
        value = self.cleaned_data.get("target_index")
        if value is not None and not Decimal(0) <= value <= Decimal(5):
            raise forms.ValidationError(
                _("Indeks sasaran harus antara 0 dan 5; yang diisi: %(value)s."),
                params={"value": value},
            )
        return value
