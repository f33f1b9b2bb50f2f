import csv
import io
import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Unit
from simpul.core.choices import ReadingChoiceField
from simpul.core.dates import validate_plan_date
from simpul.cycles.items import value_stage
from simpul.cycles.models import Cycle, ReviewStage, Stage
from simpul.evidence.models import Evidence
from simpul.frameworks.models import Indicator
from simpul.frameworks.spec import RULE_ITEMS, FrameworkSpec, decimal_text, parse_decimal
from simpul.planner.inputs import EFFORT_DECIMALS, EFFORT_MAX, ITEM_EFFORT_MAX, MAX_YEARS
from simpul.planner.optimizer import Efforts, Target

from .models import Action, ActionStatus
from .operations import EDIT_FIELDS
from .planning import Start, missing_levels, start_levels
from .simulation import indicator_label, scale_of

ROADMAP_YEARS = min(5, MAX_YEARS)
# The stages an item plan may start from: ready items, or the items accepted at a review.
STAGE_CHOICES = [
    (Stage.SELF_ASSESSMENT.value, Stage.SELF_ASSESSMENT.label),
    *ReviewStage.choices,
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def read_decimal(raw: str) -> Decimal | None:
    """A number typed with a dot or a comma ("3.5", "3,5"); None if it is not one."""
    return parse_decimal(raw)


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label=_("Nama skenario"),
        max_length=120,
        help_text=_("Misalnya “Naikkan kebijakan internal”."),
    )


# --- the planner --------------------------------------------------------------------------


