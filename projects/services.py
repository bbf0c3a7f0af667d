"""Writes of projects: the draft and its texts, the bundle, the consortium, milestones, submission, investors' interest.

Whoever edits the project (its owner, the lead institution's administrators, staff) proposes; each achievement's
editors and each member institution's administrators confirm. Nothing unconfirmed is ever public.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from achievements.models import Achievement
from demands.models import Demand
from marketplace.errors import NotAllowed, NotFound
from marketplace.models import Institution, InstitutionKind, ModerationAction, ModerationEvent, ModerationState
from marketplace.permissions import (
    PUBLIC_STATES,
    admin_institution_ids,
    can_edit_listing,
    is_institution_admin,
    member_institution_ids,
)
from marketplace.services import listing_transition, listing_write
from marketplace.signals import listing_changed
from projects.errors import ProjectError
from projects.hooks import interest_expressed
from projects.models import InterestExpression, MemberRole, Milestone, Project, ProjectAchievement, ProjectMember
from trading.models import Auction, AuctionState
from trading.services import auction_halt

TEXT_FIELDS = ("title", "summary", "description", "use_of_funds")
PLAIN_FIELDS = (
    "field",
    "source_language",
    "stage",
    "funding_sought",
    "funding_committed",
    "funding_currency",
    "sought",
    "target_countries",
)


def may_create_projects(user) -> bool:
    """Institution administrators (for their institutions) and center staff put projects together."""
    return user.is_authenticated and user.is_active and (user.is_staff or bool(admin_institution_ids(user)))


def _require_editor(user, project: Project) -> None:
    if not can_edit_listing(user, project):
        raise NotFound()


def _require_editable(user, project: Project) -> None:
    _require_editor(user, project)
    if not project.is_editable and not user.is_staff:
        raise ProjectError(
            _("Only drafts and projects with requested changes can be changed."), code="not_editable", status=409
        )


def _write(project: Project, *, user, data: dict, texts: dict[str, str], other_fields, demands) -> Project:
    """The listing write every kind shares (``marketplace.services.listing_write``), with a project's own fields."""
    for name in data:
        if name not in PLAIN_FIELDS:
            raise ProjectError(_("This field cannot be set here: %(name)s.") % {"name": name}, code="invalid_field")
    m2m: dict[str, Iterable] = {}
    if other_fields is not None:
        m2m["other_fields"] = other_fields
    if demands is not None:
        m2m["demands"] = [demand for demand in demands if demand.state in PUBLIC_STATES]
    return listing_write(listing=project, user=user, data=data, texts=texts, m2m=m2m)


def project_create(
    *,
    user,
    institution: Institution,
    data: dict,
    texts: dict[str, str],
    other_fields: Iterable | None = None,
    demands: Iterable | None = None,
    achievements: Iterable[Achievement] = (),
    members: Iterable[tuple[Institution, str]] = (),
    milestones: Iterable[dict] = (),
) -> Project:
    """Create a draft project led by ``institution`` (which ``user`` administers, unless staff), with its proposed
    bundle, consortium and milestones, all or nothing; the lead's membership is confirmed if its administrator
    created it, the other parts wait for their owners."""
    if not may_create_projects(user):
        raise NotAllowed(
            _("Institution administrators and center staff put projects together."), code="role_not_allowed"
        )
    if not (user.is_staff or is_institution_admin(user, institution.pk)):
        raise ValidationError({"institution": _("You can only lead a project for an institution you administer.")})
    with transaction.atomic():
        project = Project(owner=user, institution=institution, country=institution.country)
        _write(project, user=user, data=data, texts=texts, other_fields=other_fields, demands=demands)
        confirmed = is_institution_admin(user, institution.pk)
        ProjectMember.objects.create(
            project=project,
            institution=institution,
            role=MemberRole.LEAD,
            added_by=user,
            confirmed_by=user if confirmed else None,
            confirmed_at=timezone.now() if confirmed else None,
        )
        for achievement in achievements:
            project_add_achievement(project=project, user=user, achievement=achievement)
        for member_institution, role in members:
            project_add_member(project=project, user=user, institution=member_institution, role=role)
        for milestone in milestones:
            milestone_add(project=project, user=user, **milestone)
    return project


def project_update(
    *,
    project: Project,
    user,
    data: dict,
    texts: dict[str, str],
    other_fields: Iterable | None = None,
    demands: Iterable | None = None,
) -> Project:
    """Change a draft (or a project with requested changes; staff: any) all or nothing."""
    _require_editable(user, project)
    with transaction.atomic():
        # Lock the row: two editors saving at once must not each keep half of the other's edit.
        locked = Project.objects.select_for_update().get(pk=project.pk)
        return _write(locked, user=user, data=data, texts=texts, other_fields=other_fields, demands=demands)


