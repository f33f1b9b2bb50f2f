"""The canonical form of a framework version: one JSON document, one content hash.

Two files that differ only in layout, key order or "1.30" versus "1.3" have the same
canonical document, hence the same `content_sha256`. Keys added to the format after a file
was written are emitted only when they hold something, so older files keep their hash.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from simpul.frameworks.spec import (
    FORMAT,
    RULE_LEVEL,
    ExternalIndex,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    LevelText,
    decimal_text,
)


def canonical_document(spec: FrameworkSpec) -> dict[str, Any]:
    """The spec as a plain JSON document: every key present, decimals as shortest strings.

    Two files that differ only in layout, key order or "1.30" versus "1.3" have the same
    canonical document, hence the same `content_sha256`.
    """

    def indicator(item: IndicatorSpec) -> dict[str, Any]:
        out = {
            "number": item.number,
            "code": item.code,
            "name": item.name,
            "question": item.question,
            "weight": decimal_text(item.weight),
            "scale": item.scale,
            "description": item.description,
            "assessment_rule": item.assessment_rule,
            "example_evidence": item.example_evidence,
            "typical_owner_units": item.typical_owner_units,
            "notes": list(item.notes),
            "levels": [level(text) for text in item.levels],
        }
        # Only when present, so files written before evidence rules keep their content hash.
        if item.evidence_rules:
            out["evidence_rules"] = [rule.as_json() for rule in item.evidence_rules]
        if item.value_rule != RULE_LEVEL:
            out["value_rule"] = item.value_rule
        if item.external is not None:
            out["external"] = external(item.external)
        return out

    def level(text: LevelText) -> dict[str, Any]:
        out: dict[str, Any] = {
            "level": text.level,
            "name": text.name,
            "criteria": text.criteria,
            "fulfilment": text.fulfilment,
            "evidence": text.evidence,
        }
        if text.conditions:
            out["conditions"] = text.conditions
        if text.items:
            out["items"] = [
                {
                    "code": entry.code,
                    "text": entry.text,
                    "evidence_kind": entry.evidence_kind,
                    "portal_code": entry.portal_code,
                    "note": entry.note,
                }
                for entry in text.items
            ]
        return out

    def external(index: ExternalIndex) -> dict[str, Any]:
        return {
            "code": index.code,
            "name": index.name,
            "issuer": index.issuer,
            "scale": {"min": decimal_text(index.minimum), "max": decimal_text(index.maximum)},
            "bands": [
                {
                    "level": band.level,
                    "lower": decimal_text(band.lower),
                    "upper": decimal_text(band.upper),
                }
                for band in index.bands
            ],
            "missing_value": decimal_text(index.missing_value),
            "source": index.source,
            "note": index.note,
        }

    def group(item: GroupSpec) -> dict[str, Any]:
        return {
            "code": item.code,
            "name": item.name,
            "kind": item.kind,
            "weight": decimal_text(item.weight),
            "groups": [group(child) for child in item.groups],
            "indicators": [indicator(child) for child in item.indicators],
        }

    def bound(value: Decimal | None) -> str | None:
        return None if value is None else decimal_text(value)

    document = {
        "format": FORMAT,
        "code": spec.code,
        "name": spec.name,
        "status": spec.status,
        "notice": spec.notice,
        "source": spec.source,
        "sources": [
            {
                "code": source.code,
                "title": source.title,
                "where": list(source.where),
                "reliability": source.reliability,
            }
            for source in spec.sources
        ],
        "scale": {"min": spec.level_min, "max": spec.level_max},
        "level_scales": {
            scale.code: {
                "name": scale.name,
                "levels": [
                    {"level": item.level, "name": item.name, "summary": item.summary}
                    for item in scale.levels
                ],
            }
            for scale in spec.level_scales
        },
        "rounding": {"decimals": spec.rounding.decimals, "mode": spec.rounding.mode},
        "weight_total": decimal_text(spec.weight_total),
        "predicates": [
            {
                "name": band.name,
                "lower": bound(band.lower),
                "lower_inclusive": band.lower_inclusive,
                "upper": bound(band.upper),
                "upper_inclusive": band.upper_inclusive,
            }
            for band in spec.predicates
        ],
        "groups": [group(item) for item in spec.groups],
        "notes": list(spec.notes),
    }
    if spec.value_bands:
        document["value_bands"] = [
            {
                "level": band.level,
                "lower": decimal_text(band.lower),
                "lower_inclusive": band.lower_inclusive,
                "upper": decimal_text(band.upper),
                "upper_inclusive": band.upper_inclusive,
            }
            for band in spec.value_bands
        ]
    if spec.rules:
        document["rules"] = [
            {
                "code": rule.code,
                "title": rule.title,
                "text": rule.text,
                "confidence": rule.confidence,
                "sources": list(rule.sources),
            }
            for rule in spec.rules
        ]
    if spec.superseded_by:
        document["superseded_by"] = spec.superseded_by
    if spec.collaboration:
        document["collaboration"] = list(spec.collaboration)
    # Written only when on, so that the digest of every framework without it stays the same.
    if spec.lock_requires_complete:
        document["lock_requires_complete"] = True
    return document


def content_sha256(spec: FrameworkSpec) -> str:
    """SHA-256 of the canonical document dumped with sorted keys and no whitespace."""
    dump = json.dumps(
        canonical_document(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()
