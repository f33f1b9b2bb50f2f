"""Stored choice values become English slugs (issue 15); the Indonesian labels stay."""

from django.db import migrations

from simpul.core.choices import rewrite_stored_values


class Migration(migrations.Migration):
    dependencies = [("forum", "0004_choice_slug_fields")]

    operations = [
        rewrite_stored_values(
            "forum",
            {
            ("thread", "kind"): {"kendala": "obstacle", "solusi": "solution", "komitmen": "commitment", "pertanyaan": "question", "tanggapan": "reply"},
            ("thread", "status"): {"terbuka": "open", "ditutup": "closed"},
            ("thread", "opening_state"): {"tampil": "visible", "menunggu": "pending", "disembunyikan": "hidden"},
            ("post", "kind"): {"kendala": "obstacle", "solusi": "solution", "komitmen": "commitment", "pertanyaan": "question", "tanggapan": "reply"},
            ("post", "state"): {"tampil": "visible", "menunggu": "pending", "disembunyikan": "hidden"},
            ("moderationlog", "act"): {"setujui": "approve", "sembunyikan": "hide", "pulihkan": "restore", "tutup": "close", "buka": "reopen", "terima": "accept", "publikasi": "publish", "pengaturan": "settings", "setujui_mitra": "approve_partner", "tolak_mitra": "reject_partner", "undang": "invite", "cabut_undangan": "revoke_invitation"},
            ("partnerapplication", "status"): {"menunggu": "pending", "disetujui": "approved", "ditolak": "rejected"},
            },
        )
    ]
