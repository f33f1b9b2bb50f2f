"""The table of Django's database cache (CACHE_BACKEND=database, the production default).

Made here, not by a separate `createcachetable` step, so `migrate` on a fresh install is
enough, whichever CACHE_BACKEND the install starts with: the table always exists, and
switching to the database cache later needs no extra step.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "simpul_cache"  # settings.CACHES LOCATION for CACHE_BACKEND=database


def create_table(apps, schema_editor):
    # createcachetable's own method: the same columns and index; a table already there is kept.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table)]
