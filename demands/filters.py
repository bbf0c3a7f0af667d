from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from demands.models import Demand
from marketplace.filters import ListingFilter, transfer_mode_filter


class DemandFilter(ListingFilter):
    cooperation_mode = transfer_mode_filter("cooperation_modes", _("Cooperation mode"))

    class Meta:
        model = Demand
        fields = ["field", "country", "cooperation_mode", "institution_type", "institution"]