def project_add_achievement(*, project: Project, user, achievement: Achievement) -> ProjectAchievement:
    """Propose a published achievement for the bundle; confirmed at once when ``user`` may edit that achievement."""
    _require_editable(user, project)
    if achievement.state != ModerationState.PUBLISHED:
        raise ProjectError(_("Only published achievements can be bundled."), code="achievement_not_published")
    own = can_edit_listing(user, achievement)
    try:
        with transaction.atomic():
            inclusion = ProjectAchievement.objects.create(
                project=project,
                achievement=achievement,
                added_by=user,
                confirmed_by=user if own else None,
                confirmed_at=timezone.now() if own else None,
            )
    except IntegrityError as exc:
        raise ProjectError(_("This achievement is already in the project."), code="already_bundled") from exc
    return inclusion


def project_confirm_achievement(*, inclusion: ProjectAchievement, user) -> ProjectAchievement:
    """The achievement's owner (or its institution's administrator) agrees to its inclusion in the project."""
    if not can_edit_listing(user, inclusion.achievement):
        raise NotFound()
    with transaction.atomic():
        # Lock the row: a confirmation racing the editors' removal (or a double click) decides once.
        locked = ProjectAchievement.objects.select_for_update().select_related("achievement").filter(pk=inclusion.pk)
        locked = locked.first()
        if locked is None:
            raise NotFound()
        if locked.achievement.state != ModerationState.PUBLISHED:
            raise ProjectError(_("Only published achievements can be bundled."), code="achievement_not_published")
        if locked.confirmed_at is None:
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = user
            locked.save(update_fields=["confirmed_at", "confirmed_by"])
            listing_changed.send(sender=Project, listing=locked.project)
    return locked


def project_remove_achievement(*, inclusion: ProjectAchievement, user) -> None:
    """Take an achievement out: the project's editors, or the achievement's owner declining (also later)."""
    if not (can_edit_listing(user, inclusion.achievement) or can_edit_listing(user, inclusion.project)):
        raise NotFound()
    with transaction.atomic():
        ProjectAchievement.objects.filter(pk=inclusion.pk).delete()
        package_auctions_halt(
            project_ids=[inclusion.project_id], reason=_("An achievement was taken out of the package.")
        )
        listing_changed.send(sender=Project, listing=inclusion.project)


def project_add_member(*, project: Project, user, institution: Institution, role: str) -> ProjectMember:
    """Invite an institution into the consortium; confirmed at once when ``user`` administers it."""
    _require_editable(user, project)
    if role not in MemberRole.values or role == MemberRole.LEAD:
        raise ValidationError({"role": _("Choose the member's role (the lead is the project's institution).")})
    own = is_institution_admin(user, institution.pk)
    try:
        with transaction.atomic():
            member = ProjectMember.objects.create(
                project=project,
                institution=institution,
                role=role,
                added_by=user,
                confirmed_by=user if own else None,
                confirmed_at=timezone.now() if own else None,
            )
    except IntegrityError as exc:
        raise ProjectError(_("This institution is already in the consortium."), code="already_member") from exc
    return member


def project_confirm_member(*, member: ProjectMember, user) -> ProjectMember:
    """An administrator of the member institution confirms its participation (staff cannot do it for them)."""
    if not is_institution_admin(user, member.institution_id):
        raise NotFound()
    with transaction.atomic():
        # Lock the row: a confirmation racing the editors' removal (or a double click) decides once.
        locked = ProjectMember.objects.select_for_update().filter(pk=member.pk).first()
        if locked is None:
            raise NotFound()
        if locked.confirmed_at is None:
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = user
            locked.save(update_fields=["confirmed_at", "confirmed_by"])
    return locked


def project_remove_member(*, member: ProjectMember, user) -> None:
    """Take a member out (the project's editors, or the member declining); the lead stays."""
    if not (is_institution_admin(user, member.institution_id) or can_edit_listing(user, member.project)):
        raise NotFound()
    if member.role == MemberRole.LEAD:
        raise ProjectError(_("The lead institution cannot leave its own project."), code="lead_stays")
    ProjectMember.objects.filter(pk=member.pk).delete()


def milestone_add(
    *, project: Project, user, due_date: date, deliverable: str, budget: Decimal | None = None
) -> Milestone:
    """Add a milestone (date, deliverable, budget) to the project's plan."""
    _require_editable(user, project)
    milestone = Milestone(project=project, due_date=due_date, deliverable=(deliverable or "").strip(), budget=budget)
    milestone.full_clean()
    milestone.save()
    return milestone


