"""Phone numbers already saved in a valid Indonesian mobile format are rewritten in E.164
(+628...), as the profile form now stores them; anything else is left as it was typed."""

import re

from django.db import migrations

# A copy of simpul/accounts/phones.py at the time of writing: a migration does not follow
# later changes of the code.
SEPARATORS = re.compile(r"[\s\-.()/]")
MOBILE = re.compile(r"(?:\+62|62|0)(8\d{8,11})")


def to_e164(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(phone="").only("pk", "phone").iterator():
        match = MOBILE.fullmatch(SEPARATORS.sub("", user.phone))
        if match is not None and user.phone != f"+62{match[1]}":
            User.objects.filter(pk=user.pk).update(phone=f"+62{match[1]}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_spent_recovery_codes")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
