"""Browser pages for research achievements: the kind's description for the shared listing pages
(marketplace.listing_pages: list, create/edit, submit, archive, downloads), the achievement's own page and its NDA.

Views stay thin: selectors read, services write, and domain errors become a 404, a form error or a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from achievements import selectors
from achievements.forms import AchievementForm
from achievements.models import Achievement
from achievements.services import POSTING_ROLES, achievement_create, achievement_update, nda_accept
from achievements.signals import achievement_page_panels
from marketplace.counters import listing_view_count
from marketplace.errors import MarketplaceError, NotFound
from marketplace.extensions import listing_page_version
from marketplace.listing_pages import FormSection, ListingType
from marketplace.listing_views import get_or_404, owner_context
from marketplace.models import ModerationState
from marketplace.page_cache import count_view_when_served, public_page
from marketplace.readiness import TRL_HELP


def _trl_filter_labels(filterset) -> None:
    filterset.form.fields["trl_min"].choices = [
        (level, _("%(level)s+ · %(text)s") % {"level": level, "text": text}) for level, text in TRL_HELP.items()
    ]


ACHIEVEMENTS = ListingType(
    kind="achievement",
    form_class=AchievementForm,
    form_sections=(
        FormSection("public", gettext_lazy("Public description"), ("title", "summary", "description", "keywords")),
        FormSection(
            "technology",
            gettext_lazy("Technology and protection"),
            (("field", "col-md-6"), ("trl", "col-md-6"), ("ip_status", "col-md-6"), ("patent_numbers", "col-md-6")),
        ),
        FormSection(
            "transfer",
            gettext_lazy("Transfer and price"),
            ("transfer_modes", "price_negotiable", ("price_amount", "col-sm-7"), ("price_currency", "col-sm-5")),
        ),
        FormSection(
            "contact",
            gettext_lazy("Institution and contact"),
            (
                ("institution", "col-md-6"),
                ("country", "col-md-6"),
                ("contact_name", "col-md-4"),
                ("contact_email", "col-md-4"),
                ("contact_phone", "col-md-4"),
            ),
        ),
        FormSection(
            "dossier",
            gettext_lazy("Confidential dossier"),
            ("confidential_dossier", "nda_text", "confidential_attachments"),
            icon="shield-lock",
            note=gettext_lazy(
                "Optional. Readers must sign in and accept your NDA before they see this part; you see who accepted "
                "and when."
            ),
        ),
    ),
    list_selector=selectors.achievement_list,
    getter=selectors.achievement_get,
    attachment_getter=selectors.attachment_get,
    create=achievement_create,
    update=lambda listing, **kwargs: achievement_update(achievement=listing, **kwargs),
    posting_roles=POSTING_ROLES,
    list_filters=_trl_filter_labels,
    list_title=gettext_lazy("Research achievements"),
    list_intro=gettext_lazy(
        "Technologies offered for transfer by universities, institutes and companies across the BRICS network."
    ),
    post_label=gettext_lazy("Offer a technology"),
    empty_text=gettext_lazy("No research achievements are published yet. Come back soon."),
    create_title=gettext_lazy("Offer a technology"),
    create_intro=gettext_lazy(
        "Describe your research achievement in your own language. Center staff review it before it is published."
    ),
    edit_title=gettext_lazy("Edit achievement"),
    refusal_title=gettext_lazy("Achievements are posted by researchers"),
    refusal_heading=gettext_lazy("Achievements are posted by researchers and institutions"),
    refusal_text=gettext_lazy("Your account cannot offer research achievements."),
    refusal_other_url="demands:create",
    refusal_other_icon="megaphone",
    refusal_other_label=gettext_lazy("Post a technical demand instead"),
    browse_label=gettext_lazy("Browse research achievements"),
)


@require_safe
@public_page("achievement", version=listing_page_version)
def achievement_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    achievement = get_or_404(selectors.achievement_get, pk, user)
    attachments = list(achievement.attachments.all())
    dossier_open = selectors.achievement_dossier_open(achievement=achievement, user=user)
    confidential = [item for item in attachments if item.is_confidential]
    context = {
        "achievement": achievement,
        "public_attachments": [item for item in attachments if not item.is_confidential],
        "confidential_attachments": confidential if dossier_open else [],
        "dossier_open": dossier_open,
        **owner_context(user, achievement),
    }
    context["show_dossier"] = achievement.has_dossier or (context["can_edit"] and bool(confidential))
    counted = achievement.state == ModerationState.PUBLISHED
    if counted:
        listing_view_count(request, kind="achievement", pk=achievement.pk, editor=context["can_edit"])
        # The apps above achievements add their panels (trading: the auction on it); achievements knows none of them.
        replies = achievement_page_panels.send(sender=Achievement, achievement=achievement, request=request)
        context["panels"] = [html for _receiver, html in replies if html]
    if context["can_edit"]:
        context["nda_acceptances"] = selectors.achievement_nda_acceptances(achievement=achievement, user=user)
    response = render(request, "achievements/detail.html", context)
    return count_view_when_served(response, kind="achievement", pk=achievement.pk) if counted else response


@login_required
@require_POST
def achievement_nda_accept_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    achievement = get_or_404(selectors.achievement_get, pk, request.user)
    try:
        nda_accept(achievement=achievement, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You accepted the NDA. The confidential dossier is open to you."))
    return redirect(f"{achievement.get_absolute_url()}#dossier")
