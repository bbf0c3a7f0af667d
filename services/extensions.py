"""What the service hub adds to the floor's pages: an institution's published services on its page
(``marketplace.extensions``). Registered from ServicesConfig.ready()."""

from __future__ import annotations

from marketplace import extensions
from services.selectors import service_list

SHOWN = 6


def institution_services(institution, request) -> tuple[str, dict] | None:
    services = service_list(filters={"provider": institution.pk})
    shown = list(services[: SHOWN + 1])
    if not shown:
        return None
    more = services.count() - SHOWN if len(shown) > SHOWN else 0
    return "services/includes/institution_services.html", {"services": shown[:SHOWN], "more": more}


def register() -> None:
    extensions.register_institution_section(institution_services)
