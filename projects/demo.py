"""Demo projects (``manage.py seed_demo``): four bundles of demo achievements across several countries, led by the
Kunming centre (its administrator is the ``institution-admin@`` demo login), with confirmed consortia, milestones and
an investor fund whose member (``enterprise2@``) follows one of them, and one project offered as a package in an
upcoming auction. Played through the services: each owner confirms their achievement, each member institution's
administrator its participation, staff approve, staff schedule the package auction.

Achievements are (owner's e-mail local part, title in the source language), as in ``demo/achievements.py``; a member
institution without an administrator in the demo stays "waiting for confirmation" (its editors see it, the public not).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from marketplace.demo import DemoContext, refused
from marketplace.i18n import column
from marketplace.models import (
    Institution,
    InstitutionKind,
    Membership,
    MembershipRole,
    MembershipStatus,
    ModerationAction,
    ModerationState,
    TechnologyField,
)
from marketplace.services import listing_moderate
from projects.models import InvestorProfile, MemberRole, Project, ProjectStage, Sought
from projects.packages import package_refusal
from projects.services import (
    interest_express,
    project_confirm_achievement,
    project_confirm_member,
    project_create,
    project_submit,
)
from trading.models import Auction, AuctionKind
from trading.services import AuctionSpec, auction_create

LEAD = ("institution-admin", "brics-ttc-kunming")
INVESTOR = {
    "slug": "silk-road-innovation-fund",
    "name": "Silk Road Innovation Fund",
    "description": "A venture fund investing in technology transfer projects between BRICS countries.",
    "country": "AE",
    "member": "enterprise2",
}
PROJECTS = [
    {
        "title": "Smart agriculture for mountain regions",
        "summary": "Edge IoT gateways, a multilingual voice assistant for farmers and drone field inspection, combined "
        "into one service for smallholders on mountain terraces.",
        "field": "information-technology",
        "stage": ProjectStage.PILOT,
        "targets": ["CN", "IN", "ET", "BR"],
        "sought": [Sought.INVESTORS, Sought.PILOT_SITE],
        "funding": ("3500000", "800000", "USD"),
        "use_of_funds": "Pilot in 20 villages in Yunnan and Karnataka, localisation, field teams.",
        "achievements": [
            ("he.mei", "面向山区农业物联网的低功耗边缘计算网关"),
            ("arjun.sharma", "किसानों के लिए बहुभाषी वॉयस सहायक"),
            ("researcher", "山地林区无人机森林火情与病虫害巡检系统"),
        ],
        "members": [
            ("yunnan-university", MemberRole.TECHNOLOGY_PROVIDER),
            ("india-china-ttc", MemberRole.PILOT_SITE),
            ("fortec", MemberRole.PILOT_SITE),
        ],
        "milestones": [
            (60, "Gateways installed in 5 pilot villages", "400000"),
            (240, "Voice assistant in 3 languages", "600000"),
            (420, "Regional roll-out plan", None),
        ],
        "investor": True,
    },
    {
        "title": "Bamboo and geopolymer building materials",
        "summary": "Bamboo-fibre composite boards, outdoor bamboo scrimber and a slag-glass geopolymer binder for "
        "low-carbon rural housing, from lab to a shared factory line.",
        "field": "new-materials",
        "stage": ProjectStage.PROTOTYPE,
        "targets": ["CN", "EG", "ZA"],
        "sought": [Sought.MANUFACTURING, Sought.LICENSEE],
        "funding": ("12000000", "3000000", "CNY"),
        "use_of_funds": "A continuous pressing line, certification tests, a demonstration house.",
        "achievements": [
            ("researcher", "竹纤维增强复合建筑板材连续化制备技术"),
            ("researcher", "Outdoor bamboo scrimber decking with low water uptake"),
            ("karim.mansour", "Liant géopolymère à base de laitier et de déchets de verre"),
        ],
        "members": [
            ("southwest-forestry-university", MemberRole.TECHNOLOGY_PROVIDER),
            ("asrt-egypt", MemberRole.TECHNOLOGY_PROVIDER),
            ("crcc-high-tech-equipment", MemberRole.MANUFACTURER),
        ],
        "milestones": [(90, "Prototype boards certified", "2000000"), (300, "Demonstration house built", "5000000")],
    },
    {
        "title": "Low-altitude inspection of power lines and pipelines",
        "summary": "A long-endurance solar UAV, detect-and-avoid on board and AI defect recognition: one inspection "
        "service for grid and pipeline operators.",
        "field": "low-altitude-economy",
        "stage": ProjectStage.PILOT,
        "targets": ["AE", "RU", "CN", "BR"],
        "sought": [Sought.INVESTORS, Sought.JOINT_RND],
        "funding": ("5000000", "1500000", "USD"),
        "use_of_funds": "Certification flights, a shared data platform, two operator pilots.",
        "achievements": [
            ("omar.alhashimi", "Solar-assisted long-endurance fixed-wing UAV for pipeline inspection"),
            ("he.mei", "输电线路无人机巡检图像缺陷智能识别算法"),
            ("i.orlov", "Бортовая система обнаружения и предотвращения столкновений для малых БВС"),
        ],
        "members": [
            ("natt-russia", MemberRole.TECHNOLOGY_PROVIDER),
            ("ittn", MemberRole.PILOT_SITE),
            ("khalifa-university", MemberRole.TECHNOLOGY_PROVIDER),
        ],
        "milestones": [
            (120, "Beyond-line-of-sight test flights", "1200000"),
            (365, "Operator pilot in two countries", "2500000"),
        ],
    },
    {
        "title": "Rural solar storage for off-grid villages",
        "summary": "Sodium-ion battery packs, micro-hydro load controllers and self-cleaning panel coatings for "
        "village mini-grids in Africa and South Asia.",
        "field": "renewable-energy",
        "stage": ProjectStage.SCALE_UP,
        "targets": ["ET", "IN", "ZA", "EG"],
        "sought": [Sought.INVESTORS, Sought.MANUFACTURING, Sought.PILOT_SITE],
        "funding": ("8000000", "2400000", "USD"),
        "use_of_funds": "Pack assembly in Addis Ababa, 50 village installations, maintenance training.",
        "achievements": [
            ("priya.nair", "Sodium-ion battery packs for rural solar mini-grids"),
            ("hana.tadesse", "Electronic load controller for village micro-hydro plants"),
            ("omar.alhashimi", "طلاء نانوي ذاتي التنظيف للألواح الشمسية في البيئات الصحراوية"),
        ],
        "members": [
            ("india-china-ttc", MemberRole.PILOT_SITE),
            ("asrt-egypt", MemberRole.PILOT_SITE),
            ("aastu", MemberRole.MANUFACTURER),
        ],
        "milestones": [(45, "First 10 village mini-grids", "1500000"), (200, "Local pack assembly line", "4000000")],
        "investor": True,
    },
]


def _investor(demo: DemoContext) -> Institution:
    fund = Institution.objects.filter(slug=INVESTOR["slug"]).first()
    if fund is None:
        fund = Institution.objects.create(
            slug=INVESTOR["slug"],
            kind=InstitutionKind.INVESTOR,
            country=INVESTOR["country"],
            source_language="en",
            is_verified=True,
            **{column("name", "en"): INVESTOR["name"], column("description", "en"): INVESTOR["description"]},
        )
        demo.created["institutions"] += 1
        profile = InvestorProfile.objects.create(
            institution=fund,
            stages=[ProjectStage.PILOT, ProjectStage.SCALE_UP],
            ticket_min=Decimal("500000"),
            ticket_max=Decimal("5000000"),
            currency="USD",
            countries=["CN", "IN", "AE", "ET", "BR"],
        )
        profile.fields.set(TechnologyField.objects.filter(slug__in=["renewable-energy", "information-technology"]))
    Membership.objects.get_or_create(
        user=demo.users[INVESTOR["member"]],
        institution=fund,
        defaults={"role": MembershipRole.MEMBER, "status": MembershipStatus.ACTIVE},
    )
    return fund


def _admin_of(institution: Institution):
    membership = (
        Membership.objects.filter(institution=institution, role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _project(demo: DemoContext, spec: dict, lead_user, lead: Institution) -> Project:
    achievements = [demo.achievements.get(key) for key in spec["achievements"]]
    achievements = [a for a in achievements if a is not None and a.state == ModerationState.PUBLISHED]
    members = [(demo.institutions[slug], role) for slug, role in spec["members"] if slug in demo.institutions]
    sought, committed, currency = spec["funding"]
    with refused(f"project {spec['title']!r}"):
        project = project_create(
            user=lead_user,
            institution=lead,
            data={
                "field": TechnologyField.objects.get(slug=spec["field"]),
                "source_language": "en",
                "stage": spec["stage"],
                "target_countries": spec["targets"],
                "sought": list(spec["sought"]),
                "funding_sought": Decimal(sought),
                "funding_committed": Decimal(committed),
                "funding_currency": currency,
            },
            texts={"title": spec["title"], "summary": spec["summary"], "use_of_funds": spec["use_of_funds"]},
            achievements=achievements,
            members=members,
            milestones=[
                {
                    "due_date": demo.today + timedelta(days=days),
                    "deliverable": text,
                    "budget": Decimal(budget) if budget else None,
                }
                for days, text, budget in spec["milestones"]
            ],
        )
        for inclusion in project.bundle.select_related("achievement"):
            if inclusion.confirmed_at is None:
                project_confirm_achievement(inclusion=inclusion, user=inclusion.achievement.owner)
        for member in project.members.select_related("institution"):
            admin = _admin_of(member.institution)
            if member.confirmed_at is None and admin is not None:
                project_confirm_member(member=member, user=admin)
        project_submit(project=project, user=lead_user)
        listing_moderate(listing=project, actor=demo.staff, action=ModerationAction.APPROVE)
    demo.created["projects"] += 1
    return project


def seed(demo: DemoContext) -> None:
    """Create the demo projects, the investor fund and its interest that do not exist yet."""
    lead_user, lead = demo.users[LEAD[0]], demo.institutions[LEAD[1]]
    fund = _investor(demo)
    projects = []
    for spec in PROJECTS:
        project = Project.objects.filter(**{column("title", "en"): spec["title"], "institution": lead}).first()
        if project is None:
            project = _project(demo, spec, lead_user, lead)
        if spec.get("investor") and not project.interests.filter(investor=fund).exists():
            with refused(f"interest in {spec['title']!r}"):
                interest_express(
                    project=project,
                    user=demo.users[INVESTOR["member"]],
                    investor=fund,
                    message="We invest in pilots of this size; could we see the pilot plan?",
                )
        demo.highlight("Projects", spec["title"], project.get_absolute_url())
        projects.append(project)
    _package_auction(demo, projects)


# The package auction: the first demo project whose achievements are all free (none on auction alone), English, in
# US dollars, opening in five days for a week.
PACKAGE_AUCTION = {"starting_price": "2500000", "min_increment": "50000", "starts_in_days": 5, "days": 7}


def _package_auction(demo: DemoContext, projects: list[Project]) -> None:
    if Auction.objects.filter(project__in=projects).exists():
        return
    project = next((p for p in projects if p.state == ModerationState.PUBLISHED and not package_refusal(p)), None)
    if project is None:
        return
    starts_at = timezone.now() + timedelta(days=PACKAGE_AUCTION["starts_in_days"])
    with refused(f"package auction of {project.title!r}"):
        auction = auction_create(
            lot=project,
            actor=demo.staff,
            spec=AuctionSpec(
                kind=AuctionKind.ENGLISH,
                currency="USD",
                starting_price=Decimal(PACKAGE_AUCTION["starting_price"]),
                min_increment=Decimal(PACKAGE_AUCTION["min_increment"]),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(days=PACKAGE_AUCTION["days"]),
                terms="The rights of every achievement in the package are transferred together to the winner.",
            ),
        )
    demo.created["auctions"] += 1
    demo.highlight("Competitive trading", f"Package: {project.title}", auction.get_absolute_url())
