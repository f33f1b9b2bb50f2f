"""Indonesian mobile numbers, the numbers WhatsApp messages go to.

People write them as 0812-3456-7890, 62 812 3456 7890 or +62 812 3456 7890; they are stored in
one form, E.164 (+6281234567890), which WhatsApp gateways take as is and which lets the same
number typed two ways be seen as one.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Spaces, dashes, dots and brackets people put between the digits.
SEPARATORS = re.compile(r"[\s\-.()/]")
# After +62, 62 or 0: the mobile prefix 8, then 8 to 11 digits (9 to 12 digits in all).
MOBILE = re.compile(r"(?:\+62|62|0)(8\d{8,11})")


def normalise_mobile(value: str) -> str:
    """The number in E.164 (+628...), or ValidationError naming the field and the formats."""
    compact = SEPARATORS.sub("", value)
    match = MOBILE.fullmatch(compact)
    if match is None:
        raise ValidationError(
            _(
                "Nomor telepon/WhatsApp “%(value)s” tidak sah: tulis nomor seluler Indonesia, "
                "misalnya 0812-3456-7890, 62 812 3456 7890 atau +62 812 3456 7890."
            ),
            code="invalid_phone",
            params={"value": value[:40]},
        )
    return f"+62{match[1]}"
