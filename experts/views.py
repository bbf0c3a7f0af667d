"""Browser pages of experts and capacity building: the directory, a profile, courses with enrolment, the
organiser's attendance page and the public certificate check.

Views stay thin: selectors read, one service call writes, domain errors become a message or a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from experts import selectors
from experts.certificates import certificate_pdf
from experts.forms import AttendanceForm, ExpertFilterForm
from experts.models import Enrolment
from experts.services import can_organise, course_enrol, enrolment_cancel, enrolment_record
from marketplace.errors import MarketplaceError, NotFound


def _found(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


@require_safe
def expert_list_view(request: HttpRequest) -> HttpResponse:
    form = ExpertFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(selectors.expert_list(filters=filters), 12)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "experts": page_obj.object_list,
        "result_count": paginator.count,
        "active_filter_count": len(filters),
    }
    return render(request, "experts/list.html", context)


@require_safe
def expert_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _found(selectors.expert_get, pk=pk)
    context = {"expert": expert, "deals": selectors.expert_deals(expert=expert)[:10]}
    return render(request, "experts/detail.html", context)


@require_safe
def course_list_view(request: HttpRequest) -> HttpResponse:
    courses = selectors.course_list().prefetch_related("modules")
    return render(request, "experts/course_list.html", {"courses": courses})


@require_safe
def course_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    course = _found(selectors.course_get, pk=pk)
    context = {
        "course": course,
        "modules": course.modules.all(),
        "enrolment": selectors.enrolment_of(course=course, user=request.user),
        "places_left": max(course.capacity - course.enrolled, 0),
        "can_organise": can_organise(request.user, course),
    }
    return render(request, "experts/course_detail.html", context)


@login_required
@require_POST
def course_enrol_view(request: HttpRequest, pk: int) -> HttpResponse:
    course = _found(selectors.course_get, pk=pk)
    try:
        if request.POST.get("cancel"):
            enrolment = selectors.enrolment_of(course=course, user=request.user)
            if enrolment is None:
                raise Http404
            enrolment_cancel(enrolment=enrolment, user=request.user)
            messages.success(request, _("Your enrolment was cancelled."))
        else:
            course_enrol(course=course, user=request.user)
            messages.success(request, _("You are enrolled."))
    except MarketplaceError as exc:
        messages.error(request, str(exc.message))
    return redirect(course.get_absolute_url())


@login_required
def course_manage_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's page: participants, attendance and completion (which issues the certificate)."""
    course = _found(selectors.course_get, pk=pk)
    if not can_organise(request.user, course):
        raise Http404
    if request.method == "POST":
        enrolment = Enrolment.objects.filter(course=course, pk=request.POST.get("enrolment") or 0).first()
        form = AttendanceForm(request.POST)
        if enrolment is None:
            raise Http404
        if form.is_valid():
            try:
                enrolment_record(enrolment=enrolment, actor=request.user, **form.cleaned_data)
            except MarketplaceError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Check the number of sessions."))
        return redirect("experts:course_manage", pk=course.pk)
    enrolments = selectors.course_enrolments(course=course).select_related("certificate")
    return render(request, "experts/course_manage.html", {"course": course, "enrolments": enrolments})


@require_safe
def certificate_verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate's code checks that it is genuine and whether it was revoked."""
    certificate = selectors.certificate_check(code=code)
    status = 200 if certificate is not None else 404
    return render(request, "experts/certificate.html", {"certificate": certificate, "code": code}, status=status)


@require_safe
def certificate_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_check(code=code)
    if certificate is None or certificate.is_revoked:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("certificates:verify", kwargs={"code": certificate.code}))
    response = HttpResponse(
        certificate_pdf(certificate=certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
