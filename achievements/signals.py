"""What an achievement's page asks of the apps above achievements (pretix's template signals are the model)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent when a published achievement's page is shown, with ``achievement`` and ``request``. A receiver returns the HTML
# of a panel to show under its title (an auction running on it, a way to start one), or "" for none. Read only.
achievement_page_panels = Signal()
