from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Unit
from simpul.core.dates import validate_document_date

from .models import DocumentType, EvidencePurpose
from .sniffing import ACCEPTED_LABELS

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MetadataForm(forms.Form):
    """What the library records about a document, whatever its form (file or link)."""

    title = forms.CharField(
        label=_("Judul"),
        max_length=300,
        required=False,
        help_text=_("Misalnya: Peraturan Bupati tentang Arsitektur SPBE."),
    )
    document_type = forms.ChoiceField(
        label=_("Jenis dokumen"), choices=DocumentType.choices, initial=DocumentType.OTHER
    )
    number = forms.CharField(label=_("Nomor"), max_length=200, required=False)
    issued_on = forms.DateField(
        label=_("Tanggal ditetapkan"),
        required=False,
        widget=DateInput(),
        validators=[validate_document_date],
    )
    effective_on = forms.DateField(
        label=_("Tanggal berlaku"),
        required=False,
        widget=DateInput(),
        validators=[validate_document_date],
    )
    issuing_unit = forms.ModelChoiceField(
        label=_("Unit penerbit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = Unit.objects.for_agency(agency).filter(
            is_active=True
        )

    def clean(self):
        data = super().clean()
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error(
                "effective_on",
                gettext("Tanggal berlaku tidak boleh sebelum tanggal ditetapkan."),
            )
        return data

    def metadata(self) -> dict:
        return {name: self.cleaned_data[name] for name in MetadataForm.base_fields}


class UploadForm(MetadataForm):
    file = forms.FileField(
        label=_("Berkas"),
        # Empty files reach the action, which refuses them with the file's name.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    field_order = ["file", "title"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()


class LinkForm(MetadataForm):
    url = forms.URLField(
        label=_("Alamat tautan"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Misalnya halaman JDIH yang memuat peraturan tersebut."),
    )
    field_order = ["url", "title"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True


class RevisionForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas revisi baru"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()


def upload_help() -> str:
    return _("%(kinds)s; jenis diperiksa dari isi berkas, paling besar %(limit)s.") % {
        "kinds": ACCEPTED_LABELS,
        "limit": filesizeformat(settings.EVIDENCE_MAX_UPLOAD_SIZE),
    }


class LinkDetailsForm(forms.Form):
    """How a document proves a level: shown when the upload links it to an answer at once."""

    purpose = forms.ChoiceField(
        label=_("Fungsi bukti"), choices=EvidencePurpose.choices, initial=EvidencePurpose.GENERAL
    )
    note = forms.CharField(label=_("Keterangan (pasal, halaman)"), max_length=300, required=False)


class LinkToAnswerForm(forms.Form):
    """Use a document for one level of one answer (answer and level come from the page)."""

    answer = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.IntegerField(label=_("Tingkat"), min_value=0)
    purpose = forms.ChoiceField(
        label=_("Fungsi bukti"), choices=EvidencePurpose.choices, initial=EvidencePurpose.GENERAL
    )
    note = forms.CharField(label=_("Keterangan (pasal, halaman)"), max_length=300, required=False)
