"""Demo experts and technology managers, and two courses with enrolments and an issued certificate.

Idempotent: experts are keyed by e-mail, courses by their English title. The people are fictional; the institutions
are the demo network's (demo/institutions.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from demands.models import Demand
from experts.models import Availability, Course, CourseFormat, CourseModule, Enrolment, Expert, ExpertAssignment
from experts.services import course_enrol, enrolment_record, expert_verify
from marketplace.demo import DemoContext, refused
from marketplace.models import Institution, ModerationState, TechnologyField
from trading.models import Deal, DealStatus

# (local part, name, country, institution slug, languages, countries, certifications, fields, availability, verified,
#  headline)
EXPERTS = [
    (
        "expert.liu",
        "Liu Jianguo",
        "CN",
        "brics-ttc-kunming",
        "zh-hans,en",
        ["CN", "LA", "MM"],
        "technology_manager",
        ["new-materials", "biomedicine"],
        Availability.AVAILABLE,
        True,
        "Registered technology manager; cross-border licensing between China and South-East Asia",
    ),
    (
        "expert.wu",
        "Wu Xiaomei",
        "CN",
        "ittn",
        "zh-hans,en,ru",
        ["CN", "RU"],
        "patent_agent,technology_manager",
        ["information-technology"],
        Availability.LIMITED,
        True,
        "Patent agent for software and telecommunications; PCT filings",
    ),
    (
        "expert.petrova",
        "Elena Petrova",
        "RU",
        "natt-russia",
        "ru,en",
        ["RU", "KZ", "UZ"],
        "rttp",
        ["new-materials"],
        Availability.AVAILABLE,
        True,
        "Technology transfer professional; university spin-offs and licensing",
    ),
    (
        "expert.ivanov",
        "Sergei Ivanov",
        "RU",
        "skolkovo-foundation",
        "ru,en",
        ["RU"],
        "asset_valuer",
        ["energy-saving-environment"],
        Availability.AVAILABLE,
        False,
        "Valuation of intangible assets for investment and auctions",
    ),
    (
        "expert.silva",
        "Mariana Silva",
        "BR",
        "fortec",
        "pt-br,es,en",
        ["BR", "AR"],
        "technology_manager",
        ["agriculture-forestry"],
        Availability.AVAILABLE,
        True,
        "Technology manager for agritech and bioeconomy partnerships",
    ),
    (
        "expert.costa",
        "João Costa",
        "BR",
        "universidade-de-sao-paulo",
        "pt-br,en",
        ["BR"],
        "lawyer",
        ["biomedicine"],
        Availability.UNAVAILABLE,
        False,
        "Lawyer for licence agreements and research contracts",
    ),
    (
        "expert.mehta",
        "Kavita Mehta",
        "IN",
        "trinaya-legal",
        "en,hi",
        ["IN", "AE"],
        "patent_attorney",
        ["biomedicine", "information-technology"],
        Availability.AVAILABLE,
        True,
        "Patent attorney: prosecution, freedom-to-operate and oppositions",
    ),
    (
        "expert.rao",
        "Vikram Rao",
        "IN",
        "venture-center",
        "en,hi",
        ["IN"],
        "technology_manager",
        ["renewable-energy"],
        Availability.LIMITED,
        False,
        "Incubation manager; matching deep-tech start-ups with investors",
    ),
    (
        "expert.nkosi",
        "Sipho Nkosi",
        "ZA",
        "university-of-cape-town",
        "en,sw",
        ["ZA", "KE", "ET"],
        "rttp",
        ["renewable-energy", "agriculture-forestry"],
        Availability.AVAILABLE,
        True,
        "Technology transfer officer; licensing across southern and eastern Africa",
    ),
    (
        "expert.hassan",
        "Amira Hassan",
        "EG",
        "asrt-egypt",
        "ar,en,fr",
        ["EG", "AE"],
        "asset_valuer",
        ["new-materials"],
        Availability.AVAILABLE,
        False,
        "Technology valuation and commercialisation strategy for public research",
    ),
    (
        "expert.karimi",
        "Reza Karimi",
        "IR",
        "sharif-university-of-technology",
        "fa,en",
        ["IR"],
        "technology_manager",
        ["information-technology"],
        Availability.LIMITED,
        False,
        "Technology manager for electronics and industrial software",
    ),
    (
        "expert.santoso",
        "Dewi Santoso",
        "ID",
        "institut-teknologi-bandung",
        "id,ms,en",
        ["ID", "MY"],
        "patent_agent",
        ["energy-saving-environment"],
        Availability.AVAILABLE,
        False,
        "Patent agent and IP manager for university inventions",
    ),
]

COURSES = [
    {
        "title": "Certified technology manager: licensing, valuation and negotiation",
        "summary": "A scheduled course for technology managers of the network: from invention disclosure to a signed "
        "licence, with a valuation workshop and a negotiation role-play.",
        "organiser": "brics-ttc-kunming",
        "language": "en",
        "format": CourseFormat.SCHEDULED,
        "starts_in_days": -20,
        "weeks": 6,
        "capacity": 40,
        "hours": 36,
        "modules": [
            ("Technology transfer in the BRICS network", "Actors, instruments and the role of TT offices."),
            ("IP strategy and patent landscapes", "Reading claims, freedom to operate, filing routes."),
            ("Valuing a technology", "Cost, market and income approaches; a worked valuation."),
            ("Licence agreements", "Key clauses, royalties, milestones, governing law."),
            ("Negotiation workshop", "Role-play of a cross-border licence negotiation."),
            ("From deal to market", "Deal follow-up, reporting and indicators."),
        ],
    },
    {
        "title": "IP basics for researchers (self-paced)",
        "summary": "Self-paced materials for researchers who want to protect and transfer their results: novelty, "
        "disclosure, patents versus know-how, and working with the technology transfer office.",
        "organiser": "natt-russia",
        "language": "en",
        "format": CourseFormat.SELF_PACED,
        "capacity": 500,
        "hours": 8,
        "modules": [
            ("Is it new? Novelty and prior art", "Searching patent databases before publishing."),
            ("Patent, utility model or know-how?", "Choosing the right protection."),
            ("Working with your TT office", "Disclosure, ownership and revenue sharing."),
        ],
    },
]


def seed(demo: DemoContext) -> None:
    """Create the demo experts (with their assignments) and courses that do not exist yet."""
    staff, created = demo.staff, demo.created
    domain = staff.email.partition("@")[2]
    user_model = get_user_model()
    fields = {f.slug: f for f in TechnologyField.objects.all()}
    institutions = {i.slug: i for i in Institution.objects.all()}
    experts = []
    for (
        local,
        name,
        country,
        slug,
        languages,
        countries,
        certs,
        field_slugs,
        availability,
        verified,
        headline,
    ) in EXPERTS:
        email = f"{local}@{domain}"
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model(email=email, display_name=name, role="researcher", country=country)
            user.set_unusable_password()
            user.save()
        expert = Expert.objects.filter(user=user).first()
        if expert is None:
            expert = Expert.objects.create(
                user=user,
                headline=headline,
                headline_en=headline,
                source_language="en",
                institution=institutions.get(slug),
                languages=languages,
                countries=countries,
                certifications=certs,
                availability=availability,
            )
            expert.fields.set([fields[s] for s in field_slugs if s in fields])
            if verified:
                expert_verify(expert=expert, actor=staff)
            created["experts"] += 1
        experts.append(expert)
    _assignments(experts, staff, created)
    for spec in COURSES:
        with refused(f"course “{spec['title']}”"):
            _course(spec, institutions, demo)
    course = Course.objects.filter(title_en=COURSES[0]["title"]).first()
    if course is not None:
        demo.highlight("Service hub", "Experts:", "/en/experts/")
        demo.highlight("Service hub", "A course with an issued certificate:", course.get_absolute_url())


def _assignments(experts: list[Expert], staff, created) -> None:
    deal = Deal.objects.filter(status__in=(DealStatus.SIGNED, DealStatus.COMPLETED)).order_by("pk").first()
    if deal is not None and not ExpertAssignment.objects.filter(deal=deal).exists():
        ExpertAssignment.objects.create(expert=experts[0], deal=deal, assigned_by=staff, note="Negotiation support")
        created["expert assignments"] += 1
    demand = Demand.objects.filter(state=ModerationState.PUBLISHED).order_by("pk").first()
    if demand is not None and not ExpertAssignment.objects.filter(demand=demand).exists():
        ExpertAssignment.objects.create(expert=experts[2], demand=demand, assigned_by=staff, note="Scouting")
        created["expert assignments"] += 1


def _course(spec: dict, institutions: dict, demo: DemoContext) -> None:
    if Course.objects.filter(title_en=spec["title"]).exists():
        return
    staff, today = demo.staff, demo.today
    starts = today + timedelta(days=spec["starts_in_days"]) if "starts_in_days" in spec else None
    organiser = institutions[spec["organiser"]]
    course = Course.objects.create(
        organiser=organiser,
        created_by=staff,
        title=spec["title"],
        title_en=spec["title"],
        summary=spec["summary"],
        summary_en=spec["summary"],
        source_language="en",
        language=spec["language"],
        format=spec["format"],
        starts_on=starts,
        ends_on=starts + timedelta(weeks=spec["weeks"]) if starts else None,
        capacity=spec["capacity"],
        hours=spec["hours"],
        is_published=True,
    )
    for position, (title, description) in enumerate(spec["modules"], start=1):
        session = demo.now + timedelta(days=spec["starts_in_days"] + 7 * (position - 1)) if starts else None
        CourseModule.objects.create(
            course=course, position=position, title=title, description=description, session_at=session
        )
    demo.created["courses"] += 1
    for local in ("researcher", "enterprise", "enterprise2"):
        course_enrol(course=course, user=demo.users[local])
    if starts is not None:
        # The demo researcher completed the scheduled course: their certificate is issued and checkable.
        enrolment = Enrolment.objects.get(course=course, user=demo.users["researcher"])
        enrolment_record(enrolment=enrolment, actor=staff, sessions_attended=len(spec["modules"]), completed=True)
