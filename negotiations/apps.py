from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from negotiations import signals
        from notifications.registry import Kind, register
        from projects.hooks import interest_expressed

        interest_expressed.connect(signals.interest_expressed, dispatch_uid="negotiations-project-interest")

        register(
            Kind(
                code="conversation.new",
                label=_("New inquiries and proposals on my listings"),
                title=_("%(who)s wrote to you about “%(title)s”"),
            )
        )
        register(
            Kind(
                code="conversation.message",
                label=_("New messages in my conversations"),
                title=_("New message from %(who)s about “%(title)s”"),
            )
        )
