"""The indicators of the apps above the marketplace (listings, conversations, trading, translation, institutions,
projects).

They live here, not in those apps, because ``indicators`` sits above all of them: registering from
``IndicatorsConfig.ready`` keeps every dependency pointing down. An app may as well register its own indicators from
its ``ready()`` with ``indicators.registry.register``.
"""

from __future__ import annotations

from indicators.builtin import deals, interactions, listings, network, projects


def register_builtin() -> None:
    for module in (listings, interactions, deals, network, projects):
        module.register_all()