class PlannerForm(forms.Form):
    """The planner's inputs; `clean` resolves them against the chosen start's framework."""

    awal = forms.ChoiceField(
        label=_("Tingkat awal"),
        error_messages={
            "invalid_choice": _(
                "Tingkat awal “%(value)s” tidak tersedia: pilih periode atau skenario instansi "
                "ini dari daftar."
            )
        },
    )
    tahun = forms.IntegerField(
        label=_("Tahun target pertama"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Kosong: tahun sesudah periode awal, atau tahun ini bila itu sudah lewat."),
    )
    maks_langkah = forms.IntegerField(
        label=_("Kenaikan paling banyak per indikator per tahun"),
        min_value=0,
        max_value=10,
        required=False,
        help_text=_("Kosong berarti tanpa batas."),
    )
    kunci = forms.CharField(
        label=_("Indikator yang dikunci"),
        required=False,
        max_length=400,
        help_text=_("Nomor atau kode, dipisah koma, mis. 3, 7, I12. Tingkatnya tidak berubah."),
    )
    aturan_usulan = forms.BooleanField(label=_("Pakai aturan prasyarat usulan"), required=False)

    def __init__(self, *args, starts: list[Start], **kwargs):
        super().__init__(*args, **kwargs)
        self.starts = {start.key: start for start in starts}
        self.fields["awal"].choices = [(start.key, start.label) for start in starts]
        add_target_fields(self, _("Nilai indeks (mis. 3,50) atau predikat (mis. Sangat Baik)."))
        # Targets first, in the order the page shows them.
        order = ["awal", *(f"target_{year}" for year in range(1, ROADMAP_YEARS + 1))]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        start = self.starts.get(data.get("awal"))
        if start is None:
            return data
        spec = start.cycle.framework.spec()
        data["start"] = start
        data["levels"] = levels = start_levels(start)
        missing = missing_levels(spec, levels)
        if missing:
            self.add_error(
                "awal",
                gettext(
                    "Tingkat awal harus lengkap; belum bertingkat: indikator %(list)s. Pilih "
                    "sumber lain atau lengkapi tingkatnya."
                )
                % {"list": ", ".join(missing)},
            )
        data["targets"] = self._targets(spec)
        data["locks"] = self._locks(spec, data.get("kunci", ""))
        if data.get("tahun") is None:
            # Nobody plans for a year that has gone by.
            data["tahun"] = max(start.cycle.year + 1, timezone.localdate().year)
        return data

    def _targets(self, spec: FrameworkSpec) -> list[Target]:
        return roadmap_targets(self, spec)

    def _locks(self, spec: FrameworkSpec, raw: str) -> list[str]:
        locks = []
        for word in re.split(r"[,\s;]+", raw.strip()):
            if not word:
                continue
            # The same reading as everywhere else: "19", "I19", "i19", "I019".
            indicator = spec.indicator_by_key(word)
            if indicator is None:
                self.add_error(
                    "kunci",
                    gettext("Indikator “%(key)s” tidak ada dalam kerangka %(framework)s.")
                    % {"key": word[:20], "framework": spec.name},
                )
            elif indicator.code not in locks:
                locks.append(indicator.code)
        return locks


def add_target_fields(form: forms.Form, help_first: str) -> None:
    """target_1 … target_N: the first required, the rest optional, in the page's order."""
    for year in range(1, ROADMAP_YEARS + 1):
        form.fields[f"target_{year}"] = forms.CharField(
            label=_("Target tahun ke-%(n)s") % {"n": year},
            required=year == 1,
            max_length=40,
            help_text=help_first if year == 1 else _("Kosongkan bila tidak perlu."),
        )


def roadmap_targets(form: forms.Form, spec: FrameworkSpec) -> list[Target]:
    """The targets of target_1 … target_N, one per year, with no gap (errors on the form)."""
    targets, gap = [], None
    for year in range(1, ROADMAP_YEARS + 1):
        name = f"target_{year}"
        raw = (form.cleaned_data.get(name) or "").strip()
        if not raw:
            gap = gap or year
            continue
        if gap is not None:
            form.add_error(
                name,
                gettext("Isi target tahun ke-%(gap)s dahulu; peta jalan tidak boleh berlubang.")
                % {"gap": gap},
            )
            continue
        target = read_target(spec, raw)
        if isinstance(target, str):
            form.add_error(name, target)
        else:
            targets.append(target)
    return targets


def read_target(spec: FrameworkSpec, raw: str) -> Target | str:
    """A target from an index value or a predicate name; a message string when it is neither."""
    number = read_decimal(raw)
    if number is None:
        band = next((b for b in spec.predicates if b.name.casefold() == raw.casefold()), None)
        if band is None:
            return gettext(
                "Target harus nilai indeks (mis. 3,50) atau nama predikat (%(names)s), bukan "
                "“%(value)s”."
            ) % {"names": ", ".join(b.name for b in spec.predicates), "value": raw[:40]}
        return Target.of_predicate(spec, band.name)
    if not spec.level_min <= number <= spec.level_max:
        return gettext("Target %(value)s di luar skala indeks %(min)s–%(max)s.") % {
            "value": raw,
            "min": spec.level_min,
            "max": spec.level_max,
        }
    return Target(number)


# --- effort profile -----------------------------------------------------------------------


def effort_field(code: str, level: int) -> str:
    return f"e-{code}-{level}"


class EffortProfileForm(forms.Form):
    """One field per indicator and step, starting from the efforts in force."""

    unit = forms.CharField(
        label=_("Satuan upaya"),
        max_length=40,
        help_text=_("Mis. hari kerja, orang-hari, atau juta rupiah; sama untuk semua langkah."),
    )

    def __init__(self, *args, spec: FrameworkSpec, efforts: Efforts, **kwargs):
        kwargs.setdefault("initial", {"unit": efforts.unit})
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.rows = []
        for item, _group in spec.indicators():
            levels = scale_of(spec, item)
            steps = []
            for level in levels[:-1]:
                name = effort_field(item.code, level)
                self.fields[name] = forms.CharField(
                    label=gettext("Indikator %(indicator)s, langkah %(from)s→%(to)s")
                    % {"indicator": indicator_label(item), "from": level, "to": level + 1},
                    required=False,
                    max_length=30,
                )
                self.initial.setdefault(name, decimal_text(efforts.step(item.code, level)))
                steps.append((level, name))
            self.rows.append((item, steps))

    def table(self) -> list:
        """(indicator, [(from level, bound field)]) per row, for the template."""
        return [(item, [(level, self[name]) for level, name in steps]) for item, steps in self.rows]

    def clean(self):
        data = super().clean()
        efforts = {}
        for item, steps in self.rows:
            for level, name in steps:
                raw = self.data.get(self.add_prefix(name), "")
                effort = read_decimal(raw) if raw.strip() else None
                where = gettext("Indikator %(indicator)s, langkah %(from)s→%(to)s") % {
                    "indicator": indicator_label(item),
                    "from": level,
                    "to": level + 1,
                }
                if effort is None or effort < 0 or effort > EFFORT_MAX:
                    self.add_error(
                        name,
                        gettext(
                            "%(where)s: upaya harus angka 0 atau lebih (paling besar 10^15), "
                            "bukan “%(value)s”."
                        )
                        % {"where": where, "value": raw.strip()[:30]},
                    )
                elif -effort.as_tuple().exponent > EFFORT_DECIMALS:
                    self.add_error(
                        name,
                        gettext("%(where)s: upaya paling banyak %(n)s angka desimal.")
                        % {"where": where, "n": EFFORT_DECIMALS},
                    )
                else:
                    efforts[(item.code, level)] = effort
        data["efforts"] = efforts
        return data


# --- the item planner ---------------------------------------------------------------------


class ItemPlannerForm(forms.Form):
    """The item planner's inputs: a cycle valued item by item, the stage to start from, and
    one target per coming evaluation."""

    periode = forms.ChoiceField(
        label=_("Periode awal"),
        error_messages={
            "invalid_choice": _(
                "Periode “%(value)s” tidak tersedia: pilih periode per butir instansi ini."
            )
        },
    )
    tahap = ReadingChoiceField(
        label=_("Butir diterima menurut"),
        choices=STAGE_CHOICES,
        reader=value_stage,
        help_text=_("Penilaian mandiri: butir yang ditandai siap; tahap lain: butir diterima."),
        error_messages={"invalid_choice": _("Tahap “%(value)s” tidak dikenal.")},
    )
    tahun = forms.IntegerField(
        label=_("Tahun evaluasi pertama"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Kosong: tahun sesudah periode awal, atau tahun ini bila itu sudah lewat."),
    )

    def __init__(self, *args, cycles: list[Cycle], **kwargs):
        super().__init__(*args, **kwargs)
        self.cycles = {str(cycle.pk): cycle for cycle in cycles}
        self.fields["periode"].choices = [
            (str(cycle.pk), f"{cycle.year} · {cycle.framework.name}") for cycle in cycles
        ]
        add_target_fields(self, _("Nilai indeks (mis. 2,50) atau predikat (mis. Baik)."))
        self.order_fields(["periode", "tahap"])

    def clean(self):
        data = super().clean()
        cycle = self.cycles.get(data.get("periode") or "")
        if cycle is None:
            return data
        data["cycle"] = cycle
        data["targets"] = roadmap_targets(self, cycle.framework.spec())
        if data.get("tahun") is None:
            data["tahun"] = max(cycle.year + 1, timezone.localdate().year)
        return data


class ItemEffortForm(forms.Form):
    """One effort per item of a framework valued item by item, starting from those in force."""

    unit = forms.CharField(
        label=_("Satuan upaya"),
        max_length=40,
        help_text=_("Mis. butir, hari kerja, atau juta rupiah; sama untuk semua butir."),
    )
    versi = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, spec: FrameworkSpec, efforts: dict, unit: str, version: str, **kw):
        kw.setdefault("initial", {"unit": unit, "versi": version})
        super().__init__(*args, **kw)
        self.rows = []  # (indicator, [(level, item, field name)])
        for indicator, _group in spec.indicators():
            if indicator.value_rule != RULE_ITEMS:
                continue
            items = []
            for level, item in indicator.items():
                name = f"b-{item.code}"
                self.fields[name] = forms.CharField(
                    label=gettext("Upaya butir %(code)s") % {"code": item.code},
                    required=False,
                    max_length=30,
                )
                self.initial.setdefault(name, decimal_text(efforts.get(item.code, Decimal(1))))
                items.append((level.level, item, name))
            self.rows.append((indicator, items))

    def table(self) -> list:
        return [
            (indicator, [(level, item, self[name]) for level, item, name in items])
            for indicator, items in self.rows
        ]

    def clean(self):
        data = super().clean()
        efforts = {}
        for _indicator, items in self.rows:
            for _level, item, name in items:
                raw = self.data.get(self.add_prefix(name), "").strip()
                effort = item_effort(raw) if raw else Decimal(1)
                if isinstance(effort, str):
                    self.add_error(name, gettext("Butir %(code)s: %(problem)s") % {
                        "code": item.code, "problem": effort
                    })  # fmt: skip
                else:
                    efforts[item.code] = effort
        data["efforts"] = efforts
        return data


def item_effort(raw: str) -> Decimal | str:
    """An item's effort as typed, or what is wrong with it."""
    effort = read_decimal(raw)
    if effort is None or effort < 0 or effort > ITEM_EFFORT_MAX:
        return gettext("upaya harus angka 0 sampai %(max)s, bukan “%(value)s”.") % {
            "max": ITEM_EFFORT_MAX,
            "value": raw[:30],
        }
    if -effort.as_tuple().exponent > EFFORT_DECIMALS:
        return gettext("upaya paling banyak %(n)s angka desimal.") % {"n": EFFORT_DECIMALS}
    return effort


CSV_MAX_BYTES = 1024 * 1024


class ItemEffortUploadForm(forms.Form):
    """A CSV `item,effort` (the plan command's --costs file): items not listed cost 1."""

    berkas = forms.FileField(
        label=_("Berkas CSV upaya butir"),
        help_text=_("Kepala kolom item,effort; butir yang tidak tercantum berupaya 1."),
    )
    versi = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, spec: FrameworkSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = {
            item.code
            for indicator, _group in spec.indicators()
            for _level, item in indicator.items()
        }

    def clean_berkas(self) -> dict[str, Decimal]:
        upload = self.cleaned_data["berkas"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(gettext("Berkas CSV paling besar 1 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                gettext("Berkas bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.")
            ) from None
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or [cell.strip().casefold() for cell in rows[0]] != ["item", "effort"]:
            raise forms.ValidationError(gettext("Baris 1 harus kepala kolom item,effort."))
        efforts: dict[str, Decimal] = {}
        problems = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                problems.append(
                    gettext("Baris %(n)s: harus dua kolom, item dan effort.") % {"n": number}
                )
                continue
            code, raw = row[0].strip(), row[1].strip()
            effort = item_effort(raw)
            if code not in self.codes:
                problems.append(
                    gettext("Baris %(n)s: butir %(code)s tidak ada dalam kerangka ini.")
                    % {"n": number, "code": code[:30]}
                )
            elif code in efforts:
                problems.append(
                    gettext("Baris %(n)s: butir %(code)s sudah tercantum.")
                    % {"n": number, "code": code}
                )
            elif isinstance(effort, str):
                problems.append(
                    gettext("Baris %(n)s: %(problem)s") % {"n": number, "problem": effort}
                )
            else:
                efforts[code] = effort
        if problems:
            raise forms.ValidationError(problems[:20])
        return efforts


# --- actions ------------------------------------------------------------------------------


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.number}. {obj.name} ({obj.framework.name})"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ActionForm(forms.ModelForm):
    """Every field of an action, for the admin; choices limited to the agency's own."""

    indicator = IndicatorChoice(label=_("Indikator"), queryset=Indicator.objects.none())
    pic = PersonChoice(
        label=_("Penanggung jawab (PIC)"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Action
        fields = [*EDIT_FIELDS, "evidence"]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.SelectMultiple(attrs={"size": 6}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = Cycle.objects.for_agency(agency).select_related("framework")
        self.fields["cycle"].queryset = cycles.defer("framework__document")
        self.fields["indicator"].queryset = (
            Indicator.objects.filter(framework__in=cycles.values("framework"))
            .select_related("framework")
            .only("pk", "number", "name", "framework__code", "framework__name")
            .order_by("framework__code", "number")
        )
        self.fields["unit"].queryset = Unit.objects.for_agency(agency).filter(is_active=True)
        members = Membership.objects.active().filter(agency=agency).values("user")
        self.fields["pic"].queryset = User.objects.filter(pk__in=members).order_by("full_name")
        self.fields["evidence"].queryset = Evidence.objects.for_agency(agency).only("pk", "title")
        self.fields["evidence"].required = False
        self.fields["progress"].max_value = 100
        for name in ("start_date", "due_date"):
            self.fields[name].validators.append(validate_plan_date)

    def clean_progress(self):
        value = self.cleaned_data["progress"]
        if value is not None and value > 100:
            raise forms.ValidationError(gettext("Kemajuan harus 0 sampai 100 persen."))
        return value

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and start > due:
            self.add_error("due_date", gettext("Tenggat tidak boleh sebelum tanggal mulai."))
        return data

    def _post_clean(self):
        # The model's own checks run in actions.create_action / update_action, with messages.
        pass


class ProgressForm(forms.Form):
    """What the owner of an action may change."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Bukti penyelesaian"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Dokumen dari pustaka data dukung yang membuktikan aksi ini selesai."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.for_agency(agency).only("pk", "title")
