from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from marketplace.models import TechnologyField
        from marketplace.signals import listing_changed
        from search.listing_types import register_listing_types
        from search.signals import clear_field_labels, reindex_listing

        register_listing_types()
        post_save.connect(clear_field_labels, sender=TechnologyField, dispatch_uid="search-field-labels-save")
        post_delete.connect(clear_field_labels, sender=TechnologyField, dispatch_uid="search-field-labels-delete")
        listing_changed.connect(reindex_listing, dispatch_uid="search-listing-changed")
