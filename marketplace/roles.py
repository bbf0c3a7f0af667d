"""Who someone is on the marketplace: what they post (achievements, demands) and may run. The user model
(``accounts``) stores it; the listing apps read it without depending on accounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    ENTERPRISE = "enterprise", _("Enterprise")
    INSTITUTION_ADMIN = "institution_admin", _("Institution administrator")
    CENTER_STAFF = "center_staff", _("Center staff")
