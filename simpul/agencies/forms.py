from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import EMAIL_MAX_LENGTH

from .models import Agency, Helix, Membership, Role, TimeZone, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name"]

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency

    def clean_name(self) -> str:
        # The unique constraint spans `agency`, which is not a form field, so check it here.
        name = self.cleaned_data["name"].strip()
        same = Unit.objects.for_agency(self.instance.agency).filter(name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Unit dengan nama ini sudah ada di instansi ini."))
        return name


class MembershipFieldsMixin(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.none(), required=False
    )
    helix = forms.ChoiceField(
        label=_("Kategori heliks (untuk mitra)"),
        choices=[("", "—"), *Helix.choices],
        required=False,
    )
    organisation = forms.CharField(label=_("Organisasi"), max_length=200, required=False)

    def setup_units(self, agency: Agency) -> None:
        self.fields["unit"].queryset = Unit.objects.for_agency(agency).filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.PARTNER and not data.get("helix"):
            self.add_error("helix", _("Mitra wajib memiliki kategori heliks."))
        return data


class InviteForm(MembershipFieldsMixin):
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    field_order = ["email", "full_name", "role", "unit", "helix", "organisation"]

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_units(agency)


class MembershipForm(MembershipFieldsMixin):
    def __init__(self, *args, agency: Agency, membership: Membership | None = None, **kwargs):
        if membership is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "role": membership.role,
                "unit": membership.unit_id,
                "helix": membership.helix,
                "organisation": membership.organisation,
            }
        super().__init__(*args, **kwargs)
        self.setup_units(agency)


class TimeZoneField(forms.ChoiceField):
    """WIB, WITA or WIT; anything else is refused by name. Left out of a post, it keeps the
    agency's zone (older clients and scripts that do not know the field change nothing)."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Zona waktu"),
            choices=TimeZone.choices,
            required=False,
            help_text=_("Rapat, tenggat, pengingat, email dan .ics memakai zona waktu ini."),
            **kwargs,
        )

    def validate(self, value):
        if value and not self.valid_value(value):
            raise forms.ValidationError(
                _("Zona waktu “%(value)s” tidak dikenal; pilih WIB, WITA atau WIT."),
                code="invalid_choice",
                params={"value": value},
            )


class AgencyForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = Agency
        fields = ["name", "short_code", "category", "province", "time_zone", "is_active"]

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or self.instance.time_zone or TimeZone.WIB


class AgencyZoneForm(forms.ModelForm):
    """The agency admin's own settings: the time zone and two-step sign-in for coordinators."""

    time_zone = TimeZoneField()

    class Meta:
        model = Agency
        fields = ["time_zone", "two_factor_required_for_admins"]
        labels = {
            "two_factor_required_for_admins": _("Wajibkan verifikasi dua langkah untuk koordinator")
        }

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or self.instance.time_zone


class FirstAdminForm(forms.Form):
    admin_email = forms.EmailField(
        label=_("Email koordinator (admin) pertama"), max_length=EMAIL_MAX_LENGTH
    )
    admin_name = forms.CharField(label=_("Nama koordinator"), max_length=200)
