from django.db import migrations
from modeltranslation.utils import build_localized_fieldname


def fill_missing_names(apps, schema_editor):
    """Name the fields in the languages 0002 left out; a name staff have written since is kept."""
    from marketplace.taxonomy import FIELDS

    TechnologyField = apps.get_model("marketplace", "TechnologyField")
    for entry in FIELDS:
        field = TechnologyField.objects.filter(slug=entry["slug"]).first()
        if field is None:
            continue
        changed = []
        for lang, value in entry.items():
            if lang in ("slug", "icon"):
                continue
            column = build_localized_fieldname("name", lang)
            if not getattr(field, column):
                setattr(field, column, value)
                changed.append(column)
        if changed:
            field.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_seed_taxonomy")]
    operations = [migrations.RunPython(fill_missing_names, migrations.RunPython.noop)]
