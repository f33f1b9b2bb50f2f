from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .params import MAX_ID


class HiddenFieldErrorsMixin:
    """Errors of hidden fields (a version, a parent post) shown at the top of the form.

    The user cannot see a hidden field, so its own error would never be displayed: the
    page came back without a word. Its label names it in the message.
    """

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in self._errors:
                del self._errors[name]
                self.add_error(
                    None,
                    _(
                        "Formulir ini tidak utuh: isian tersembunyi “%(field)s” tidak sah. Muat "
                        "ulang halaman, lalu kirim lagi; isian Anda yang lain masih ada."
                    )
                    % {"field": field.label or name},
                )


class VersionField(forms.IntegerField):
    """The version of a record the user saw, for the "someone else changed this" check."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("versi"))
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
