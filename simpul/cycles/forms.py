from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User
from simpul.agencies.capabilities import CAPABILITIES
from simpul.agencies.models import Agency, Membership, Unit
from simpul.core.dates import validate_plan_date
from simpul.core.forms import HiddenFieldErrorsMixin, VersionField
from simpul.evidence.models import Evidence, EvidencePurpose
from simpul.frameworks.models import Framework

from .models import Answer, Cycle
from .operations import ANSWER_TEXT_MAX

# Who may answer an indicator (access.can_edit): the PIC is chosen among them.
ANSWERING_ROLES = CAPABILITIES["cycle.answer"]

# An official results file is a small table; anything bigger is a mistake.
RESULTS_MAX_BYTES = 2 * 1024 * 1024


def level_choices(levels: list[tuple[int, str]], empty: str | None = None) -> list:
    choices = [(str(level), f"{level} · {name}") for level, name in levels]
    return [("", empty), *choices] if empty is not None else choices


class CycleOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Kerangka"), queryset=Framework.objects.for_new_cycles().order_by("status", "code")
    )
    include_visit = forms.BooleanField(
        label=_("Dengan Penilaian Visitasi"),
        required=False,
        help_text=_("Centang bila Kementerian menetapkan instansi ini sebagai lokus visitasi."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Salin dari periode"),
        queryset=Cycle.objects.none(),
        required=False,
        empty_label=_("— mulai dari awal —"),
        help_text=_(
            "Kerangka yang sama: tingkat, penjelasan, unit, PIC dan tautan data dukung disalin; "
            "semua jawaban kembali menjadi draf. Kerangka lain yang terpetakan (SPBE 2020 → "
            "Pemdi 2026): jawaban lama ditampilkan dan dokumennya disarankan per butir, tanpa "
            "ditautkan otomatis."
        ),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        cycles = Cycle.objects.for_agency(agency).select_related("framework")
        latest = cycles.order_by("-year").first()
        kwargs.setdefault(
            "initial",
            {
                "year": (latest.year + 1) if latest else timezone.localdate().year,
                "framework": latest.framework_id if latest else None,
                "copy_from": latest.pk if latest else None,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = cycles.defer("framework__document")
        self.fields["framework"].queryset = (
            Framework.objects.for_new_cycles().defer("document").order_by("status", "code")
        )


class AnswerForm(HiddenFieldErrorsMixin, forms.Form):
    version = VersionField()
    self_level = forms.TypedChoiceField(
        label=_("Tingkat penilaian mandiri"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    fact = forms.CharField(
        label=_("Fakta"),
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dokumen mana, pasal berapa, halaman berapa yang membuktikan tingkat ini."),
    )
    analysis = forms.CharField(
        label=_("Analisis"),
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kriteria tingkat mana yang terpenuhi oleh fakta tersebut, dan mengapa."),
    )

    # One file may go with the answer: uploaded to the library and linked in the same press.
    file = forms.FileField(
        label=_("Data dukung (opsional)"),
        required=False,
        allow_empty_file=True,
        help_text=_("Berkas diunggah ke pustaka dan ditautkan ke tingkat di bawah saat disimpan."),
    )
    file_level = forms.TypedChoiceField(
        label=_("Berkas untuk tingkat"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    # The fields that save_answer takes; the others are handled by the view.
    ANSWER_FIELDS = ("version", "self_level", "fact", "analysis")

    def __init__(self, *args, levels: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_level"].choices = level_choices(levels, _("belum dipilih"))
        self.fields["file_level"].choices = level_choices(levels, _("tingkat yang dipilih"))

    def answer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ANSWER_FIELDS}


class VersionForm(HiddenFieldErrorsMixin, forms.Form):
    """The submit button's form: only the version the user saw."""

    # Several forms share the answer page: prefixes keep their field names and ids apart.
    prefix = "ajukan"
    version = VersionField()


class WithdrawForm(VersionForm):
    prefix = "tarik"


class RequestChangesForm(VersionForm):
    prefix = "perbaikan"
    comment = forms.CharField(
        label=_("Catatan untuk responden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis catatan untuk responden: apa yang perlu diperbaiki.")},
    )


class AcceptForm(VersionForm):
    prefix = "terima"
    internal_level = forms.TypedChoiceField(
        label=_("Tingkat menurut asesor internal"), coerce=int, empty_value=None, required=False
    )
    comment = forms.CharField(
        label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, levels: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["internal_level"].choices = level_choices(levels, _("sama dengan mandiri"))


class StageLevelForm(VersionForm):
    prefix = "tahap"
    level = forms.TypedChoiceField(label=_("Tingkat"), coerce=int, empty_value=None, required=False)
    comment = forms.CharField(
        label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, levels: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices(levels, _("kosongkan"))


class AssignForm(forms.Form):
    answers = forms.ModelMultipleChoiceField(
        label=_("Indikator"),
        queryset=Answer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu indikator.")},
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Unit penanggung jawab"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    replace_units = forms.BooleanField(
        label=_("Ganti unit yang sudah ada (bukan menambah)"), required=False
    )
    pic = forms.ModelChoiceField(
        label=_("Penanggung jawab (PIC)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— tidak diubah —"),
    )
    due_date = forms.DateField(
        label=_("Tenggat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk tidak mengubah tenggat."),
        validators=[validate_plan_date],
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = cycle.answers.select_related("indicator")
        self.fields["units"].queryset = Unit.objects.for_agency(cycle.agency).filter(is_active=True)
        members = Membership.objects.active().filter(agency=cycle.agency)
        # Every member is looked up, so that a person who cannot answer is refused by name;
        # only those who can answer are offered.
        people = User.objects.filter(pk__in=members.values("user")).order_by("full_name")
        self.answerers = set(
            members.filter(role__in=CAPABILITIES["cycle.answer"]).values_list("user_id", flat=True)
        )
        self.fields["pic"].queryset = people
        self.fields["pic"].choices = [("", self.fields["pic"].empty_label)] + [
            (person.pk, str(person)) for person in people if person.pk in self.answerers
        ]
        self.fields["answers"].label_from_instance = lambda a: (
            f"{a.indicator.number}. {a.indicator.name}"
        )

    def clean_pic(self):
        pic = self.cleaned_data["pic"]
        if pic is not None and pic.pk not in self.answerers:
            raise forms.ValidationError(
                _(
                    "%(name)s tidak dapat menjawab indikator (hanya responden dan koordinator); "
                    "pilih PIC lain."
                )
                % {"name": pic.display_name}
            )
        return pic

    def clean(self):
        data = super().clean()
        if (
            not data.get("units")
            and not data.get("pic")
            and not data.get("due_date")
            and not data.get("replace_units")
        ):
            raise forms.ValidationError(
                _("Pilih unit, penanggung jawab atau tenggat yang akan diberikan.")
            )
        return data


class OfficialResultsForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas hasil resmi (CSV atau XLSX)"),
        help_text=_(
            "Dua kolom: indicator (nomor atau kode, misalnya 7 atau I07) dan level "
            "(tingkat hasil akhir)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > RESULTS_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s MB); paling besar %(max)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "max": RESULTS_MAX_BYTES // 2**20}
            )
        return upload


class LinkEvidenceForm(forms.Form):
    evidence = forms.ModelChoiceField(
        label=_("Dokumen"),
        queryset=Evidence.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih dokumen dari pustaka data dukung."),
            "invalid_choice": _("Dokumen itu tidak ada di pustaka data dukung instansi ini."),
        },
    )
    level = forms.TypedChoiceField(label=_("Untuk tingkat"), coerce=int)
    purpose = forms.ChoiceField(
        label=_("Fungsi bukti"), choices=EvidencePurpose.choices, initial=EvidencePurpose.GENERAL
    )
    note = forms.CharField(label=_("Keterangan (pasal, halaman)"), max_length=300, required=False)

    def __init__(self, *args, agency: Agency, levels: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.for_agency(agency)
        self.fields["level"].choices = level_choices(levels)
