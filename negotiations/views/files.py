"""A conversation's files: the download (participants only; confidential ones behind the listing's NDA), marking a
file confidential, accepting the NDA from the conversation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.errors import MarketplaceError, NotFound
from marketplace.listing_views import attachment_response
from negotiations.errors import NegotiationError
from negotiations.models import MessageAttachment
from negotiations.selectors import attachment_get
from negotiations.services import attachment_confidential_set, conversation_nda_accept
from negotiations.views.conversations import back, fail, get_or_404


@login_required
def attachment_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        attachment = attachment_get(pk=pk, user=request.user)
    except NotFound as exc:
        raise Http404 from exc
    except NegotiationError as exc:
        # A participant who has not unlocked it yet: say why, and where the NDA is.
        conversation_id = MessageAttachment.objects.filter(pk=pk).values_list("message__conversation_id", flat=True)
        return render(
            request,
            "negotiations/file_locked.html",
            {"error": exc, "conversation_id": conversation_id.first()},
            status=exc.status,
        )
    return attachment_response(attachment, confidential=True)


@login_required
@require_POST
def attachment_confidential_view(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    attachment = (
        MessageAttachment.objects.select_related("message")
        .filter(pk=attachment_id, message__conversation=conversation)
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        attachment_confidential_set(
            attachment=attachment, user=request.user, confidential=request.POST.get("confidential") == "1"
        )
    except MarketplaceError as exc:
        fail(request, exc)
    return back(request, pk, f"#m{attachment.message_id}")


@login_required
@require_POST
def nda_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation, _seat = get_or_404(request, pk)
    try:
        conversation_nda_accept(conversation=conversation, user=request.user)
    except MarketplaceError as exc:
        fail(request, exc)
    else:
        messages.success(
            request, _("You accepted the NDA. The confidential files of this conversation are open to you.")
        )
    return back(request, pk, "#nda")
