"""Stored choice values become English slugs (issue 15); the Indonesian labels stay."""

from django.db import migrations

from simpul.core.choices import rewrite_stored_values


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_choice_slug_fields")]

    operations = [
        rewrite_stored_values(
            "plans",
            {
            ("action", "status"): {"rencana": "planned", "berjalan": "in_progress", "selesai": "done", "batal": "cancelled"},
            ("action", "source"): {"rapat": "meeting"},
            ("scenario", "source"): {"mandiri": "self", "resmi": "final"},
            },
        )
    ]
