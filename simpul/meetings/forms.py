from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.agencies.models import Helix, Membership, Unit
from simpul.core.dates import MAX_MEETING_DAYS, validate_plan_date
from simpul.core.params import positive_id
from simpul.forum.models import Thread
from simpul.frameworks.models import Indicator

from .models import MeetingKind, Recurrence, Rsvp
from .operations import current_cycle
from .recurrence import MAX_OCCURRENCES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def in_zone(moment, zone):
    """The wall-clock time typed in `moment` (read in the active zone) as a time in `zone`:
    a datetime-local input carries no zone, and the agency's is the one its people mean."""
    return timezone.make_aware(timezone.make_naive(moment), zone)


def member_choices(agency):
    return Membership.objects.for_agency(agency).active().select_related("user", "unit")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.display_name} · {obj.get_role_display()}"


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.display_name} · {obj.get_role_display()}"


class MeetingForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Mulai"), widget=DATETIME, validators=[validate_plan_date]
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Selesai"), widget=DATETIME, validators=[validate_plan_date]
    )
    place = forms.CharField(label=gettext_lazy("Tempat"), max_length=200, required=False)
    online_link = forms.URLField(
        label=gettext_lazy("Tautan daring"), required=False, assume_scheme="https"
    )
    chair = MemberChoiceField(
        queryset=Membership.objects.none(), required=False, label=gettext_lazy("Pimpinan rapat")
    )
    summary = forms.CharField(
        label=gettext_lazy("Keterangan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Satu mata acara per baris; awali dengan kode indikator bila "
            "terkait dan akhiri dengan #nomor utas forum bila ada, misalnya "
            "“I19: Pembentukan Tim Koordinasi SPBE #12”."
        ),
    )
    recurrence = forms.ChoiceField(
        label=gettext_lazy("Pengulangan"), choices=Recurrence.choices, required=False
    )
    count = forms.IntegerField(
        label=gettext_lazy("Jumlah pertemuan"), min_value=1, max_value=MAX_OCCURRENCES, initial=1
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["chair"].queryset = member_choices(agency)
        zone = agency.zone_abbreviation
        self.fields["starts_at"].label = _("Mulai (%(zone)s)") % {"zone": zone}
        self.fields["ends_at"].label = _("Selesai (%(zone)s)") % {"zone": zone}

    def clean(self):
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            if data.get(name):
                data[name] = in_zone(data[name], self.agency.zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Waktu selesai harus sesudah waktu mulai."))
        elif starts and ends and ends - starts > timedelta(days=MAX_MEETING_DAYS):
            self.add_error(
                "ends_at",
                _("Rapat paling lama %(days)d hari; periksa tanggal selesai.")
                % {"days": MAX_MEETING_DAYS},
            )
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Isi tempat rapat atau tautan daring."))
        return data

    def clean_agenda(self):
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        cycle = current_cycle(self.agency)
        return [parse_agenda_line(self.agency, cycle, line) for line in lines if line]


def parse_agenda_line(agency, cycle, line: str) -> tuple:
    """“I19: Pembentukan tim #12” → (title, indicator I19 of the cycle, forum thread 12)."""
    code, sep, rest = line.partition(":")
    code = code.strip().upper()
    indicator = None
    if sep and code.startswith("I") and " " not in code:
        if cycle is None:
            raise forms.ValidationError(
                _("Belum ada periode evaluasi; indikator %(code)s tidak dapat dikaitkan.")
                % {"code": code}
            )
        indicator = Indicator.objects.filter(framework=cycle.framework).by_key(code)
        if indicator is None:
            raise forms.ValidationError(
                _("Indikator “%(code)s” tidak ada di kerangka %(framework)s.")
                % {"code": code, "framework": cycle.framework.name}
            )
        line = rest.strip()
    head, sep, number = line.rpartition("#")
    thread_id = positive_id(number) if sep else None
    if thread_id is None:
        return line, indicator, None
    thread = Thread.objects.for_agency(agency).filter(pk=thread_id).first()
    if thread is None:
        raise forms.ValidationError(
            _("Utas forum #%(number)s tidak ada di forum instansi ini.")
            % {"number": number.strip()}
        )
    return head.strip(), indicator, thread


class AgendaForm(forms.Form):
    line = forms.CharField(
        label=gettext_lazy("Mata acara baru"),
        max_length=300,
        help_text=gettext_lazy("Misalnya “I20: Kolaborasi dengan kampus #12”."),
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean_line(self):
        return parse_agenda_line(self.agency, current_cycle(self.agency), self.cleaned_data["line"])


class InviteForm(forms.Form):
    members = MembersField(
        queryset=Membership.objects.none(),
        label=gettext_lazy("Undang"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = member_choices(agency)


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(
        label=gettext_lazy("Kehadiran"),
        choices=[
            (Rsvp.YES, Rsvp.YES.label),
            (Rsvp.NO, Rsvp.NO.label),
            (Rsvp.MAYBE, Rsvp.MAYBE.label),
        ],
    )


class CheckInForm(forms.Form):
    member = MemberChoiceField(queryset=Membership.objects.none(), label=gettext_lazy("Peserta"))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = member_choices(agency)


class GuestForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=200)
    organisation = forms.CharField(label=gettext_lazy("Organisasi"), max_length=200, required=False)
    helix = forms.ChoiceField(label=gettext_lazy("Kategori heliks"), choices=Helix.choices)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Kode rapat"), max_length=12)


class CommentForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Komentar"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Keputusan"), widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=gettext_lazy("Unit pelaksana")
    )
    due_date = forms.DateField(
        label=gettext_lazy("Tenggat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plan_date],
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_agency(agency)
        # Rendered once per agenda item: read the units once, not once per rendering.
        self.fields["unit"].choices = list(self.fields["unit"].choices)


class ToActionForm(forms.Form):
    indicator = forms.CharField(
        label=gettext_lazy("Indikator"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("Nomor atau kode, mis. 19 atau I19."),
    )
    target_level = forms.IntegerField(
        label=gettext_lazy("Tingkat sasaran"), min_value=1, max_value=5
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Foto (PNG/JPEG, paling besar 5 MB)"))
    caption = forms.CharField(label=gettext_lazy("Keterangan"), max_length=200, required=False)


class ExportForm(forms.Form):
    codes = forms.CharField(
        label=gettext_lazy("Kode indikator atau butir"),
        required=False,
        help_text=gettext_lazy(
            "Bawaan: indikator/butir kolaborasi menurut kerangka periode berjalan. Pisahkan "
            "dengan koma; kosongkan untuk hanya menyimpan di pustaka."
        ),
    )


def now_local():
    return timezone.localtime()
