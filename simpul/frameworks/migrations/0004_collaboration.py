from django.db import migrations

COLLABORATION = {
    "spbe-2020": ["I19", "I20"],
    "pemdi-2026": ["I4-L1-03", "I4-L2-02", "I4-L3-02"],
}


def add_collaboration(apps, schema_editor):
    """The shipped files now say where meeting minutes go (`collaboration`): a stored copy
    from before gets the same data, so `load_frameworks` keeps finding the same content."""
    from simpul.frameworks.canonical import canonical_document, content_sha256
    from simpul.frameworks.checking import parse_framework_document

    Framework = apps.get_model("frameworks", "Framework")
    for framework in Framework.objects.filter(code__in=COLLABORATION):
        if "collaboration" in framework.document:
            continue
        document = {**framework.document, "collaboration": COLLABORATION[framework.code]}
        spec = parse_framework_document(document)
        framework.document = canonical_document(spec)
        framework.content_sha256 = content_sha256(spec)
        framework.save(update_fields=["document", "content_sha256"])


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0003_mappings")]

    operations = [migrations.RunPython(add_collaboration, migrations.RunPython.noop)]
