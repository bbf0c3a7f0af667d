"""Matchmaking has no tables of its own: a proxy of Demand gives staff their matchmaking list in the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from demands.models import Demand


class DemandMatchmaking(Demand):
    """Published demands, newest first, with their best achievements (admin only)."""

    class Meta:
        proxy = True
        verbose_name = _("demand to match")
        verbose_name_plural = _("matchmaking: new demands")