def milestone_remove(*, milestone: Milestone, user) -> None:
    """Drop a milestone from the plan."""
    _require_editable(user, milestone.project)
    milestone.delete()


def project_submit(*, project: Project, user) -> ModerationEvent:
    """Send a draft to the staff's review queue; it needs at least one confirmed, still published achievement."""
    _require_editor(user, project)
    with transaction.atomic():
        # Lock the project: a bundle change cannot slip between this check and the transition.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        ready = ProjectAchievement.objects.filter(
            project=project, confirmed_at__isnull=False, withdrawn_at__isnull=True
        ).exists()
        if not ready:
            raise ProjectError(
                _("Bundle at least one achievement whose owner has confirmed before submitting."),
                code="bundle_empty",
            )
        return listing_transition(listing=project, actor=user, action=ModerationAction.SUBMIT)


def interest_express(*, project: Project, user, investor: Institution, message: str = "") -> InterestExpression:
    """An investor institution's member follows a published project; the project's editors see it. The returned
    interest carries ``conversation``: the conversation with the project's side it opened, or None."""
    if not (user.is_authenticated and user.is_active):
        raise NotAllowed(_("Sign in to express interest."), code="not_authenticated")
    if project.state != ModerationState.PUBLISHED:
        raise NotFound()
    if investor.kind != InstitutionKind.INVESTOR or investor.pk not in member_institution_ids(user):
        raise NotAllowed(
            _("Only members of an investor institution can express interest in a project."), code="not_investor"
        )
    interest = InterestExpression(project=project, investor=investor, user=user, message=(message or "").strip())
    interest.full_clean(exclude=["project", "investor", "user"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                interest.save()
        except IntegrityError as exc:
            raise ProjectError(_("Your institution already follows this project."), code="already_following") from exc
        # Where the conversations app is installed, the interest opens (or continues) a conversation with the
        # project's side; its refusal (blocked, throttled, own organisation) undoes the interest too.
        replies = interest_expressed.send(sender=InterestExpression, interest=interest, user=user, message=message)
    interest.conversation = next((reply for _receiver, reply in replies if reply is not None), None)
    return interest


ASSISTANT_MAX_ACHIEVEMENTS = 20


def project_from_proposal(
    *,
    user,
    institution: Institution,
    title: str,
    achievements: Iterable[Achievement],
    language: str,
    demand: Demand | None = None,
) -> Project:
    """The aggregation assistant's one action: a draft project led by ``institution`` bundling the chosen published
    achievements (their owners still confirm, as for any project), answering ``demand`` if given. The main field is
    the most frequent of the achievements', the others become its other fields; the summary names the achievements."""
    chosen = list(dict.fromkeys(achievements))
    if not chosen:
        raise ProjectError(_("Choose at least one achievement."), code="bundle_empty")
    if len(chosen) > ASSISTANT_MAX_ACHIEVEMENTS:
        raise ProjectError(
            _("At most %(limit)s achievements per project.") % {"limit": ASSISTANT_MAX_ACHIEVEMENTS},
            code="too_many_achievements",
        )
    fields = Counter(achievement.field_id for achievement in chosen)
    main_field = fields.most_common(1)[0][0]
    with translation.override(language):
        titles = "; ".join(achievement.text("title", language) for achievement in chosen)
        summary = _("Brings together: %(titles)s") % {"titles": titles}
    return project_create(
        user=user,
        institution=institution,
        data={"field": next(a.field for a in chosen if a.field_id == main_field), "source_language": language},
        texts={"title": title, "summary": summary[:2000]},
        other_fields=list({a.field_id: a.field for a in chosen if a.field_id != main_field}.values()),
        demands=[demand] if demand is not None else None,
        achievements=chosen,
    )


def bundle_mark_withdrawn(*, achievement: Achievement) -> int:
    """An achievement left the marketplace: every project bundling it shows as incomplete (it does not vanish), and
    their package auctions that have not ended are halted."""
    inclusions = ProjectAchievement.objects.filter(achievement=achievement, withdrawn_at__isnull=True)
    project_ids = list(inclusions.values_list("project_id", flat=True))
    marked = inclusions.update(withdrawn_at=timezone.now())
    package_auctions_halt(
        project_ids=project_ids, reason=_("An achievement of the package was withdrawn by its owner.")
    )
    return marked


def package_auctions_halt(*, project_ids: Iterable[int], reason: str) -> int:
    """The packages of ``project_ids`` are no longer whole: their proposed or scheduled auctions are cancelled (by the
    system, audited with ``reason``) rather than sold incomplete. Returns how many were halted."""
    running = Auction.objects.filter(project_id__in=list(project_ids), state__in=AuctionState.active())
    return sum(auction_halt(auction=auction, reason=reason) is not None for auction in running)
