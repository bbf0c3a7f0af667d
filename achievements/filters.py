from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, IpStatus
from marketplace.filters import ListingFilter, transfer_mode_filter

TRL_LEVELS = [(level, str(level)) for level in range(1, 10)]


class AchievementFilter(ListingFilter):
    # A ChoiceFilter, not TypedChoiceFilter: only ChoiceFilter knows ``empty_label`` (the other crashes on it).
    trl_min = django_filters.ChoiceFilter(
        label=_("TRL at least"),
        field_name="trl",
        lookup_expr="gte",
        choices=TRL_LEVELS,
        empty_label=_("Any TRL"),
    )
    ip_status = django_filters.ChoiceFilter(label=_("IP status"), choices=IpStatus.choices, empty_label=_("Any status"))
    transfer_mode = transfer_mode_filter("transfer_modes", _("Transfer mode"))

    class Meta:
        model = Achievement
        fields = ["field", "country", "trl_min", "ip_status", "transfer_mode", "institution_type", "institution"]
