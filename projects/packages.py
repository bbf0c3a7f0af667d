"""A published project offered in competitive trading as a package: one lot holding the rights of its bundled
achievements. What trading asks about the package (``trading.lots``) is answered here; registered in ``apps.py``.

A package can be auctioned only whole: every bundled achievement confirmed by its owner, still published, and not
up for auction on its own. An achievement withdrawn (or taken out) later halts the package's auction
(``services.package_auctions_halt``) and the project shows as incomplete.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from achievements.models import Achievement
from marketplace.models import ModerationState
from projects.models import Project, ProjectAchievement, ProjectMember
from projects.selectors import ACHIEVEMENT_PRIVATE
from trading.lots import LotRules, lot_guard_register, lot_rules_register
from trading.models import Auction, AuctionState


def package_refusal(project: Project) -> str | None:
    """Why ``project`` cannot be traded as a package now, else None."""
    inclusions = list(ProjectAchievement.objects.filter(project=project).select_related("achievement"))
    if not inclusions:
        return _("The package holds no achievement.")
    if any(i.withdrawn_at or i.achievement.state != ModerationState.PUBLISHED for i in inclusions):
        return _("An achievement of this package was withdrawn by its owner: the package is incomplete.")
    if any(i.confirmed_at is None for i in inclusions):
        return _("Every owner must confirm their achievement's inclusion before the package can be auctioned.")
    on_its_own = Auction.objects.filter(
        achievement__in=[i.achievement_id for i in inclusions], state__in=AuctionState.active()
    )
    if on_its_own.exists():
        return _("An achievement of this package is already up for auction on its own.")
    return None


def achievement_in_package_refusal(lot) -> str | None:
    """An achievement being sold inside a package cannot be auctioned (or bid on) on its own meanwhile."""
    if not isinstance(lot, Achievement):
        return None
    in_package = Auction.objects.filter(
        project__bundle__achievement=lot, state__in=AuctionState.active(), project__isnull=False
    )
    if in_package.exists():
        return _("This achievement is being auctioned as part of a package.")
    return None


def package_seller_institution_ids(project: Project) -> set[int]:
    """The lead and every institution whose achievement the package holds: all of them sell it."""
    owners = ProjectAchievement.objects.filter(project=project).values_list("achievement__institution_id", flat=True)
    return ({project.institution_id} | set(owners)) - {None}


def package_achievement_ids(project: Project) -> list[int]:
    return list(ProjectAchievement.objects.filter(project=project).values_list("achievement_id", flat=True))


def package_contents(project: Project) -> dict:
    """What the public sees of a package: its confirmed achievements (public card fields only, withdrawn ones
    flagged) and its confirmed consortium; never an unconfirmed part or a dossier."""
    bundle = list(
        ProjectAchievement.objects.filter(project=project, confirmed_at__isnull=False)
        .select_related("achievement__field", "achievement__institution")
        .defer(*ACHIEVEMENT_PRIVATE)
    )
    members = list(
        ProjectMember.objects.filter(project=project, confirmed_at__isnull=False).select_related("institution")
    )
    return {"project": project, "bundle": bundle, "members": members, "incomplete": package_refusal(project)}


def package_panel(project: Project, request) -> str:
    return render_to_string("projects/includes/package_panel.html", package_contents(project), request=request)


def package_card_lines(projects: list[Project]) -> dict[int, str]:
    counts = Project.objects.filter(pk__in=[p.pk for p in projects]).annotate(
        n_achievements=Count("bundle", filter=Q(bundle__confirmed_at__isnull=False), distinct=True),
        n_members=Count("members", filter=Q(members__confirmed_at__isnull=False), distinct=True),
    )
    lines = {}
    for row in counts.values("pk", "n_achievements", "n_members"):
        achievements = ngettext(
            "Package of %(count)s achievement", "Package of %(count)s achievements", row["n_achievements"]
        ) % {"count": row["n_achievements"]}
        members = ngettext(
            "consortium of %(count)s institution", "consortium of %(count)s institutions", row["n_members"]
        ) % {"count": row["n_members"]}
        lines[row["pk"]] = f"{achievements} · {members}"
    return lines


def package_auction_for(*, project: Project, user) -> Auction | None:
    """The project's package auction that has not ended, or the last one closed; a proposed one only for staff and
    whoever proposed it (as on trading's pages)."""
    auctions = Auction.objects.filter(project=project).order_by("-created_at", "-pk")
    visible = Q(state__in=[AuctionState.SCHEDULED, AuctionState.CLOSED])
    if user.is_authenticated:
        visible |= Q(state=AuctionState.PROPOSED) & (Q(created_by=user) if not user.is_staff else Q())
    return auctions.filter(visible).first()


def register() -> None:
    lot_rules_register(
        Project,
        LotRules(
            refusal=package_refusal,
            seller_institution_ids=package_seller_institution_ids,
            achievement_ids=package_achievement_ids,
            panel=package_panel,
            card_lines=package_card_lines,
        ),
    )
    lot_guard_register(achievement_in_package_refusal)
