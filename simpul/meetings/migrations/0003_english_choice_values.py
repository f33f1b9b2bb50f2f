"""Stored choice values become English slugs (issue 15); the Indonesian labels stay."""

from django.db import migrations

from simpul.core.choices import rewrite_stored_values


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_choice_slug_fields")]

    operations = [
        rewrite_stored_values(
            "meetings",
            {
            ("meeting", "kind"): {"tim_koordinasi": "coordination", "forum_kolaborasi": "forum", "lainnya": "other"},
            ("meeting", "recurrence"): {"bulanan": "monthly", "triwulanan": "quarterly"},
            ("meeting", "minutes_status"): {"draf": "draft", "tinjauan": "review", "disetujui": "approved", "terbit": "published"},
            ("invitation", "rsvp"): {"belum": "pending", "hadir": "yes", "tidak": "no", "mungkin": "maybe"},
            ("attendance", "method"): {"sekretaris": "secretary", "kode": "code", "tamu": "guest"},
            },
        )
    ]
