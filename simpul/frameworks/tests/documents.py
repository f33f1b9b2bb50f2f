"""Helpers to find nodes inside a framework document while building bad files in tests."""

from collections.abc import Iterator

from simpul.frameworks.models import Framework, Group, Indicator, Level, PredicateBand


def walk_groups(groups: list[dict]) -> Iterator[dict]:
    for group in groups:
        yield group
        yield from walk_groups(group.get("groups", []))


def group(document: dict, code: str) -> dict:
    return next(item for item in walk_groups(document["groups"]) if item["code"] == code)


def indicator(document: dict, code: str) -> dict:
    return next(
        item
        for grp in walk_groups(document["groups"])
        for item in grp.get("indicators", [])
        if item["code"] == code
    )


def band(document: dict, name: str) -> dict:
    return next(item for item in document["predicates"] if item["name"] == name)


def database_state() -> tuple:
    """Everything an import could change, to compare before and after a refused import."""
    return (
        sorted(Framework.objects.values_list("code", "name", "content_sha256")),
        Group.objects.count(),
        Indicator.objects.count(),
        Level.objects.count(),
        PredicateBand.objects.count(),
    )
