from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import EMAIL_MAX_LENGTH
from simpul.accounts.phones import normalise_mobile
from simpul.agencies.models import Agency, Helix, Unit
from simpul.core.dates import validate_plan_date
from simpul.core.forms import HiddenFieldErrorsMixin
from simpul.cycles.models import Cycle
from simpul.frameworks.models import Group, Indicator

from .models import THREAD_KINDS, PostKind
from .operations import (
    ATTACHMENTS_MAX,
    BODY_MAX,
    INVITATION_DAYS,
    INVITATION_DAYS_MAX,
    INVITATION_USES,
    INVITATION_USES_MAX,
    TITLE_MAX,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BODY_HELP = _("Markdown sederhana: **tebal**, *miring*, daftar, tautan. HTML tidak dijalankan.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class CommitmentFields(forms.Form):
    commitment_what = forms.CharField(
        label=_("Bentuk dukungan (untuk komitmen)"), max_length=300, required=False
    )
    commitment_by = forms.CharField(label=_("Oleh siapa"), max_length=200, required=False)
    commitment_due = forms.DateField(
        label=_("Paling lambat"), required=False, widget=DATE, validators=[validate_plan_date]
    )
    files = MultipleFileField(
        label=_("Lampiran"),
        required=False,
        help_text=_("Paling banyak %(max)s berkas PDF, DOCX, XLSX, PPTX, ODT, PNG atau JPEG.")
        % {"max": ATTACHMENTS_MAX},
    )


def indicators_of(agency: Agency):
    """Indicators of the frameworks the agency assesses with (all, before its first cycle)."""
    used = agency.cycles.values_list("framework", flat=True)
    indicators = Indicator.objects.select_related("framework").defer("framework__document")
    return indicators.filter(framework__in=used) if used.exists() else indicators


class ThreadForm(CommitmentFields):
    title = forms.CharField(
        label=_("Judul"), max_length=TITLE_MAX, error_messages={"required": _("Judul wajib diisi.")}
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=THREAD_KINDS)
    indicator = forms.ModelChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.none(), required=False
    )
    cycle = forms.ModelChoiceField(
        label=_("Periode evaluasi"),
        queryset=Cycle.objects.none(),
        required=False,
        help_text=_("Opsional, bersama indikator."),
    )
    group = forms.ModelChoiceField(
        label=_("Aspek/domain"), queryset=Group.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Isi"),
        error_messages={"required": _("Isi tulisan wajib diisi.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
    )

    field_order = ["title", "kind", "indicator", "cycle", "group", "body"]

    def __init__(self, *args, agency: Agency, with_cycle: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_cycle:
            self.fields["cycle"].queryset = Cycle.objects.for_agency(agency).defer(
                "self_assessment_snapshot"
            )
        else:
            del self.fields["cycle"]
        if "cycle" in self.fields:
            self.fields["cycle"].label_from_instance = lambda c: str(c.year)
        indicators = indicators_of(agency)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: f"{i.number}. {i.name}"
        self.fields["group"].queryset = Group.objects.filter(
            framework__in=indicators.values("framework")
        ).order_by("framework", "position")


class ReplyForm(HiddenFieldErrorsMixin, CommitmentFields):
    kind = forms.ChoiceField(label=_("Jenis"), choices=PostKind.choices, initial=PostKind.REPLY)
    body = forms.CharField(
        label=_("Balasan"),
        error_messages={"required": _("Isi balasan wajib diisi.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
    )
    parent = forms.IntegerField(
        label=_("tulisan yang dibalas"), required=False, widget=forms.HiddenInput, min_value=1
    )

    field_order = ["kind", "body"]


class AcceptForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=Indicator.objects.none())
    target_level = forms.IntegerField(label=_("Tingkat sasaran"), min_value=0, max_value=10)
    unit = forms.ModelChoiceField(
        label=_("Unit pemilik"), queryset=Unit.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Mulai"), widget=DATE, validators=[validate_plan_date])
    due_date = forms.DateField(label=_("Tenggat"), widget=DATE, validators=[validate_plan_date])

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators_of(agency)
        self.fields["indicator"].label_from_instance = lambda i: f"{i.number}. {i.name}"
        self.fields["unit"].queryset = Unit.objects.for_agency(agency).filter(is_active=True)


class PartnerFields(forms.Form):
    organisation = forms.CharField(label=_("Organisasi"), max_length=200)
    helix = forms.ChoiceField(label=_("Kategori heliks"), choices=Helix.choices)
    consent = forms.BooleanField(
        label=_(
            "Saya telah membaca dan menyetujui pemberitahuan pelindungan data pribadi (UU 27/2022)."
        ),
        error_messages={"required": _("Persetujuan pemberitahuan data pribadi wajib dicentang.")},
    )


class RegisterForm(PartnerFields):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=40, required=False)
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput)

    field_order = ["full_name", "email", "phone", "password", "organisation", "helix", "consent"]

    def clean_phone(self) -> str:
        """The WhatsApp number, as on the profile: an Indonesian mobile number in E.164."""
        phone = self.cleaned_data["phone"].strip()
        return normalise_mobile(phone) if phone else ""


class InvitationForm(forms.Form):
    """Empty numbers take the defaults, so a coordinator may just press the button."""

    note = forms.CharField(label=_("Catatan undangan"), max_length=200, required=False)
    days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        required=False,
        initial=INVITATION_DAYS,
        min_value=1,
        max_value=INVITATION_DAYS_MAX,
        error_messages={
            "min_value": _("Masa berlaku tautan paling sedikit 1 hari."),
            "max_value": _("Masa berlaku tautan paling lama %(limit_value)s hari."),
            "invalid": _("Masa berlaku tautan harus bilangan bulat (hari)."),
        },
    )
    max_uses = forms.IntegerField(
        label=_("Untuk berapa orang"),
        required=False,
        initial=INVITATION_USES,
        min_value=1,
        max_value=INVITATION_USES_MAX,
        error_messages={
            "min_value": _("Batas pemakaian tautan paling sedikit 1 orang."),
            "max_value": _("Batas pemakaian tautan paling banyak %(limit_value)s orang."),
            "invalid": _("Batas pemakaian tautan harus bilangan bulat."),
        },
    )

    def clean_days(self) -> int:
        return self.cleaned_data["days"] or INVITATION_DAYS

    def clean_max_uses(self) -> int:
        return self.cleaned_data["max_uses"] or INVITATION_USES
