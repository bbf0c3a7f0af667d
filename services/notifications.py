"""The notifications of service requests: whoever must act next hears of it, in the bell and by e-mail
(notifications/), in their own language; never the contents of quotes or files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.registry import Kind

REQUEST_KINDS = {
    kind.code.rsplit(".", 1)[1]: kind
    for kind in (
        Kind(
            code="service_request.requested",
            label=_("New requests for my services"),
            title=_("New request #%(number)s for “%(service)s”"),
            body=_("Answer it with a quote on the request's page."),
        ),
        Kind(
            code="service_request.quoted",
            label=_("Quotes for my requests"),
            title=_("You received a quote for request #%(number)s (“%(service)s”)"),
            body=_("Accept or decline it on the request's page."),
        ),
        Kind(
            code="service_request.accepted",
            label=_("Accepted quotes"),
            title=_("Your quote for request #%(number)s (“%(service)s”) was accepted"),
            body=_("You can start the work."),
        ),
        Kind(
            code="service_request.declined",
            label=_("Declined quotes"),
            title=_("Your quote for request #%(number)s (“%(service)s”) was declined"),
        ),
        Kind(
            code="service_request.delivered",
            label=_("Deliveries of my requests"),
            title=_("Request #%(number)s (“%(service)s”) was delivered"),
            body=_("Download the work, confirm receipt and rate the service."),
        ),
        Kind(
            code="service_request.rated",
            label=_("Ratings of my services"),
            title=_("Request #%(number)s (“%(service)s”) was confirmed and rated"),
        ),
        Kind(
            code="service_request.cancelled",
            label=_("Withdrawn requests"),
            title=_("Request #%(number)s (“%(service)s”) was withdrawn"),
        ),
    )
}
