"""Browser pages of projects: list, page, create/edit, the editors' bundle/consortium/milestone tools, the owners'
confirmations and investors' interest. Views stay thin: selectors read, one service call writes, domain errors
become a 404 or a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from achievements.models import Achievement
from marketplace.errors import MarketplaceError, NotFound
from marketplace.listing_views import get_or_404, listing_list_context, owner_context, safe_next, transition_view
from marketplace.models import ModerationAction
from marketplace.permissions import can_edit_listing
from projects import selectors, services
from projects.forms import (
    AssistantCreateForm,
    AssistantQueryForm,
    BundleAddForm,
    InterestForm,
    MemberAddForm,
    MilestoneForm,
    ProjectForm,
)
from projects.models import Milestone, Project, ProjectAchievement, ProjectMember
from projects.packages import package_auction_for, package_refusal
from trading import services as trading_services
from trading.models import AuctionState
from trading.views import lot_propose_page

DECISIONS = ("confirm", "decline")


def _run(request: HttpRequest, call: Callable[[], object], success: str, fallback: str) -> HttpResponseRedirect:
    """One service call from a button: refusals become a message, what the user may not see a 404."""
    try:
        call()
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(safe_next(request, fallback))


@require_safe
def project_list_view(request: HttpRequest) -> HttpResponse:
    context = listing_list_context(request, selectors.project_list(filters=request.GET))
    context["may_create"] = not request.user.is_authenticated or services.may_create_projects(request.user)
    context["may_assist"] = request.user.is_authenticated and context["may_create"]
    return render(request, "projects/list.html", context)


@require_safe
def project_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = get_or_404(selectors.project_get, pk, user)
    bundle = selectors.project_bundle(project=project, user=user)
    context = {
        "project": project,
        "bundle": bundle,
        "members": selectors.project_members(project=project, user=user),
        "milestones": list(project.milestones.all()),
        "interests": selectors.project_interests(project=project, user=user),
        **owner_context(user, project),
    }
    if context["can_edit"] and (project.is_editable or user.is_staff):
        context.update(bundle_form=BundleAddForm(), member_form=MemberAddForm(), milestone_form=MilestoneForm())
    investors = selectors.user_investor_institutions(user=user) if project.is_published else []
    following = selectors.investors_following(project=project, investors=investors)
    context["following"] = following
    waiting = [investor for investor in investors if investor not in following]
    if waiting:
        context["interest_form"] = InterestForm(investors=waiting)
    if project.is_published:
        context["package_auction"] = package_auction_for(project=project, user=user)
        context["may_offer_package"] = (
            user.is_authenticated
            and trading_services.may_manage_auctions(user, project)
            and (context["package_auction"] is None or context["package_auction"].state == AuctionState.CLOSED)
        )
    return render(request, "projects/detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def package_auction_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff (scheduled at once) or an administrator of the lead institution (proposed for approval) put a published
    project up for auction as a package: trading's form, trading's service; the package rules come from
    ``projects.packages``."""
    project = get_or_404(selectors.project_get, pk, request.user)
    if not project.is_published or not trading_services.may_manage_auctions(request.user, project):
        raise Http404
    running = project.auctions.filter(state__in=AuctionState.active()).first()
    return lot_propose_page(
        request, lot=project, running=running, package=True, refusal=None if running else package_refusal(project)
    )


