from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from marketplace.filters import ListingFilter
from projects.models import Project, ProjectStage, Sought


class ProjectFilter(ListingFilter):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=ProjectStage.choices, empty_label=_("Any stage"))
    seeking = django_filters.ChoiceFilter(
        label=_("Seeking"), choices=Sought.choices, empty_label=_("Anything"), method="filter_seeking"
    )

    class Meta:
        model = Project
        fields = ["field", "country", "stage", "seeking", "institution"]

    def filter_seeking(self, queryset, name, value):
        # JSON containment is not portable to SQLite; the list is short, a text match on the quoted code is exact.
        return queryset.filter(sought__icontains=f'"{value}"')
