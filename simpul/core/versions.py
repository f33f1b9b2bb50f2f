"""Optimistic locking for every edit form: a concurrent edit is never silently overwritten.

An edit form carries a hidden `versi`: a digest of the values it was opened with. On save,
the view re-reads the row under a lock and compares its digest with the one posted; when they
differ someone else saved in between, nothing is written, and the form comes back with the
user's input kept, the values saved now, and the new digest, so that saving again overwrites
on purpose. A post without `versi` (an older page, the API) is not checked.

Digests are of content, not of a counter, so no model needs a version column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

VERSION_FIELD = "versi"


def version_of(*values: Any) -> str:
    """A short digest of values (repr of plain Python values)."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:20]


def model_version(instance: models.Model, fields: Iterable[str]) -> str:
    """The digest of an instance's fields as stored (many-to-many as sorted primary keys)."""
    values = []
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).values_list("pk", flat=True) if instance.pk else []
            value = sorted(related)
        else:
            value = field.value_from_object(instance)
        values.append((name, value))
    return version_of(*values)


def add_version_field(form: forms.Form, version: str) -> None:
    """Give a form its hidden version, set to the version it is opened with."""
    form.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial[VERSION_FIELD] = version


def posted_version(form: forms.Form) -> str | None:
    return form.data.get(form.add_prefix(VERSION_FIELD))


def stale(form: forms.Form, current: str, saved: Mapping[str, Any] | None = None) -> bool:
    """Whether the form was opened on another version than `current` (call under the lock).

    When it was: an error on the form naming the values saved now (`saved`: label → value),
    and the form's version moved to `current`, so that the next save is a choice.
    """
    submitted = posted_version(form)
    if submitted is None or submitted == current:
        return False
    form.data = form.data.copy()
    form.data[form.add_prefix(VERSION_FIELD)] = current
    form.add_error(None, conflict_message(saved))
    return True


def current_or_conflict(form: forms.Form, instance: models.Model, fields: Iterable[str]):
    """The row of `instance` re-read under a lock, or None when the form was opened on another
    version (the conflict is then on the form). Call inside `transaction.atomic()`; an
    instance not saved yet has nothing to lock and is taken as it is."""
    current = instance
    if instance.pk is not None:
        current = instance._meta.model._default_manager.select_for_update().get(pk=instance.pk)
    fields = tuple(fields)
    if stale(form, model_version(current, fields), saved_values(form, current)):
        return None
    return current


def conflict_message(saved: Mapping[str, Any] | None = None) -> str:
    message = _(
        "Data ini sudah diubah orang lain sejak Anda membukanya; perubahan Anda belum disimpan. "
        "Isian Anda tetap di bawah: periksa, lalu simpan lagi bila isian Anda yang benar."
    )
    if saved:
        shown = "; ".join(f"{label}: {_shown(value)}" for label, value in saved.items())
        message += " " + _("Tersimpan sekarang — %(values)s.") % {"values": shown}
    return message


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def saved_values(form: forms.Form, instance: models.Model) -> dict[str, Any]:
    """Label → the value saved now, for the form's fields that differ from what was posted."""
    out = {}
    for name, field in form.fields.items():
        if name == VERSION_FIELD:
            continue
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form field that is not a model field
        if model_field.many_to_many:
            current = ", ".join(str(obj) for obj in getattr(instance, name).all())
        elif model_field.is_relation:
            current = str(getattr(instance, name) or "")
        elif model_field.choices:
            current = getattr(instance, f"get_{name}_display")()
        else:
            current = getattr(instance, name)
        posted = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if _comparable(posted) != _comparable(getattr(instance, name, None)):
            out[str(field.label or name)] = current
    return out


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "all") and callable(value.all):
        return sorted(obj.pk for obj in value.all())
    if isinstance(value, list | tuple | set) and all(isinstance(v, models.Model) for v in value):
        return sorted(obj.pk for obj in value)
    return value
