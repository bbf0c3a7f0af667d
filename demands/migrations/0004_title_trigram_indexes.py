"""GIN trigram indexes for the staff's search of demands (PostgreSQL only; see marketplace/trigram.py)."""

from django.db import migrations

from brics_ttc.languages import LANGUAGE_CODES
from marketplace.i18n import column
from marketplace.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("demands", "0003_listing_indexes")]

    operations = [trigram_indexes("demands_demand", [column("title", code) for code in LANGUAGE_CODES])]
