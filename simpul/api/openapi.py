"""The OpenAPI 3.1 description of /api/v1, written by hand: the API is small and stable."""

from typing import Any

from simpul.cycles.models import ItemVerdict

DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
NULLABLE_DECIMAL = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$"}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Simpul API",
            "version": "1",
            "description": (
                "Layanan tanpa status untuk menghitung indeks dari tingkat per indikator dan "
                "merencanakan kenaikan tingkat dengan upaya terkecil menuju target. "
                "Tidak membaca atau menyimpan data instansi; tidak perlu masuk. "
                "(Stateless index computation and target planning; no login, no agency data.)"
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/score": {
                "post": {
                    "operationId": "score",
                    "summary": "Hitung indeks, indeks kelompok dan predikat",
                    "description": (
                        "Tingkat yang tidak diberikan (atau null) dianggap belum dijawab: hasilnya "
                        "sementara (provisional), indeks dihitung atas bagian yang dijawab, dan "
                        "range memberi batas bawah/atas indeks akhir. Lihat docs/index-engine.md."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ScoreRequest"},
                                "example": {"framework": "spbe-2020", "levels": {"1": 3, "I02": 4}},
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Hasil perhitungan",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ScoreResult"}
                                }
                            },
                        },
                        "400": _error_response(
                            "Masukan tidak sah; field menunjuk bagian yang salah, "
                            "misalnya levels.I99"
                        ),
                        "405": {"description": "Hanya POST yang diterima"},
                    },
                }
            },
            "/plan": {
                "post": {
                    "operationId": "plan",
                    "summary": "Rencana kenaikan tingkat dengan upaya terkecil menuju target",
                    "description": (
                        "Optimum tepat (bukan perkiraan): himpunan kenaikan tingkat dengan total "
                        "upaya terkecil yang mencapai target indeks atau predikat, dengan kunci, "
                        "batas langkah per tahun dan aturan prasyarat; years memberi peta jalan "
                        "beberapa tahun. Semua indikator wajib punya tingkat awal. Bila target "
                        "tidak tercapai, feasible = false, rencana menuju indeks tertinggi yang "
                        "dapat dicapai, dan limits menyebut pembatasnya. Lihat docs/planner.md."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PlanRequest"},
                                "example": {
                                    "framework": "spbe-2020",
                                    "levels": {str(n): 2 for n in range(1, 48)},
                                    "target": "Baik",
                                    "costs": [
                                        {"indicator": "3", "from": 2, "to": 3, "effort": "12.5"},
                                        {"indicator": "I05", "effort": 8},
                                    ],
                                    "locks": ["7"],
                                    "max_steps": 1,
                                    "rules": [
                                        {
                                            "indicator": "11",
                                            "max_level": 2,
                                            "requires": "1",
                                            "min_level": 2,
                                        }
                                    ],
                                    "suggested_rules": False,
                                },
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Rencana (juga bila target tidak tercapai)",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/PlanResult"},
                                            {"$ref": "#/components/schemas/ItemPlanResult"},
                                            {"$ref": "#/components/schemas/ItemRoadmapResult"},
                                        ]
                                    }
                                }
                            },
                        },
                        "400": _error_response(
                            "Masukan tidak sah; field menunjuk bagian yang salah, misalnya "
                            "levels.I05, items.I1-L9-01, target, costs[2].effort, locks[0], "
                            "rules[1].min_level"
                        ),
                        "405": {"description": "Hanya POST yang diterima"},
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "Dokumen ini",
                    "responses": {
                        "200": {
                            "description": "Skema OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


def _schemas() -> dict[str, Any]:
    return {
        "ScoreRequest": {
            "description": (
                "Kerangka bertingkat (spbe-2020): levels. Kerangka yang dinilai per butir "
                "(pemdi-2026): items, external dan values, semuanya opsional."
            ),
            "oneOf": [
                {"$ref": "#/components/schemas/LevelScoreRequest"},
                {"$ref": "#/components/schemas/ItemScoreRequest"},
            ],
        },
        "ItemScoreRequest": {
            "type": "object",
            "required": ["framework"],
            "additionalProperties": False,
            "properties": {
                "framework": {"type": "string", "description": "Kode versi, mis. pemdi-2026"},
                "items": {
                    "type": "object",
                    "description": (
                        'Putusan per kode butir ("I1-L1-01"); butir yang tidak disebut dianggap '
                        "belum diterima."
                    ),
                    "additionalProperties": {
                        "type": "string",
                        "enum": ItemVerdict.values,
                    },
                },
                "external": {
                    "type": "object",
                    "description": (
                        "Skor indeks lain per indikator (I5, I6, I7, I18) dalam skala indeks itu "
                        'sendiri, mis. {"I5": "25"}; yang tidak disebut dianggap 1,00.'
                    ),
                    "additionalProperties": {"type": ["string", "number"]},
                },
                "values": {
                    "type": "object",
                    "description": (
                        "Nilai asesor per indikator, teks desimal dengan berapa pun desimal, "
                        "di dalam pita tingkat yang dicapai butirnya."
                    ),
                    "additionalProperties": {"type": ["string", "number"]},
                },
            },
        },
        "LevelScoreRequest": {
            "type": "object",
            "required": ["framework", "levels"],
            "additionalProperties": False,
            "properties": {
                "framework": {"type": "string", "description": "Kode versi, mis. spbe-2020"},
                "levels": {
                    "type": "object",
                    "description": (
                        'Kunci: nomor indikator ("7") atau kodenya ("I07"); nilai: tingkat '
                        "bilangan bulat pada skala kerangka, atau null bila belum dijawab."
                    ),
                    "additionalProperties": {"type": ["integer", "null"]},
                },
            },
        },
        "ScoreResult": {
            "type": "object",
            "required": [
                "framework",
                "status",
                "notice",
                "index",
                "index_exact",
                "predicate",
                "complete",
                "provisional",
                "answered",
                "total",
                "answered_weight",
                "weight_total",
                "range",
                "groups",
            ],
            "properties": {
                "framework": {"type": "string"},
                "status": {"type": "string", "enum": ["official", "draft", "compiled"]},
                "notice": {
                    "type": "string",
                    "description": (
                        "Catatan status; wajib ditampilkan untuk kerangka draf dan kerangka yang "
                        "dihimpun dari sumber sekunder (compiled)"
                    ),
                },
                "index_fraction": {
                    "type": "string",
                    "description": "Kerangka per butir: indeks sebagai pecahan tepat (3103/2500)",
                },
                "indicators": {
                    "type": "object",
                    "description": "Kerangka per butir: nilai setiap indikator, dikunci kodenya",
                    "additionalProperties": {"$ref": "#/components/schemas/IndicatorValue"},
                },
                "index": {
                    **NULLABLE_DECIMAL,
                    "description": "Dibulatkan untuk tampilan (mis. 2 desimal, half-up); "
                    "null bila belum ada yang dijawab",
                },
                "index_exact": {**NULLABLE_DECIMAL, "description": "Nilai tepat, tanpa pembulatan"},
                "predicate": {
                    "type": ["string", "null"],
                    "description": "Ditentukan dari nilai tepat, bukan dari nilai yang dibulatkan",
                },
                "complete": {"type": "boolean"},
                "provisional": {
                    "type": "boolean",
                    "description": "true bila ada indikator yang belum dijawab",
                },
                "answered": {"type": "integer", "minimum": 0},
                "total": {"type": "integer", "minimum": 1},
                "answered_weight": DECIMAL,
                "weight_total": DECIMAL,
                "range": {"$ref": "#/components/schemas/IndexRange"},
                "groups": {
                    "type": "array",
                    "description": "Setiap kelompok pohon kerangka, dalam urutan pohon",
                    "items": {"$ref": "#/components/schemas/GroupIndex"},
                },
            },
        },
        "IndicatorValue": {
            "type": "object",
            "required": ["name", "weight", "value", "value_exact", "value_fraction", "source"],
            "properties": {
                "name": {"type": "string"},
                "weight": DECIMAL,
                "value": {**DECIMAL, "description": "Dibulatkan untuk tampilan, mis. 2.00"},
                "value_exact": {
                    **DECIMAL,
                    "description": "Tepat; bila tidak berakhir, 40 angka bermakna",
                },
                "value_fraction": {"type": "string", "description": "Pecahan tepat, mis. 7/6"},
                "source": {"type": "string", "enum": ["items", "external", "value"]},
                "level": {
                    "type": "integer",
                    "description": "Tingkat yang pitanya memuat nilai (untuk butir: tingkat "
                    "pertama yang belum lengkap)",
                },
                "band": {"type": "object"},
                "accepted": {"type": "integer", "minimum": 0},
                "items": {"type": "integer", "minimum": 1},
                "rule_value": DECIMAL,
                "rule_value_exact": DECIMAL,
                "external": {
                    "type": "object",
                    "required": ["index", "score", "assumed"],
                    "properties": {
                        "index": {"type": "string"},
                        "score": NULLABLE_DECIMAL,
                        "assumed": {"type": "boolean"},
                    },
                },
            },
        },
        "IndexRange": {
            "type": "object",
            "description": (
                "Indeks akhir bila yang belum dijawab bernilai tingkat terendah/tertinggi"
            ),
            "required": ["min", "min_exact", "max", "max_exact"],
            "properties": {
                "min": DECIMAL,
                "min_exact": DECIMAL,
                "max": DECIMAL,
                "max_exact": DECIMAL,
            },
        },
        "GroupIndex": {
            "type": "object",
            "required": [
                "code",
                "name",
                "kind",
                "depth",
                "parent",
                "index",
                "index_exact",
                "answered",
                "total",
            ],
            "properties": {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "kind": {"type": "string", "description": "mis. domain, aspect"},
                "depth": {"type": "integer", "minimum": 0},
                "parent": {"type": ["string", "null"]},
                "index": NULLABLE_DECIMAL,
                "index_exact": NULLABLE_DECIMAL,
                "answered": {"type": "integer", "minimum": 0},
                "total": {"type": "integer", "minimum": 1},
            },
        },
        **_plan_schemas(),
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["field", "message"],
                    "properties": {
                        "field": {
                            "type": "string",
                            "description": (
                                "body, framework, levels, levels.<kunci>, items.<butir>, "
                                "external.<indikator>, values.<indikator>, target, years[<i>], "
                                "costs[<i>].<kolom>, locks[<i>], max_steps, rules[<i>].<kolom>, "
                                "suggested_rules, effort_unit"
                            ),
                        },
                        "message": {"type": "string", "description": "Dalam Bahasa Indonesia"},
                    },
                }
            },
        },
    }


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


