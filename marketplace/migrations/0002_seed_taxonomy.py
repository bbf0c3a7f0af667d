from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

TRANSFER_MODES = ["licensing", "assignment", "joint_development", "technical_service", "equity"]


def seed(apps, schema_editor):
    from marketplace.taxonomy import FIELDS

    TransferMode = apps.get_model("marketplace", "TransferMode")
    TechnologyField = apps.get_model("marketplace", "TechnologyField")
    for code in TRANSFER_MODES:
        TransferMode.objects.get_or_create(code=code)
    for position, entry in enumerate(FIELDS):
        names = {
            build_localized_fieldname("name", lang): value
            for lang, value in entry.items()
            if lang not in ("slug", "icon")
        }
        TechnologyField.objects.update_or_create(
            slug=entry["slug"],
            defaults={"icon": entry["icon"], "position": position, "name": entry["en"], **names},
        )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
