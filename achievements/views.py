"""Browser pages for research achievements (the generic listing helpers live in marketplace.listing_views).

Views stay thin: selectors read, services write, and domain errors become a 404, a form error or a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from achievements import selectors
from achievements.forms import AchievementForm
from achievements.models import Achievement
from achievements.services import POSTING_ROLES, achievement_create, achievement_update, nda_accept
from achievements.signals import achievement_page_panels
from marketplace.counters import listing_view_count
from marketplace.errors import MarketplaceError, NotFound
from marketplace.listing_views import (
    attachment_response,
    editable_listing,
    get_or_404,
    listing_form_view,
    listing_list_context,
    owner_context,
    transition_view,
)
from marketplace.models import ModerationAction, ModerationState
from marketplace.page_cache import public_page
from marketplace.readiness import TRL_HELP


def may_post_achievements(user) -> bool:
    return user.is_staff or user.role in POSTING_ROLES


@require_safe
@public_page("achievements")
def achievement_list_view(request: HttpRequest) -> HttpResponse:
    filterset = selectors.achievement_list(filters=request.GET)
    filterset.form.fields["trl_min"].choices = [
        (level, _("%(level)s+ · %(text)s") % {"level": level, "text": text}) for level, text in TRL_HELP.items()
    ]
    context = listing_list_context(request, filterset)
    context["may_post"] = not request.user.is_authenticated or may_post_achievements(request.user)
    return render(request, "achievements/list.html", context)


@require_safe
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
    if achievement.state == ModerationState.PUBLISHED:
        listing_view_count(request, kind="achievement", pk=achievement.pk, editor=context["can_edit"])
        # The apps above achievements add their panels (trading: the auction on it); achievements knows none of them.
        replies = achievement_page_panels.send(sender=Achievement, achievement=achievement, request=request)
        context["panels"] = [html for _receiver, html in replies if html]
    if context["can_edit"]:
        context["nda_acceptances"] = selectors.achievement_nda_acceptances(achievement=achievement, user=user)
    return render(request, "achievements/detail.html", context)


@require_safe
def achievement_attachment_view(request: HttpRequest, pk: int, thumbnail: bool = False) -> FileResponse:
    try:
        attachment = selectors.attachment_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    return attachment_response(attachment, confidential=attachment.is_confidential, thumbnail=thumbnail)


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


@login_required
@require_http_methods(["GET", "POST"])
def achievement_create_view(request: HttpRequest) -> HttpResponse:
    if not may_post_achievements(request.user):
        return render(request, "achievements/posting_not_allowed.html", status=403)
    return listing_form_view(
        request,
        form_class=AchievementForm,
        template="achievements/form.html",
        context_name="achievement",
        save=lambda form: achievement_create(owner=request.user, **form.service_kwargs()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = editable_listing(request, selectors.achievement_get, pk)
    if isinstance(achievement, HttpResponseRedirect):
        return achievement
    return listing_form_view(
        request,
        form_class=AchievementForm,
        template="achievements/form.html",
        context_name="achievement",
        listing=achievement,
        save=lambda form: achievement_update(
            achievement=achievement,
            user=request.user,
            remove_attachment_ids=form.remove_attachment_ids(),
            **form.service_kwargs(),
        ),
    )


@login_required
@require_POST
def achievement_submit_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    achievement = get_or_404(selectors.achievement_get, pk, request.user)
    return transition_view(request, achievement, ModerationAction.SUBMIT)


@login_required
@require_POST
def achievement_archive_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    achievement = get_or_404(selectors.achievement_get, pk, request.user)
    return transition_view(request, achievement, ModerationAction.ARCHIVE)
