"""What drf-spectacular reads to generate /api/v1/openapi.json: the bodies' serializers.

The endpoints read their JSON bodies themselves (simpul/frameworks/scoring.py and
simpul/planner/inputs.py name the field of every refusal), so these serializers describe and
never validate. What a serializer cannot say (additionalProperties: false, "exactly one of
target and years") is declared beside it in REFINEMENTS and merged by `refine`, a
postprocessing hook. Paths, methods, status codes and security come from the views.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from simpul.cycles.models import ItemVerdict

DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
NULLABLE_DECIMAL = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$"}
STATUSES = ["official", "draft", "compiled"]
NUMBER_TEXT = {"type": ["string", "number"]}
TARGET = {
    "type": ["string", "number"],
    "description": (
        'Nilai indeks (3.5, "3.50", "3,5") pada skala kerangka, atau nama predikat ("Sangat '
        'Baik") yang berarti batas bawah pitanya (eksklusif bila pitanya eksklusif)'
    ),
}
EFFORT = {"type": ["string", "number"], "description": "0 atau lebih, paling banyak 6 desimal"}
INDICATOR = {"type": ["string", "integer"], "description": 'Nomor ("7", 7) atau kode ("I07")'}
# An indicator named as a key: its number ("7") or its code ("I07").
INDICATOR_KEY = {"type": "string", "pattern": "^(?:[0-9]{1,3}|I[0-9]{1,3})$"}
YEARS = {
    "type": "array",
    "description": "Peta jalan: target tahun atau evaluasi 1, 2, … (1 sampai 10)",
    "minItems": 1,
    "maxItems": 10,
    "items": TARGET,
}
# Exactly one of target and years.
ONE_GOAL = [{"required": ["target"]}, {"required": ["years"]}]
CLOSED = {"additionalProperties": False}

# component name → JSON Schema keywords merged into it by `refine`.
REFINEMENTS: dict[str, dict[str, Any]] = {}


def raw(schema: dict[str, Any], **kwargs: Any) -> serializers.Field:
    """A field whose schema is exactly `schema` (types a DRF field cannot express)."""
    field_class = extend_schema_field(schema)(type("RawField", (serializers.Field,), {}))
    return field_class(**kwargs)


def decimal(**kwargs: Any) -> serializers.Field:
    return raw(DECIMAL, **kwargs)


def nullable_decimal(**kwargs: Any) -> serializers.Field:
    return raw(NULLABLE_DECIMAL, **kwargs)


def enum(values: list[str], **kwargs: Any) -> serializers.Field:
    return raw({"type": "string", "enum": list(values)}, **kwargs)


def text(**kwargs: Any) -> serializers.Field:
    return serializers.CharField(**kwargs)


def optional(field_class=serializers.CharField, **kwargs: Any) -> serializers.Field:
    return field_class(required=False, **kwargs)


def component(name: str, fields: dict[str, Any], description: str = "", **refine: Any):
    """A serializer class named `name` (its component name) with `fields`, in that order."""
    if refine:
        REFINEMENTS[name] = refine
    return type(name, (serializers.Serializer,), {**fields, "__doc__": description or None})


def strings(**kwargs: Any) -> serializers.Field:
    return serializers.ListField(child=serializers.CharField(), **kwargs)


# ---- score ----------------------------------------------------------------------------------

LevelScoreRequest = component(
    "LevelScoreRequest",
    {
        "framework": text(help_text="Kode versi, mis. spbe-2020"),
        "levels": raw(
            {"type": "object", "additionalProperties": {"type": ["integer", "null"]}},
            help_text=(
                'Kunci: nomor indikator ("7") atau kodenya ("I07"); nilai: tingkat '
                "bilangan bulat pada skala kerangka, atau null bila belum dijawab."
            ),
        ),
    },
    **CLOSED,
)

ItemScoreRequest = component(
    "ItemScoreRequest",
    {
        "framework": text(help_text="Kode versi, mis. pemdi-2026"),
        "items": raw(
            {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": ItemVerdict.values},
            },
            required=False,
            help_text=(
                'Putusan per kode butir ("I1-L1-01"); butir yang tidak disebut dianggap '
                "belum diterima."
            ),
        ),
        "external": raw(
            {"type": "object", "additionalProperties": NUMBER_TEXT},
            required=False,
            help_text=(
                "Skor indeks lain per indikator (I5, I6, I7, I18) dalam skala indeks itu "
                'sendiri, mis. {"I5": "25"}; yang tidak disebut dianggap 1,00.'
            ),
        ),
        "values": raw(
            {"type": "object", "additionalProperties": NUMBER_TEXT},
            required=False,
            help_text=(
                "Nilai asesor per indikator, teks desimal dengan berapa pun desimal, "
                "di dalam pita tingkat yang dicapai butirnya."
            ),
        ),
    },
    **CLOSED,
)

ScoreRequest = PolymorphicProxySerializer(
    component_name="ScoreRequest",
    serializers=[LevelScoreRequest, ItemScoreRequest],
    resource_type_field_name=None,
)

IndicatorExternal = component(
    "IndicatorExternal",
    {"index": text(), "score": nullable_decimal(), "assumed": serializers.BooleanField()},
)

IndicatorValue = component(
    "IndicatorValue",
    {
        "name": text(),
        "weight": decimal(),
        "value": decimal(help_text="Dibulatkan untuk tampilan, mis. 2.00"),
        "value_exact": decimal(help_text="Tepat; bila tidak berakhir, 40 angka bermakna"),
        "value_fraction": text(help_text="Pecahan tepat, mis. 7/6"),
        "source": enum(["items", "external", "value"]),
        "level": optional(
            serializers.IntegerField,
            help_text="Tingkat yang pitanya memuat nilai (untuk butir: tingkat pertama yang "
            "belum lengkap)",
        ),
        "band": optional(serializers.DictField),
        "accepted": optional(serializers.IntegerField, min_value=0),
        "items": optional(serializers.IntegerField, min_value=1),
        "rule_value": decimal(required=False),
        "rule_value_exact": decimal(required=False),
        "external": IndicatorExternal(required=False),
    },
)

IndexRange = component(
    "IndexRange",
    {
        "min": decimal(),
        "min_exact": decimal(),
        "max": decimal(),
        "max_exact": decimal(),
    },
    "Indeks akhir bila yang belum dijawab bernilai tingkat terendah/tertinggi",
)

GroupIndex = component(
    "GroupIndex",
    {
        "code": text(),
        "name": text(),
        "kind": text(help_text="mis. domain, aspect"),
        "depth": serializers.IntegerField(min_value=0),
        "parent": raw({"type": ["string", "null"]}),
        "index": nullable_decimal(),
        "index_exact": nullable_decimal(),
        "answered": serializers.IntegerField(min_value=0),
        "total": serializers.IntegerField(min_value=1),
    },
)

ScoreResult = component(
    "ScoreResult",
    {
        "framework": text(),
        "status": enum(STATUSES),
        "notice": text(
            help_text="Catatan status; wajib ditampilkan untuk kerangka draf dan kerangka yang "
            "dihimpun dari sumber sekunder (compiled)"
        ),
        "index_fraction": optional(
            help_text="Kerangka per butir: indeks sebagai pecahan tepat (3103/2500)"
        ),
        "indicators": serializers.DictField(
            child=IndicatorValue(),
            required=False,
            help_text="Kerangka per butir: nilai setiap indikator, dikunci kodenya",
        ),
        "index": nullable_decimal(
            help_text="Dibulatkan untuk tampilan (mis. 2 desimal, half-up); null bila belum ada "
            "yang dijawab"
        ),
        "index_exact": nullable_decimal(help_text="Nilai tepat, tanpa pembulatan"),
        "predicate": raw(
            {"type": ["string", "null"]},
            help_text="Ditentukan dari nilai tepat, bukan dari nilai yang dibulatkan",
        ),
        "complete": serializers.BooleanField(),
        "provisional": serializers.BooleanField(
            help_text="true bila ada indikator yang belum dijawab"
        ),
        "answered": serializers.IntegerField(min_value=0),
        "total": serializers.IntegerField(min_value=1),
        "answered_weight": decimal(),
        "weight_total": decimal(),
        "range": IndexRange(),
        "groups": GroupIndex(
            many=True, help_text="Setiap kelompok pohon kerangka, dalam urutan pohon"
        ),
    },
)

# ---- plan -----------------------------------------------------------------------------------

PlanCost = component(
    "PlanCost",
    {
        "indicator": raw(INDICATOR),
        "from": optional(serializers.IntegerField),
        "to": optional(serializers.IntegerField),
        "effort": raw(EFFORT),
    },
    **CLOSED,
)

PlanRuleInput = component(
    "PlanRuleInput",
    {
        "indicator": raw(INDICATOR),
        "max_level": serializers.IntegerField(),
        "requires": raw(INDICATOR),
        "min_level": serializers.IntegerField(),
    },
    "indicator tidak boleh melebihi max_level kecuali requires paling rendah min_level",
    **CLOSED,
)

LevelPlanRequest = component(
    "LevelPlanRequest",
    {
        "framework": text(help_text="Kode versi, mis. spbe-2020"),
        "levels": raw(
            {
                "type": "object",
                "propertyNames": INDICATOR_KEY,
                "additionalProperties": {"type": "integer"},
            },
            help_text="Tingkat awal SETIAP indikator (kunci nomor atau kode)",
        ),
        "target": raw(TARGET, required=False),
        "years": raw(YEARS, required=False),
        "costs": PlanCost(
            many=True,
            required=False,
            help_text=(
                "Upaya yang menimpa upaya bawaan: satu baris per langkah (from, to = from + 1) "
                "atau tanpa from/to untuk setiap langkah indikator itu"
            ),
        ),
        "effort_unit": optional(help_text="Satuan upaya; bawaan hari kerja"),
        "locks": serializers.ListField(
            child=raw(INDICATOR), required=False, help_text="Indikator yang tetap di tingkatnya"
        ),
        "max_steps": serializers.IntegerField(
            min_value=0,
            allow_null=True,
            required=False,
            help_text="Kenaikan tingkat paling banyak per indikator per tahun",
        ),
        "rules": PlanRuleInput(many=True, required=False),
        "suggested_rules": serializers.BooleanField(
            required=False, help_text="Tambahkan aturan prasyarat usulan kerangka (bawaan false)"
        ),
    },
    "Isi tepat salah satu dari target dan years.",
    oneOf=ONE_GOAL,
    **CLOSED,
)

ItemPlanCost = component("ItemPlanCost", {"item": text(), "effort": raw(EFFORT)}, **CLOSED)

ItemPlanRequest = component(
    "ItemPlanRequest",
    {
        "framework": text(help_text="Kode versi, mis. pemdi-2026"),
        "items": raw(
            {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": ItemVerdict.values},
            },
            required=False,
            help_text="Putusan butir saat ini, seperti pada score",
        ),
        "external": raw(
            {"type": "object", "additionalProperties": NUMBER_TEXT},
            required=False,
            help_text="Skor indeks lain (tetap dalam rencana)",
        ),
        "values": raw(
            {"type": "object", "additionalProperties": NUMBER_TEXT},
            required=False,
            help_text="Diterima tetapi tidak dipakai: nilai mengikuti butir",
        ),
        "target": raw(TARGET, required=False),
        "years": raw(YEARS, required=False),
        "costs": ItemPlanCost(
            many=True,
            required=False,
            help_text="Upaya per butir; butir yang tidak disebut bernilai 1",
        ),
        "effort_unit": optional(help_text="Satuan upaya; bawaan butir"),
    },
    "Isi tepat salah satu dari target dan years.",
    oneOf=ONE_GOAL,
    **CLOSED,
)

PlanRequest = PolymorphicProxySerializer(
    component_name="PlanRequest",
    serializers=[LevelPlanRequest, ItemPlanRequest],
    resource_type_field_name=None,
)

PlanRule = component(
    "PlanRule",
    {
        "indicator": text(),
        "max_level": serializers.IntegerField(),
        "requires": text(),
        "min_level": serializers.IntegerField(),
    },
)

PlanStep = component(
    "PlanStep",
    {
        "indicator": text(),
        "number": serializers.IntegerField(),
        "from": serializers.IntegerField(),
        "to": serializers.IntegerField(),
        "gain_exact": decimal(help_text="Kenaikan indeks, tepat"),
        "effort": decimal(),
        "year": serializers.IntegerField(min_value=1),
    },
)

PlanYear = component(
    "PlanYear",
    {
        "year": serializers.IntegerField(min_value=1),
        "target": decimal(),
        "target_inclusive": serializers.BooleanField(),
        "target_predicate": raw({"type": ["string", "null"]}),
        "feasible": serializers.BooleanField(),
        "achieved_index": decimal(),
        "achieved_index_exact": decimal(),
        "predicate": text(),
        "max_reachable_index": decimal(),
        "max_reachable_index_exact": decimal(),
        "effort": decimal(),
        "steps": PlanStep(many=True),
    },
)

PlanLimit = component(
    "PlanLimit",
    {
        "indicator": text(),
        "number": serializers.IntegerField(),
        "kind": enum(["lock", "max_steps", "rule"]),
        "level": serializers.IntegerField(help_text="Tingkat tertinggi yang dapat dicapai"),
        "ceiling": serializers.IntegerField(help_text="Tingkat tanpa pembatas ini"),
        "lost_gain_exact": decimal(),
        "rules": PlanRule(many=True),
    },
)

PlanLeverage = component(
    "PlanLeverage",
    {
        "indicator": text(),
        "number": serializers.IntegerField(),
        "from": serializers.IntegerField(),
        "to": serializers.IntegerField(),
        "gain_exact": decimal(),
        "effort": decimal(),
        "gain_per_effort": nullable_decimal(
            help_text="12 angka penting; null bila upaya 0 (paling atas)"
        ),
        "blocked_by": PlanRule(
            many=True, help_text="Aturan yang menunggu prasyaratnya sebelum langkah ini"
        ),
    },
)

PlanConstraints = component(
    "PlanConstraints",
    {
        "locks": strings(),
        "max_steps": serializers.IntegerField(allow_null=True),
        "rules": PlanRule(many=True),
    },
)

PlanResult = component(
    "PlanResult",
    {
        "framework": text(),
        "status": enum(["official", "draft"]),
        "notice": text(),
        "feasible": serializers.BooleanField(
            help_text="false bila target (tahun mana pun) tidak dapat dicapai"
        ),
        "target": decimal(help_text="Target tahun terakhir, tepat"),
        "target_inclusive": serializers.BooleanField(
            help_text="false: indeks harus LEBIH dari target (batas pita eksklusif)"
        ),
        "target_predicate": raw({"type": ["string", "null"]}),
        "start_index": decimal(),
        "start_index_exact": decimal(),
        "start_predicate": text(),
        "achieved_index": decimal(help_text="Indeks setelah rencana (tampilan)"),
        "achieved_index_exact": decimal(),
        "predicate": text(help_text="Predikat indeks setelah rencana"),
        "max_reachable_index": decimal(
            help_text="Indeks tertinggi yang dapat dicapai dengan batasan ini"
        ),
        "max_reachable_index_exact": decimal(),
        "total_effort": decimal(),
        "effort_unit": text(),
        "steps": PlanStep(
            many=True, help_text="Semua kenaikan, per tahun lalu per nomor indikator"
        ),
        "years": PlanYear(many=True),
        "message": text(help_text="Ringkasan dalam Bahasa Indonesia"),
        "limits_year": serializers.IntegerField(
            allow_null=True, help_text="Tahun pertama yang targetnya tidak tercapai"
        ),
        "limits": PlanLimit(many=True, help_text="Apa yang menahan indeks pada tahun limits_year"),
        "leverage": PlanLeverage(
            many=True, help_text="Daya ungkit: langkah tunggal terbaik per upaya, urut menurun"
        ),
        "constraints": PlanConstraints(),
    },
)

ItemPlanIndicator = component(
    "ItemPlanIndicator",
    {
        "indicator": text(),
        "number": optional(serializers.IntegerField),
        "from_value": decimal(required=False),
        "from_value_exact": decimal(),
        "to_value": decimal(required=False),
        "to_value_exact": decimal(),
        "from_level": optional(serializers.IntegerField),
        "to_level": optional(serializers.IntegerField),
        "items": strings(),
        "effort": decimal(required=False),
    },
)

ItemPlanResult = component(
    "ItemPlanResult",
    {
        "framework": text(),
        "status": enum(STATUSES),
        "notice": text(),
        "feasible": serializers.BooleanField(),
        "target": decimal(),
        "target_inclusive": optional(serializers.BooleanField),
        "target_predicate": raw({"type": ["string", "null"]}, required=False),
        "start_index": decimal(required=False),
        "start_index_exact": decimal(),
        "start_predicate": optional(),
        "achieved_index": decimal(),
        "achieved_index_exact": decimal(),
        "predicate": optional(),
        "max_reachable_index": decimal(),
        "max_reachable_index_exact": decimal(),
        "total_effort": decimal(),
        "effort_unit": text(),
        "items": strings(help_text="Butir yang perlu diterima (tanpa yang sudah diterima)"),
        "indicators": ItemPlanIndicator(many=True),
        "message": text(),
        "notes": strings(required=False),
    },
)

ItemRoadmapYear = component(
    "ItemRoadmapYear",
    {
        "feasible": serializers.BooleanField(),
        "target": raw({}),
        "achieved_index_exact": raw({}),
        "total_effort": raw({}),
        "items": raw({}),
        "indicators": raw({}),
        "message": raw({}),
    },
    "Satu evaluasi peta jalan: bentuknya ItemPlanResult tanpa framework, status, notice dan notes.",
)

ItemRoadmapResult = component(
    "ItemRoadmapResult",
    {
        "framework": text(),
        "status": enum(STATUSES),
        "notice": text(),
        "feasible": serializers.BooleanField(),
        "start_index": decimal(required=False),
        "start_index_exact": decimal(),
        "start_predicate": optional(),
        "achieved_index": decimal(required=False),
        "achieved_index_exact": decimal(),
        "predicate": optional(),
        "max_reachable_index": decimal(required=False),
        "max_reachable_index_exact": decimal(),
        "total_effort": decimal(),
        "effort_unit": text(),
        "items": strings(),
        "years": ItemRoadmapYear(many=True),
        "notes": strings(required=False),
    },
    "Peta jalan per butir: total seluruh evaluasi, lalu years[] satu per evaluasi.",
)

PlanResponse = PolymorphicProxySerializer(
    component_name="PlanResponse",
    serializers=[PlanResult, ItemPlanResult, ItemRoadmapResult],
    resource_type_field_name=None,
)

# ---- errors ---------------------------------------------------------------------------------

ErrorDetail = component(
    "ErrorDetail",
    {
        "field": text(
            help_text=(
                "body, framework, levels, levels.<kunci>, items.<butir>, external.<indikator>, "
                "values.<indikator>, target, years[<i>], costs[<i>].<kolom>, locks[<i>], "
                "max_steps, rules[<i>].<kolom>, suggested_rules, effort_unit; Authorization "
                "(401, 403), method (405), request (429)"
            )
        ),
        "message": text(help_text="Dalam Bahasa Indonesia"),
    },
)
Error = component("Error", {"error": ErrorDetail()})


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "simpul.api.tokens.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token API dari halaman Token API: Authorization: Bearer <token>",
        }


class CsrfSessionScheme(OpenApiAuthenticationExtension):
    target_class = "simpul.api.tokens.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        from django.conf import settings

        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "Sesi peramban yang sudah masuk, dengan header X-CSRFToken",
        }


def refine(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: REFINEMENTS into their components, and every
    request body of this API is required (the proxy serializers' oneOf hides that)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, extra in REFINEMENTS.items():
        if name in schemas:
            schemas[name].update(extra)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["requestBody"]["required"] = True
    return result
