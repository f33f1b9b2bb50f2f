import re

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


DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class AgencyOidcForm(forms.ModelForm):
    """The agency admin's sign-in settings: which OIDC provider its staff use, whether it is
    required, and whether unknown people from the agency's email domains get an account."""

    oidc_provider = forms.ChoiceField(label=_("Penyedia identitas"), required=False)

    class Meta:
        model = Agency
        fields = [
            "oidc_provider",
            "oidc_required",
            "oidc_create_accounts",
            "oidc_email_domains",
            "oidc_new_member_role",
        ]

    def __init__(self, *args, **kwargs):
        from simpul.accounts.oidc import configured_providers

        super().__init__(*args, **kwargs)
        self.providers = {provider.id: provider for provider in configured_providers()}
        choices = [("", _("— tidak ada —"))]
        for provider in self.providers.values():
            label = (
                provider.label
                if provider.enabled
                else _("%(label)s (dimatikan)") % {"label": provider.label}
            )
            choices.append((provider.id, label))
        current = self.instance.oidc_provider
        if current and current not in self.providers:
            choices.append((current, _("%(name)s (tidak ada di konfigurasi)") % {"name": current}))
        field = self.fields["oidc_provider"]
        field.choices = choices
        field.help_text = Agency._meta.get_field("oidc_provider").help_text
        field.error_messages["invalid_choice"] = _(
            "Penyedia “%(value)s” tidak ada di konfigurasi Simpul ini; pilih dari daftar."
        )

    def clean_oidc_email_domains(self) -> str:
        text = self.cleaned_data["oidc_email_domains"]
        domains = []
        for part in text.replace(";", ",").replace("\n", ",").split(","):
            domain = part.strip().lower().lstrip("@")
            if not domain:
                continue
            if not DOMAIN.match(domain):
                raise forms.ValidationError(
                    _("“%(value)s” bukan domain email (contoh: natunakab.go.id)."),
                    params={"value": part.strip()},
                )
            if domain not in domains:
                domains.append(domain)
        return ", ".join(domains)

    def clean(self):
        data = super().clean()
        provider_id = data.get("oidc_provider") or ""
        wants = data.get("oidc_required") or data.get("oidc_create_accounts")
        if wants and not provider_id:
            self.add_error(
                "oidc_provider",
                _("Pilih penyedia identitas dulu: kewajiban dan pembuatan akun berlaku untuknya."),
            )
        provider = self.providers.get(provider_id)
        if data.get("oidc_required") and provider_id and not (provider and provider.enabled):
            self.add_error(
                "oidc_required",
                _(
                    "Penyedia “%(provider)s” sedang tidak aktif di Simpul ini, jadi staf tidak "
                    "dapat diwajibkan memakainya."
                )
                % {"provider": provider.label if provider else provider_id},
            )
        domains = [d.strip() for d in (data.get("oidc_email_domains") or "").split(",") if d]
        if data.get("oidc_create_accounts") and "oidc_email_domains" in data and not domains:
            self.add_error(
                "oidc_email_domains",
                _("Isi paling sedikit satu domain email staf agar Simpul tahu siapa staf Anda."),
            )
        if data.get("oidc_create_accounts") and provider_id and domains:
            others = Agency.objects.filter(
                oidc_provider=provider_id, oidc_create_accounts=True
            ).exclude(pk=self.instance.pk)
            for other in others:
                taken = sorted(set(domains) & set(other.email_domains))
                if taken:
                    self.add_error(
                        "oidc_email_domains",
                        _(
                            "Domain %(domains)s sudah dipakai instansi lain untuk pembuatan akun "
                            "lewat penyedia ini."
                        )
                        % {"domains": ", ".join(taken)},
                    )
                    break
        return data
