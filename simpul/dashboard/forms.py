from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.core.numbers import number_text, parse_number

from .models import DashboardSettings


class IndexField(forms.DecimalField):
    """An index typed by a person: "3,61" as well as "3.61"; shown back as "3,61"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” bukan angka indeks; tulis misalnya 3,50."),
                code="invalid",
                params={"value": str(value)[:40]},
            ) from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_text(value)
        return value

    def widget_attrs(self, widget):
        return {}  # a text input: no step or min that would refuse a comma


class DashboardSettingsForm(forms.ModelForm):
    class Meta:
        model = DashboardSettings
        fields = ["target_index", "public_page"]
        field_classes = {"target_index": IndexField}
        help_texts = {"target_index": _("Indeks yang hendak dicapai instansi, misalnya 3,50.")}

    def clean_target_index(self) -> Decimal | None:
        value = self.cleaned_data.get("target_index")
        if value is not None and not Decimal(0) <= value <= Decimal(5):
            raise forms.ValidationError(
                _("Indeks sasaran harus antara 0 dan 5; yang diisi: %(value)s."),
                params={"value": number_text(value)},
            )
        return value
