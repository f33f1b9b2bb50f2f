"""Write path for framework versions: every import goes through `import_framework`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.errors import Refusal
from simpul.frameworks.canonical import canonical_document, content_sha256
from simpul.frameworks.mappings import MappingSpec, canonical_mapping, mapping_sha256
from simpul.frameworks.models import (
    Framework,
    FrameworkMapping,
    Group,
    Indicator,
    Item,
    Level,
    MappingPair,
    PredicateBand,
)
from simpul.frameworks.spec import FrameworkSpec


class FrameworkVersionConflict(Refusal):
    """The code is taken by a version with different content: a new version needs a new code."""


@dataclass(frozen=True)
class ImportResult:
    framework: Framework
    created: bool

    def describe(self) -> str:
        framework = self.framework
        if not self.created:
            return _("Kerangka %(code)s sudah ada dengan isi yang sama; tidak ada yang diubah.") % {
                "code": framework.code
            }
        return _(
            "Kerangka %(code)s (%(name)s) diimpor: %(groups)s kelompok, %(indicators)s indikator."
        ) % {
            "code": framework.code,
            "name": framework.name,
            "groups": framework.groups.count(),
            "indicators": framework.indicators.count(),
        }


def _stored(model, code: str, digest: str, conflict: str):
    """The version stored under `code` (row-locked) when it has this content; None when no
    version has the code. Other content under the same code raises FrameworkVersionConflict."""
    existing = model.objects.select_for_update().filter(code=code).first()
    if existing is not None and existing.content_sha256 != digest:
        raise FrameworkVersionConflict(conflict)
    return existing


@transaction.atomic
def import_framework(spec: FrameworkSpec) -> ImportResult:
    """Store a validated framework version, or find it already stored with the same content.

    Results are tied to a version code, so a code never gets new content: importing a
    changed file under an existing code raises FrameworkVersionConflict and writes nothing.
    """
    digest = content_sha256(spec)
    conflict = _(
        "Kerangka %(code)s sudah ada dengan isi yang berbeda; versi baru memerlukan "
        "kode baru (isi yang tersimpan tidak diubah)."
    ) % {"code": spec.code}
    existing = _stored(Framework, spec.code, digest, conflict)
    if existing is not None:
        return ImportResult(existing, created=False)

    document = canonical_document(spec)
    framework = Framework.objects.create(
        code=spec.code,
        name=spec.name,
        status=spec.status,
        notice=spec.notice,
        source=spec.source,
        superseded_by=spec.superseded_by,
        level_min=spec.level_min,
        level_max=spec.level_max,
        weight_total=spec.weight_total,
        display_decimals=spec.rounding.decimals,
        scales=document["level_scales"],
        document=document,
        content_sha256=digest,
    )
    PredicateBand.objects.bulk_create(
        PredicateBand(
            framework=framework,
            name=band.name,
            lower=band.lower,
            lower_inclusive=band.lower_inclusive,
            upper=band.upper,
            upper_inclusive=band.upper_inclusive,
            position=position,
        )
        for position, band in enumerate(spec.predicates)
    )

    groups: dict[str, Group] = {}
    for position, node in enumerate(spec.walk()):
        # One save per group (a handful) so each child can point at its saved parent.
        groups[node.group.code] = Group.objects.create(
            framework=framework,
            parent=None if node.parent is None else groups[node.parent.code],
            code=node.group.code,
            name=node.group.name,
            kind=node.group.kind,
            weight=node.group.weight,
            depth=node.depth,
            position=position,
        )
    _create_indicators(framework, spec, groups)
    return ImportResult(framework, created=True)


def _create_indicators(framework: Framework, spec: FrameworkSpec, groups: dict[str, Group]) -> None:
    document_external = {
        indicator["code"]: indicator["external"]
        for node in _groups_of(framework.document["groups"])
        for indicator in node["indicators"]
        if "external" in indicator
    }
    created = Indicator.objects.bulk_create(
        Indicator(
            framework=framework,
            group=groups[group.code],
            number=item.number,
            code=item.code,
            name=item.name,
            question=item.question,
            weight=item.weight,
            scale=item.scale,
            description=item.description,
            assessment_rule=item.assessment_rule,
            example_evidence=item.example_evidence,
            typical_owner_units=item.typical_owner_units,
            notes=list(item.notes),
            value_rule=item.value_rule,
            external=document_external.get(item.code),
            position=position,
        )
        for position, (item, group) in enumerate(spec.indicators())
    )
    texts = {item.code: item.levels for item, _group in spec.indicators()}
    levels = Level.objects.bulk_create(
        Level(
            indicator=indicator,
            level=text.level,
            name=text.name,
            criteria=text.criteria,
            fulfilment=text.fulfilment,
            evidence=text.evidence,
            conditions=text.conditions,
        )
        for indicator in created
        for text in texts[indicator.code]
    )
    by_code = {indicator.pk: indicator.code for indicator in created}
    level_texts = {
        (code, text.level): text for code, level_list in texts.items() for text in level_list
    }
    Item.objects.bulk_create(
        Item(
            level=level,
            indicator_id=level.indicator_id,
            code=entry.code,
            text=entry.text,
            evidence_kind=entry.evidence_kind,
            portal_code=entry.portal_code,
            note=entry.note,
            position=position,
        )
        for level in levels
        for position, entry in enumerate(
            level_texts[(by_code[level.indicator_id], level.level)].items,
            start=level.level * 1000,
        )
    )


def _groups_of(groups: list[dict]) -> list[dict]:
    """Every group of a canonical document, in tree order."""
    out = []
    for group in groups:
        out.append(group)
        out.extend(_groups_of(group["groups"]))
    return out


@dataclass(frozen=True)
class MappingImportResult:
    mapping: FrameworkMapping
    created: bool

    def describe(self) -> str:
        if not self.created:
            return _("Pemetaan %(code)s sudah ada dengan isi yang sama; tidak ada yang diubah.") % {
                "code": self.mapping.code
            }
        return _("Pemetaan %(code)s diimpor: %(pairs)s pasangan indikator.") % {
            "code": self.mapping.code,
            "pairs": self.mapping.pairs.count(),
        }


@transaction.atomic
def import_mapping(spec: MappingSpec) -> MappingImportResult:
    """Store a validated mapping, or find it stored with the same content (like frameworks)."""
    digest = mapping_sha256(spec)
    conflict = _(
        "Pemetaan %(code)s sudah ada dengan isi yang berbeda; versi baru memerlukan "
        "kode baru (isi yang tersimpan tidak diubah)."
    ) % {"code": spec.code}
    existing = _stored(FrameworkMapping, spec.code, digest, conflict)
    if existing is not None:
        return MappingImportResult(existing, created=False)
    source = Framework.objects.get(code=spec.source)
    target = Framework.objects.get(code=spec.target)
    mapping = FrameworkMapping.objects.create(
        code=spec.code,
        name=spec.name,
        source=source,
        target=target,
        status=spec.status,
        notice=spec.notice,
        document=canonical_mapping(spec),
        content_sha256=digest,
    )
    sources = dict(source.indicators.values_list("code", "pk"))
    targets = dict(target.indicators.values_list("code", "pk"))
    MappingPair.objects.bulk_create(
        MappingPair(
            mapping=mapping,
            source_id=sources[pair.source],
            target_id=targets[pair.target],
            role=pair.role,
            basis=pair.basis,
            sources=list(pair.sources),
            rationale=pair.rationale,
        )
        for pair in spec.pairs
    )
    return MappingImportResult(mapping, created=True)
