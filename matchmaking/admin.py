"""The staff's matchmaking view: new published demands with their top achievements and the reasons."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from marketplace.admin_base import ReadOnlyAdminMixin, ask, country_column, refusal_text
from marketplace.errors import MarketplaceError
from marketplace.models import ModerationState
from matchmaking.models import DemandMatchmaking
from matchmaking.selectors import listing_matches
from negotiations.services import conversation_introduce

TOP = 3
CANDIDATES = 8  # matches offered by the "introduce" action


class IntroduceForm(forms.Form):
    achievement = forms.TypedChoiceField(label=_("Achievement to introduce"), coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Message to both sides"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The first message of their conversation; each side reads it in their own language."),
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achievement"].choices = choices
        self.fields["note"].initial = gettext(
            "Hello, the BRICS Technology Transfer Center introduces you to each other: this achievement may answer "
            "this demand. Please continue the conversation here; we stay available to help."
        )


@admin.register(DemandMatchmaking)
class DemandMatchmakingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "institution", country_column, "published_at", "top_matches")
    list_select_related = ("institution", "field")
    list_filter = ("field",)
    search_fields = ("title",)
    ordering = ("-published_at",)
    list_per_page = 20
    actions = ("introduce",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=ModerationState.PUBLISHED)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.display(description=_("Top matches"))
    def top_matches(self, demand: DemandMatchmaking) -> str:
        matches = listing_matches(listing=demand, lang=translation.get_language() or "en", limit=TOP)
        if not matches:
            return "—"
        return format_html(
            "<ol class='matchmaking-admin'>{}</ol>",
            format_html_join(
                "",
                "<li><a href='{}'>{}</a> ({}) <small>{}</small></li>",
                (
                    (match.url, match.title, f"{match.score:.2f}", "; ".join(r.detail for r in match.reasons))
                    for match in matches
                ),
            ),
        )

    @admin.action(description=_("Introduce the two sides (opens a conversation)"))
    def introduce(self, request, queryset):
        """One demand at a time: choose one of its matches and write the first message; one service call."""
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose exactly one demand to introduce."), messages.WARNING)
            return None
        demand = queryset.get()
        lang = translation.get_language() or "en"
        matches = [m for m in listing_matches(listing=demand, lang=lang, limit=CANDIDATES) if m.type == "achievement"]
        if not matches:
            self.message_user(
                request, gettext("This demand has no matching achievement to introduce."), messages.WARNING
            )
            return None
        choices = [(m.id, f"{m.title} ({m.score:.2f}) — {'; '.join(r.detail for r in m.reasons)}") for m in matches]
        form, page = ask(
            self,
            request,
            queryset,
            action="introduce",
            title=gettext("Introduce the two sides"),
            intro=gettext("Choose the achievement to introduce to this demand's side and write the first message."),
            form_class=IntroduceForm,
            form_kwargs={"choices": choices},
        )
        if page is not None:
            return page
        achievement = Achievement.objects.get(pk=form.cleaned_data["achievement"])
        try:
            conversation, created = conversation_introduce(
                staff=request.user, demand=demand, achievement=achievement, note=form.cleaned_data["note"]
            )
        except MarketplaceError as exc:
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return None
        url = reverse("negotiations:detail", args=[conversation.pk])
        text = (
            gettext("Introduced: the conversation is open.")
            if created
            else gettext("They already talk about this demand: here is their conversation.")
        )
        self.message_user(
            request, format_html('{} <a href="{}">{}</a>', text, url, gettext("Open it")), messages.SUCCESS
        )
        return None
