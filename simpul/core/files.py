"""Files follow their records: a row's files are deleted once its deletion is committed.

Every model with a FileField (evidence revisions, forum attachments, meeting photos, reports)
gets a post_delete receiver, including rows deleted by a cascade (an agency, a post). The
file goes only after the transaction commits, so a rolled-back delete keeps it, and only when
no other row still names the same file. `python manage.py orphan_files` finds files that no row
names (left by a crash between writing a file and its row) and, with --delete, removes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.signals import post_delete

log = logging.getLogger(__name__)


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _root(storage: Storage) -> tuple:
    """Where a storage keeps its files: two fields on the same place share their names."""
    location = getattr(storage, "location", None)
    if location:
        return ("disk", str(location))
    return ("other", id(getattr(storage, "_wrapped", storage)))


def _still_named(storage: Storage, name: str) -> bool:
    root = _root(storage)
    return any(
        model._default_manager.filter(**{field.name: name}).exists()
        for model, field in file_fields()
        if _root(field.storage) == root
    )


def _delete_later(field: models.FileField, name: str) -> None:
    storage = field.storage

    def delete() -> None:
        try:
            if not _still_named(storage, name):
                storage.delete(name)
        except Exception:  # a file we could not remove is an orphan, found by orphan_files
            log.exception("berkas %s tidak dapat dihapus", name)

    transaction.on_commit(delete)


def _on_delete(sender, instance, **kwargs) -> None:
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            name = getattr(instance, field.attname)
            name = getattr(name, "name", name)
            if name:
                _delete_later(field, name)


def connect() -> None:
    """Called from CoreConfig.ready(): one receiver per model with files."""
    for model, _field in file_fields():
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"files:{model._meta.label}")


def stored_names(storage: Storage, top: str = "") -> Iterator[str]:
    """Every file name under `top` in a storage, recursively."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{top}/{name}" if top else name
    for directory in directories:
        yield from stored_names(storage, f"{top}/{directory}" if top else directory)


def orphans() -> list[tuple[Storage, str]]:
    """(storage, name) of every stored file that no row names."""
    places: dict[tuple, tuple[Storage, set[str]]] = {}
    for model, field in file_fields():
        _storage, used = places.setdefault(_root(field.storage), (field.storage, set()))
        used.update(
            model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
        )
    found = [
        (storage, name)
        for storage, used in places.values()
        for name in stored_names(storage)
        if name not in used
    ]
    return sorted(found, key=lambda pair: pair[1])
