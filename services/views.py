"""Browser pages of the service hub: the directory, a service, a request's page with the actions of each side, the
delivered files (permission-checked downloads) and "my requests".

Views stay thin: selectors read, one service call writes, domain errors become a message or a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from achievements.models import Achievement
from experts.selectors import expert_get
from marketplace.errors import MarketplaceError, NotFound
from marketplace.listing_views import attachment_response
from marketplace.permissions import can_view_listing, member_institution_ids
from services import selectors
from services.forms import CenterRequestForm, DeliverForm, QuoteForm, RateForm, RequestForm, ServiceFilterForm
from services.models import CATEGORY_ICONS, RequestState, ServiceCategory
from services.permissions import can_edit_service, is_provider_side, is_requester
from services.services.requests import (
    service_request_cancel,
    service_request_confirm,
    service_request_create,
    service_request_decide,
    service_request_deliver,
    service_request_quote,
    service_request_rate,
)

PAGE_SIZE = 12


def _found(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _achievement(request: HttpRequest, value) -> Achievement | None:
    """The achievement a request is about (``?achievement=``), if the requester may see it."""
    if not value or not str(value).isdigit():
        return None
    achievement = Achievement.objects.filter(pk=int(value)).first()
    return achievement if achievement is not None and can_view_listing(request.user, achievement) else None


@require_safe
def service_list_view(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(selectors.service_list(filters=filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    categories = [(value, label, CATEGORY_ICONS[value]) for value, label in ServiceCategory.choices]
    return render(
        request,
        "services/list.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "services": page_obj.object_list,
            "result_count": paginator.count,
            "active_filter_count": len(filters),
            "categories": categories,
            "current_category": filters.get("category", ""),
        },
    )


@require_safe
def service_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    service = _found(selectors.service_get, pk=pk, user=request.user)
    own = request.user.is_authenticated and service.institution_id in member_institution_ids(request.user)
    context = {
        "service": service,
        "ratings": selectors.service_ratings(service=service)[:20],
        "request_form": RequestForm(initial={"achievement": request.GET.get("achievement")}),
        "achievement": _achievement(request, request.GET.get("achievement")),
        "own_service": own,
        "can_edit": can_edit_service(request.user, service),
        "more_from_provider": selectors.service_list(filters={"provider": service.institution_id}).exclude(
            pk=service.pk
        )[:3],
    }
    return render(request, "services/detail.html", context)


def _create_request(request: HttpRequest, form: RequestForm, **target) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        created = service_request_create(
            requester=request.user,
            message=form.cleaned_data["message"],
            achievement=_achievement(request, form.cleaned_data.get("achievement")),
            **target,
        )
    except MarketplaceError as exc:
        form.add_error(None, str(exc.message))
        return None
    messages.success(request, _("Your request was sent. You will be notified when the provider answers."))
    return redirect(created.get_absolute_url())


@login_required
@require_POST
def service_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    service = _found(selectors.service_get, pk=pk, user=request.user)
    form = RequestForm(request.POST)
    response = _create_request(request, form, service=service)
    if response is not None:
        return response
    context = {"service": service, "ratings": selectors.service_ratings(service=service)[:20], "request_form": form}
    return render(request, "services/detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def center_request_view(request: HttpRequest) -> HttpResponse:
    """Ask the center: staff find the right provider."""
    form = CenterRequestForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST":
        response = _create_request(request, form, category=form.data.get("category", ""))
        if response is not None:
            return response
    return render(request, "services/center_request.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def expert_consult_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Consult an expert": a request like a service request, addressed to the expert."""
    expert = _found(expert_get, pk=pk)
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        response = _create_request(request, form, expert=expert)
        if response is not None:
            return response
    return render(
        request, "services/consult.html", {"form": form, "expert": expert}, status=400 if form.errors else 200
    )


@login_required
@require_safe
def request_list_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in RequestState.values:
        state = ""
    paginator = Paginator(selectors.request_list(user=request.user, state=state), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "services/request_list.html",
        {"page_obj": page_obj, "requests": page_obj.object_list, "states": RequestState.choices, "state": state},
    )


@login_required
@require_safe
def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = _found(selectors.request_get, pk=pk, user=request.user)
    return render(request, "services/request_detail.html", _request_context(request, service_request))


def _request_context(request: HttpRequest, service_request, **forms) -> dict:
    requester = is_requester(request.user, service_request)
    provider = is_provider_side(request.user, service_request)
    return {
        "req": service_request,
        "is_requester": requester,
        "is_provider": provider,
        "quote_form": forms.get("quote_form") or QuoteForm(initial={"currency": "CNY"}),
        "deliver_form": forms.get("deliver_form") or DeliverForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "steps": _steps(service_request),
    }


STEPS = (RequestState.REQUESTED, RequestState.QUOTED, RequestState.ACCEPTED, RequestState.DELIVERED, RequestState.RATED)


def _steps(service_request) -> list[dict]:
    order = {state: n for n, state in enumerate(STEPS)}
    order[RequestState.CONFIRMED] = order[RequestState.DELIVERED]
    reached = order.get(service_request.state, 0)
    return [{"label": state.label, "done": n <= reached, "current": n == reached} for n, state in enumerate(STEPS)]


@login_required
@require_POST
def request_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One button or form of the request page = one service call; a refusal becomes a message (or the form's error)."""
    service_request = _found(selectors.request_get, pk=pk, user=request.user)
    forms = {}
    try:
        if action == "quote":
            form = forms["quote_form"] = QuoteForm(request.POST)
            if form.is_valid():
                service_request_quote(request=service_request, user=request.user, **form.cleaned_data)
        elif action in ("accept", "decline"):
            service_request_decide(request=service_request, user=request.user, accept=action == "accept")
        elif action == "cancel":
            service_request_cancel(request=service_request, user=request.user)
        elif action == "deliver":
            form = forms["deliver_form"] = DeliverForm(request.POST, request.FILES)
            if form.is_valid():
                service_request_deliver(
                    request=service_request,
                    user=request.user,
                    files=request.FILES.getlist("files"),
                    note=form.cleaned_data["note"],
                )
        elif action == "confirm":
            service_request_confirm(request=service_request, user=request.user)
        elif action == "rate":
            form = forms["rate_form"] = RateForm(request.POST)
            if form.is_valid():
                service_request_rate(request=service_request, user=request.user, **form.cleaned_data)
        else:
            raise Http404
    except MarketplaceError as exc:
        messages.error(request, str(exc.message))
        return redirect(service_request.get_absolute_url())
    invalid = [form for form in forms.values() if form.errors]
    if invalid:
        context = _request_context(request, service_request, **forms)
        return render(request, "services/request_detail.html", context, status=400)
    messages.success(request, _("Done."))
    return redirect(service_request.get_absolute_url())


@login_required
@require_safe
def delivery_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """A delivered file, for the request's two parties and staff; for anyone else it does not exist."""
    item = _found(selectors.delivery_file_get, pk=pk, user=request.user)
    return attachment_response(item, confidential=True)
