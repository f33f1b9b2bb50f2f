"""Load the published 2023 and 2024 results that ship in simpul/national/data/."""

from django.db import migrations


def load(apps, schema_editor):
    from simpul.national import importing

    result = apps.get_model("national", "PublishedResult")
    for path in importing.SHIPPED:
        parsed = importing.parse(path.read_text(encoding="utf-8"))
        if parsed.errors:
            raise RuntimeError("\n".join(parsed.errors))
        years = {row["year"] for row in parsed.rows}
        result.objects.filter(year__in=years).delete()
        result.objects.bulk_create(result(**row) for row in parsed.rows)


def unload(apps, schema_editor):
    apps.get_model("national", "PublishedResult").objects.filter(year__in=[2023, 2024]).delete()


class Migration(migrations.Migration):
    dependencies = [("national", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
