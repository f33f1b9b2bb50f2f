"""Choice sets: English slugs stored, Indonesian labels shown (NetBox's ChoiceSet convention).

Until 2026-12 several choice sets stored Indonesian values ("draf", "menunggu", "rencana"),
and those values reached URLs, hidden form fields, bookmarks and exports. `ChoiceSet.parse`
reads either: the slug, or the value it replaced, declared with `legacy_values`. Data
migrations rewrote the stored values; `parse` keeps old links and files working.
"""

from collections.abc import Callable

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponsePermanentRedirect


class ChoiceSet(models.TextChoices):
    """TextChoices whose `parse` also accepts the values the slugs replaced."""

    @classmethod
    def parse(cls, value: object) -> "ChoiceSet | None":
        """The member named by a slug or a replaced value; None for anything else."""
        if not isinstance(value, str):
            return None
        if value in cls._value2member_map_:
            return cls(value)
        slug = getattr(cls, "_replaced", {}).get(value)
        return cls(slug) if slug is not None else None

    @classmethod
    def replaced_values(cls) -> dict[str, str]:
        """{old value: slug} for every value a slug replaced (empty when none did)."""
        return dict(getattr(cls, "_replaced", {}))


class ReadingChoiceField(forms.ChoiceField):
    """A form choice that also takes a value a slug replaced: a page opened before the slugs
    posts `verdict=diterima`, and the form reads it as `accepted`.

    `reader` maps what was posted to a slug (a ChoiceSet's `parse`, or a function giving the
    text back unchanged when it names nothing); the choices stay the slugs.
    """

    def __init__(self, *, reader: Callable[[str], object], **kwargs) -> None:
        super().__init__(**kwargs)
        self.reader = reader

    def to_python(self, value):
        text = super().to_python(value)
        read = self.reader(text) if text else None
        return str(read) if read is not None else text


def legacy_values(**replaced: str):
    """Class decorator: `@legacy_values(draf="draft")` maps each old stored value to its slug."""

    def decorate(cls: type[ChoiceSet]) -> type[ChoiceSet]:
        unknown = set(replaced.values()) - set(cls.values)
        if unknown:
            raise ValueError(f"{cls.__name__}: no such slugs {sorted(unknown)}")
        type.__setattr__(cls, "_replaced", dict(replaced))
        return cls

    return decorate


def rewrite_stored_values(app_label: str, fields: dict[tuple[str, str], dict[str, str]]):
    """A migration operation rewriting stored choice values, old → slug, and back on reverse.

    `fields` maps (model name, field name) to {old value: slug}. One UPDATE per value, so a
    table of any size is rewritten without loading its rows.
    """
    from django.db import migrations

    def rewrite(apps, reverse: bool) -> None:
        for (model_name, field), mapping in fields.items():
            model = apps.get_model(app_label, model_name)
            for old, slug in mapping.items():
                source, target = (slug, old) if reverse else (old, slug)
                model.objects.filter(**{field: source}).update(**{field: target})

    operation = migrations.RunPython(
        lambda apps, schema_editor: rewrite(apps, reverse=False),
        lambda apps, schema_editor: rewrite(apps, reverse=True),
    )
    operation.fields = fields  # what it rewrites, for the tests that compare it with the models
    return operation


def moved_query(
    request: HttpRequest, **readers: type[ChoiceSet] | Callable[[str], str]
) -> HttpResponsePermanentRedirect | None:
    """Where a GET naming a replaced value in its query moves to: the slug's address, or None.

    `moved_query(request, status=ActionStatus)` sends `?status=selesai` on to `?status=done`
    (301), so a bookmark of before the slugs opens today's page with today's filters shown.
    A reader may also be a function from the old text to the new (composite values).
    """
    if request.method not in ("GET", "HEAD"):
        return None
    query = request.GET.copy()
    for name, reader in readers.items():
        if name in query:
            value = query[name]
            if isinstance(reader, type):
                query[name] = str(reader.parse(value) or value)
            else:
                query[name] = reader(value)
    if query == request.GET:
        return None
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")
