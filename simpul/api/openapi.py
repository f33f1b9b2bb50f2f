"""The OpenAPI 3.1 description of /api/v1, written by hand: the API is small and stable."""

from typing import Any

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
                "Layanan tanpa status untuk menghitung indeks dari tingkat per indikator. "
                "Tidak membaca atau menyimpan data instansi; tidak perlu masuk. "
                "(Stateless index computation; no login, no agency data.)"
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
                "status": {"type": "string", "enum": ["official", "draft"]},
                "notice": {
                    "type": "string",
                    "description": "Catatan status; wajib ditampilkan untuk kerangka draf",
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
                            "description": "body, framework, levels atau levels.<kunci>",
                        },
                        "message": {"type": "string", "description": "Dalam Bahasa Indonesia"},
                    },
                }
            },
        },
    }
