"""GIN trigram indexes for the staff's search of achievements (PostgreSQL only; see marketplace/trigram.py)."""

from django.db import migrations

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.i18n import column
from marketplace.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("achievements", "0004_listing_indexes")]

    operations = [
        trigram_indexes(
            "achievements_achievement",
            [*(column("title", code) for code in LANGUAGE_CODES), "keywords_en", "patent_numbers"],
        )
    ]