def _form_view(request: HttpRequest, project: Project | None) -> HttpResponse:
    if request.method == "POST":
        form = ProjectForm(request.POST, user=request.user, project=project)
        if form.is_valid():
            try:
                if project is None:
                    saved = services.project_create(
                        user=request.user, institution=form.cleaned_data["institution"], **form.service_arguments()
                    )
                else:
                    saved = services.project_update(project=project, user=request.user, **form.service_arguments())
            except ValidationError as exc:
                form.add_service_errors(exc)
            except NotFound as exc:
                raise Http404(str(exc.message)) from exc
            except MarketplaceError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Project saved. Add its achievements, consortium and milestones."))
                return redirect(saved.get_absolute_url())
    else:
        form = ProjectForm(user=request.user, project=project)
    return render(request, "projects/form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    if not services.may_create_projects(request.user):
        return render(request, "projects/not_allowed.html", status=403)
    return _form_view(request, None)


def _editable(request: HttpRequest, pk: int) -> Project:
    project = get_or_404(selectors.project_get, pk, request.user)
    if not can_edit_listing(request.user, project):
        raise Http404(_("Not found."))
    return project


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    if not (project.is_editable or request.user.is_staff):
        messages.warning(request, _("Only drafts and projects with requested changes can be changed."))
        return redirect(project.get_absolute_url())
    return _form_view(request, project)


@login_required
@require_POST
def project_submit_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    project = _editable(request, pk)
    return _run(
        request,
        lambda: services.project_submit(project=project, user=request.user),
        _("Submitted for review. Center staff will check it and you will get an e-mail."),
        project.get_absolute_url(),
    )


@login_required
@require_POST
def project_archive_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    return transition_view(request, _editable(request, pk), ModerationAction.ARCHIVE)


@login_required
@require_POST
def bundle_add_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    project = _editable(request, pk)
    form = BundleAddForm(request.POST)
    achievement = Achievement.objects.filter(pk=form.cleaned_data["achievement"]).first() if form.is_valid() else None
    if achievement is None:
        messages.error(request, _("There is no published achievement with this number."))
        return redirect(project.get_absolute_url())
    return _run(
        request,
        lambda: services.project_add_achievement(project=project, user=request.user, achievement=achievement),
        _("Achievement added. Its owner is asked to confirm."),
        project.get_absolute_url(),
    )


@login_required
@require_POST
def member_add_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    project = _editable(request, pk)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an institution and its role."))
        return redirect(project.get_absolute_url())
    return _run(
        request,
        lambda: services.project_add_member(project=project, user=request.user, **form.cleaned_data),
        _("Institution invited. Its administrators are asked to confirm."),
        project.get_absolute_url(),
    )


@login_required
@require_POST
def milestone_add_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    project = _editable(request, pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the milestone a date and a deliverable."))
        return redirect(project.get_absolute_url())
    return _run(
        request,
        lambda: services.milestone_add(project=project, user=request.user, **form.cleaned_data),
        _("Milestone added."),
        project.get_absolute_url(),
    )


@login_required
@require_POST
def milestone_remove_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    milestone = Milestone.objects.select_related("project").filter(pk=pk).first()
    if milestone is None:
        raise Http404(_("Not found."))
    project = milestone.project
    return _run(
        request,
        lambda: services.milestone_remove(milestone=milestone, user=request.user),
        _("Milestone removed."),
        project.get_absolute_url(),
    )


@login_required
@require_safe
def confirmations_view(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/confirmations.html", selectors.confirmations_waiting(user=request.user))


def _inclusion(pk: int) -> ProjectAchievement:
    inclusion = ProjectAchievement.objects.select_related("project", "achievement").filter(pk=pk).first()
    if inclusion is None:
        raise Http404(_("Not found."))
    return inclusion


def _member(pk: int) -> ProjectMember:
    member = ProjectMember.objects.select_related("project", "institution").filter(pk=pk).first()
    if member is None:
        raise Http404(_("Not found."))
    return member


@login_required
@require_POST
def inclusion_decide_view(request: HttpRequest, pk: int, decision: str) -> HttpResponseRedirect:
    if decision not in DECISIONS:
        raise Http404(_("Not found."))
    inclusion = _inclusion(pk)
    fallback = reverse("projects:confirmations")
    if decision == "confirm":
        return _run(
            request,
            lambda: services.project_confirm_achievement(inclusion=inclusion, user=request.user),
            _("Confirmed: your achievement is part of the project."),
            fallback,
        )
    return _run(
        request,
        lambda: services.project_remove_achievement(inclusion=inclusion, user=request.user),
        _("Removed from the project."),
        fallback,
    )


@login_required
@require_POST
def member_decide_view(request: HttpRequest, pk: int, decision: str) -> HttpResponseRedirect:
    if decision not in DECISIONS:
        raise Http404(_("Not found."))
    member = _member(pk)
    fallback = reverse("projects:confirmations")
    if decision == "confirm":
        return _run(
            request,
            lambda: services.project_confirm_member(member=member, user=request.user),
            _("Confirmed: your institution takes part in the project."),
            fallback,
        )
    return _run(
        request,
        lambda: services.project_remove_member(member=member, user=request.user),
        _("Removed from the project."),
        fallback,
    )


@login_required
@require_POST
def interest_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    project = get_or_404(selectors.project_get, pk, request.user)
    form = InterestForm(request.POST, investors=selectors.user_investor_institutions(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Only members of an investor institution can express interest in a project."))
        return redirect(project.get_absolute_url())
    try:
        interest = services.interest_express(project=project, user=request.user, **form.cleaned_data)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return redirect(project.get_absolute_url())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(project.get_absolute_url())
    conversation = getattr(interest, "conversation", None)
    if conversation is None:
        messages.success(request, _("Interest recorded. The project lead sees it and can contact you."))
        return redirect(project.get_absolute_url())
    messages.success(request, _("Interest recorded. Continue here with the project's team."))
    return redirect(conversation.get_absolute_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assistant_view(request: HttpRequest) -> HttpResponse:
    """The aggregation assistant (staff, institution administrators): a demand or a theme in, complementary published
    achievements out, grouped by country and institution; the checked ones become a draft project."""
    user = request.user
    if not services.may_create_projects(user):
        return render(request, "projects/not_allowed.html", status=403)
    source = request.POST if request.method == "POST" else request.GET
    query_form = AssistantQueryForm(source or None, demands=selectors.assistant_demands(user=user))
    create_form = AssistantCreateForm(request.POST or None, user=user)
    if request.method == "POST" and create_form.is_valid():
        data = create_form.cleaned_data
        try:
            project = services.project_from_proposal(
                user=user,
                institution=data["institution"],
                title=data["title"],
                achievements=data["achievements"],
                demand=data["demand"],
                language=get_language(),
            )
        except ValidationError as exc:
            create_form.add_error("title" if "title" in getattr(exc, "message_dict", {}) else None, exc.messages)
        except MarketplaceError as exc:
            create_form.add_error(None, str(exc.message))
        else:
            messages.success(
                request, _("Draft project created. The achievements' owners are asked to confirm their inclusion.")
            )
            return redirect(project.get_absolute_url())
    proposal = None
    if query_form.asked:
        demand, text = query_form.cleaned_data["demand"], query_form.cleaned_data["q"]
        proposal = selectors.aggregation_proposal(lang=get_language(), demand=demand, query=text)
        if request.method != "POST":
            create_form.initial["title"] = demand.text("title") if demand is not None else text[:200]
            institutions = create_form.fields["institution"].queryset
            if not user.is_staff and institutions.count() == 1:
                create_form.initial["institution"] = institutions.first().pk
    checked = {str(pk) for pk in request.POST.getlist("achievements")} if request.method == "POST" else None
    return render(
        request,
        "projects/assistant.html",
        {"query_form": query_form, "create_form": create_form, "proposal": proposal, "checked": checked},
    )