def _plan_schemas() -> dict[str, Any]:
    return {
        "PlanRequest": {
            "description": (
                "Kerangka bertingkat (spbe-2020): levels dan kenaikan tingkat. Kerangka per "
                "butir (pemdi-2026): items dan external seperti score, target, costs per butir."
            ),
            "oneOf": [
                {"$ref": "#/components/schemas/LevelPlanRequest"},
                {"$ref": "#/components/schemas/ItemPlanRequest"},
            ],
        },
        "ItemPlanRequest": {
            "type": "object",
            "required": ["framework"],
            "additionalProperties": False,
            "description": "Isi tepat salah satu dari target dan years.",
            "oneOf": ONE_GOAL,
            "properties": {
                "framework": {"type": "string", "description": "Kode versi, mis. pemdi-2026"},
                "items": {
                    "type": "object",
                    "description": "Putusan butir saat ini, seperti pada score",
                    "additionalProperties": {
                        "type": "string",
                        "enum": ItemVerdict.values,
                    },
                },
                "external": {
                    "type": "object",
                    "description": "Skor indeks lain (tetap dalam rencana)",
                    "additionalProperties": {"type": ["string", "number"]},
                },
                "values": {
                    "type": "object",
                    "description": "Diterima tetapi tidak dipakai: nilai mengikuti butir",
                    "additionalProperties": {"type": ["string", "number"]},
                },
                "target": TARGET,
                "years": YEARS,
                "costs": {
                    "type": "array",
                    "description": "Upaya per butir; butir yang tidak disebut bernilai 1",
                    "items": {
                        "type": "object",
                        "required": ["item", "effort"],
                        "additionalProperties": False,
                        "properties": {"item": {"type": "string"}, "effort": EFFORT},
                    },
                },
                "effort_unit": {"type": "string", "description": "Satuan upaya; bawaan butir"},
            },
        },
        "ItemPlanResult": {
            "type": "object",
            "required": [
                "framework",
                "status",
                "notice",
                "feasible",
                "target",
                "start_index_exact",
                "achieved_index",
                "achieved_index_exact",
                "max_reachable_index",
                "max_reachable_index_exact",
                "total_effort",
                "effort_unit",
                "items",
                "indicators",
                "message",
            ],
            "properties": {
                "framework": {"type": "string"},
                "status": {"type": "string", "enum": ["official", "draft", "compiled"]},
                "notice": {"type": "string"},
                "feasible": {"type": "boolean"},
                "target": DECIMAL,
                "target_inclusive": {"type": "boolean"},
                "target_predicate": {"type": ["string", "null"]},
                "start_index": DECIMAL,
                "start_index_exact": DECIMAL,
                "start_predicate": {"type": "string"},
                "achieved_index": DECIMAL,
                "achieved_index_exact": DECIMAL,
                "predicate": {"type": "string"},
                "max_reachable_index": DECIMAL,
                "max_reachable_index_exact": DECIMAL,
                "total_effort": DECIMAL,
                "effort_unit": {"type": "string"},
                "items": {
                    "type": "array",
                    "description": "Butir yang perlu diterima (tanpa yang sudah diterima)",
                    "items": {"type": "string"},
                },
                "indicators": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["indicator", "from_value_exact", "to_value_exact", "items"],
                        "properties": {
                            "indicator": {"type": "string"},
                            "number": {"type": "integer"},
                            "from_value": DECIMAL,
                            "from_value_exact": DECIMAL,
                            "to_value": DECIMAL,
                            "to_value_exact": DECIMAL,
                            "from_level": {"type": "integer"},
                            "to_level": {"type": "integer"},
                            "items": {"type": "array", "items": {"type": "string"}},
                            "effort": DECIMAL,
                        },
                    },
                },
                "message": {"type": "string"},
                "notes": {"type": "array", "items": {"type": "string"}},
            },
        },
        "ItemRoadmapResult": {
            "type": "object",
            "description": (
                "Peta jalan per butir: total seluruh evaluasi, lalu years[] satu per evaluasi "
                "(bentuknya ItemPlanResult tanpa framework, status, notice dan notes)."
            ),
            "required": [
                "framework",
                "status",
                "notice",
                "feasible",
                "start_index_exact",
                "achieved_index_exact",
                "max_reachable_index_exact",
                "total_effort",
                "effort_unit",
                "items",
                "years",
            ],
            "properties": {
                "framework": {"type": "string"},
                "status": {"type": "string", "enum": ["official", "draft", "compiled"]},
                "notice": {"type": "string"},
                "feasible": {"type": "boolean"},
                "start_index": DECIMAL,
                "start_index_exact": DECIMAL,
                "start_predicate": {"type": "string"},
                "achieved_index": DECIMAL,
                "achieved_index_exact": DECIMAL,
                "predicate": {"type": "string"},
                "max_reachable_index": DECIMAL,
                "max_reachable_index_exact": DECIMAL,
                "total_effort": DECIMAL,
                "effort_unit": {"type": "string"},
                "items": {"type": "array", "items": {"type": "string"}},
                "years": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "feasible",
                            "target",
                            "achieved_index_exact",
                            "total_effort",
                            "items",
                            "indicators",
                            "message",
                        ],
                    },
                },
                "notes": {"type": "array", "items": {"type": "string"}},
            },
        },
        "LevelPlanRequest": {
            "type": "object",
            "required": ["framework", "levels"],
            "additionalProperties": False,
            "description": "Isi tepat salah satu dari target dan years.",
            "oneOf": ONE_GOAL,
            "properties": {
                "framework": {"type": "string", "description": "Kode versi, mis. spbe-2020"},
                "levels": {
                    "type": "object",
                    "description": "Tingkat awal SETIAP indikator (kunci nomor atau kode)",
                    "propertyNames": INDICATOR_KEY,
                    "additionalProperties": {"type": "integer"},
                },
                "target": TARGET,
                "years": YEARS,
                "costs": {
                    "type": "array",
                    "description": (
                        "Upaya yang menimpa upaya bawaan: satu baris per langkah (from, to = "
                        "from + 1) atau tanpa from/to untuk setiap langkah indikator itu"
                    ),
                    "items": {"$ref": "#/components/schemas/PlanCost"},
                },
                "effort_unit": {"type": "string", "description": "Satuan upaya; bawaan hari kerja"},
                "locks": {
                    "type": "array",
                    "description": "Indikator yang tetap di tingkatnya",
                    "items": INDICATOR,
                },
                "max_steps": {
                    "type": ["integer", "null"],
                    "minimum": 0,
                    "description": "Kenaikan tingkat paling banyak per indikator per tahun",
                },
                "rules": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/PlanRuleInput"},
                },
                "suggested_rules": {
                    "type": "boolean",
                    "description": "Tambahkan aturan prasyarat usulan kerangka (bawaan false)",
                },
            },
        },
        "PlanCost": {
            "type": "object",
            "required": ["indicator", "effort"],
            "additionalProperties": False,
            "properties": {
                "indicator": INDICATOR,
                "from": {"type": "integer"},
                "to": {"type": "integer"},
                "effort": EFFORT,
            },
        },
        "PlanRuleInput": {
            "type": "object",
            "description": (
                "indicator tidak boleh melebihi max_level kecuali requires paling rendah min_level"
            ),
            "required": ["indicator", "max_level", "requires", "min_level"],
            "additionalProperties": False,
            "properties": {
                "indicator": INDICATOR,
                "max_level": {"type": "integer"},
                "requires": INDICATOR,
                "min_level": {"type": "integer"},
            },
        },
        "PlanRule": {
            "type": "object",
            "required": ["indicator", "max_level", "requires", "min_level"],
            "properties": {
                "indicator": {"type": "string"},
                "max_level": {"type": "integer"},
                "requires": {"type": "string"},
                "min_level": {"type": "integer"},
            },
        },
        "PlanStep": {
            "type": "object",
            "required": ["indicator", "number", "from", "to", "gain_exact", "effort", "year"],
            "properties": {
                "indicator": {"type": "string"},
                "number": {"type": "integer"},
                "from": {"type": "integer"},
                "to": {"type": "integer"},
                "gain_exact": {**DECIMAL, "description": "Kenaikan indeks, tepat"},
                "effort": DECIMAL,
                "year": {"type": "integer", "minimum": 1},
            },
        },
        "PlanYear": {
            "type": "object",
            "required": [
                "year",
                "target",
                "target_inclusive",
                "target_predicate",
                "feasible",
                "achieved_index",
                "achieved_index_exact",
                "predicate",
                "max_reachable_index",
                "max_reachable_index_exact",
                "effort",
                "steps",
            ],
            "properties": {
                "year": {"type": "integer", "minimum": 1},
                "target": DECIMAL,
                "target_inclusive": {"type": "boolean"},
                "target_predicate": {"type": ["string", "null"]},
                "feasible": {"type": "boolean"},
                "achieved_index": DECIMAL,
                "achieved_index_exact": DECIMAL,
                "predicate": {"type": "string"},
                "max_reachable_index": DECIMAL,
                "max_reachable_index_exact": DECIMAL,
                "effort": DECIMAL,
                "steps": {"type": "array", "items": {"$ref": "#/components/schemas/PlanStep"}},
            },
        },
        "PlanResult": {
            "type": "object",
            "required": [
                "framework",
                "status",
                "notice",
                "feasible",
                "target",
                "target_inclusive",
                "target_predicate",
                "start_index",
                "start_index_exact",
                "start_predicate",
                "achieved_index",
                "achieved_index_exact",
                "predicate",
                "max_reachable_index",
                "max_reachable_index_exact",
                "total_effort",
                "effort_unit",
                "steps",
                "years",
                "message",
                "limits_year",
                "limits",
                "leverage",
                "constraints",
            ],
            "properties": {
                "framework": {"type": "string"},
                "status": {"type": "string", "enum": ["official", "draft"]},
                "notice": {"type": "string"},
                "feasible": {
                    "type": "boolean",
                    "description": "false bila target (tahun mana pun) tidak dapat dicapai",
                },
                "target": {**DECIMAL, "description": "Target tahun terakhir, tepat"},
                "target_inclusive": {
                    "type": "boolean",
                    "description": "false: indeks harus LEBIH dari target (batas pita eksklusif)",
                },
                "target_predicate": {"type": ["string", "null"]},
                "start_index": DECIMAL,
                "start_index_exact": DECIMAL,
                "start_predicate": {"type": "string"},
                "achieved_index": {**DECIMAL, "description": "Indeks setelah rencana (tampilan)"},
                "achieved_index_exact": DECIMAL,
                "predicate": {"type": "string", "description": "Predikat indeks setelah rencana"},
                "max_reachable_index": {
                    **DECIMAL,
                    "description": "Indeks tertinggi yang dapat dicapai dengan batasan ini",
                },
                "max_reachable_index_exact": DECIMAL,
                "total_effort": DECIMAL,
                "effort_unit": {"type": "string"},
                "steps": {
                    "type": "array",
                    "description": "Semua kenaikan, per tahun lalu per nomor indikator",
                    "items": {"$ref": "#/components/schemas/PlanStep"},
                },
                "years": {"type": "array", "items": {"$ref": "#/components/schemas/PlanYear"}},
                "message": {"type": "string", "description": "Ringkasan dalam Bahasa Indonesia"},
                "limits_year": {
                    "type": ["integer", "null"],
                    "description": "Tahun pertama yang targetnya tidak tercapai",
                },
                "limits": {
                    "type": "array",
                    "description": "Apa yang menahan indeks pada tahun limits_year",
                    "items": {"$ref": "#/components/schemas/PlanLimit"},
                },
                "leverage": {
                    "type": "array",
                    "description": "Daya ungkit: langkah tunggal terbaik per upaya, urut menurun",
                    "items": {"$ref": "#/components/schemas/PlanLeverage"},
                },
                "constraints": {
                    "type": "object",
                    "required": ["locks", "max_steps", "rules"],
                    "properties": {
                        "locks": {"type": "array", "items": {"type": "string"}},
                        "max_steps": {"type": ["integer", "null"]},
                        "rules": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/PlanRule"},
                        },
                    },
                },
            },
        },
        "PlanLimit": {
            "type": "object",
            "required": [
                "indicator",
                "number",
                "kind",
                "level",
                "ceiling",
                "lost_gain_exact",
                "rules",
            ],
            "properties": {
                "indicator": {"type": "string"},
                "number": {"type": "integer"},
                "kind": {"type": "string", "enum": ["lock", "max_steps", "rule"]},
                "level": {"type": "integer", "description": "Tingkat tertinggi yang dapat dicapai"},
                "ceiling": {"type": "integer", "description": "Tingkat tanpa pembatas ini"},
                "lost_gain_exact": DECIMAL,
                "rules": {"type": "array", "items": {"$ref": "#/components/schemas/PlanRule"}},
            },
        },
        "PlanLeverage": {
            "type": "object",
            "required": [
                "indicator",
                "number",
                "from",
                "to",
                "gain_exact",
                "effort",
                "gain_per_effort",
                "blocked_by",
            ],
            "properties": {
                "indicator": {"type": "string"},
                "number": {"type": "integer"},
                "from": {"type": "integer"},
                "to": {"type": "integer"},
                "gain_exact": DECIMAL,
                "effort": DECIMAL,
                "gain_per_effort": {
                    **NULLABLE_DECIMAL,
                    "description": "12 angka penting; null bila upaya 0 (paling atas)",
                },
                "blocked_by": {
                    "type": "array",
                    "description": "Aturan yang menunggu prasyaratnya sebelum langkah ini",
                    "items": {"$ref": "#/components/schemas/PlanRule"},
                },
            },
        },
    }
