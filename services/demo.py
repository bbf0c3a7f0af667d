"""Demo services of the one-stop hub and service requests in every state, loaded through the services (moderation,
state machine) like real use. Idempotent: services are keyed by provider and English title, requests by requester
and message. Several providers are real intermediaries of the network: their services are described generically.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.models import Achievement
from experts.models import Expert
from marketplace.demo import DemoContext, refused
from marketplace.models import Institution, ModerationAction
from marketplace.pdf import one_page_pdf
from services.models import RequestState, Service, ServiceRequest
from services.services.catalogue import rating_moderate, service_create, service_moderate, service_submit
from services.services.requests import (
    service_request_cancel,
    service_request_confirm,
    service_request_create,
    service_request_decide,
    service_request_deliver,
    service_request_quote,
    service_request_rate,
)

# (provider slug, category, title, description, countries served, languages, days, price kind, amount, currency)
SERVICES = [
    (
        "brics-ttc-kunming",
        "valuation",
        "Patent valuation before licensing or auction",
        "An independent valuation report for a patent or patent family: market, cost and income approaches, a value "
        "range and the assumptions behind it. Useful before setting a reserve price at an auction or negotiating a "
        "licence.",
        ["CN", "LA", "MM", "TH", "VN"],
        "zh-hans,en",
        20,
        "from",
        "15000",
        "CNY",
    ),
    (
        "brics-ttc-kunming",
        "ip_registration",
        "Patent search and patentability opinion",
        "Prior-art search in Chinese and international databases with a written patentability opinion and filing "
        "recommendations.",
        ["CN", "RU", "IN", "BR", "ZA"],
        "zh-hans,en,ru",
        10,
        "fixed",
        "6000",
        "CNY",
    ),
    (
        "brics-ttc-kunming",
        "training",
        "In-house training for technology managers",
        "A two-day workshop for TT offices on disclosure, valuation and licence negotiation.",
        ["CN"],
        "zh-hans,en",
        30,
        "on_quote",
        None,
        "",
    ),
    (
        "ittn",
        "data",
        "Technology and patent landscape report",
        "A landscape of patents, players and trends in a technology field, with maps of who licenses to whom.",
        ["CN", "RU", "BR", "IN", "ZA"],
        "zh-hans,en",
        25,
        "from",
        "3000",
        "USD",
    ),
    (
        "ittn",
        "financing",
        "Investor matching for technology projects",
        "Introductions to investment funds and industrial partners for projects with a working prototype.",
        ["CN"],
        "zh-hans,en",
        45,
        "on_quote",
        None,
        "",
    ),
    (
        "trinaya-legal",
        "legal",
        "Licence and technology transfer agreements",
        "Drafting and review of licence, assignment and research agreements, including cross-border terms.",
        ["IN", "AE", "ZA"],
        "en,hi",
        14,
        "from",
        "1500",
        "USD",
    ),
    (
        "trinaya-legal",
        "ip_management",
        "IP portfolio audit",
        "A review of an institution's patents and know-how: what to keep, license, abandon or file abroad.",
        ["IN"],
        "en,hi",
        21,
        "fixed",
        "120000",
        "INR",
    ),
    (
        "venture-center",
        "testing",
        "Prototype testing and technical due diligence",
        "Laboratory tests and an engineering assessment of a prototype against its claimed performance.",
        ["IN"],
        "en,hi",
        30,
        "on_quote",
        None,
        "",
    ),
    (
        "fortec",
        "market_research",
        "Market study for a technology in Latin America",
        "Market size, competitors, regulation and potential licensees for a technology in Brazil and neighbouring "
        "countries.",
        ["BR", "AR", "CL"],
        "pt-br,es,en",
        30,
        "from",
        "20000",
        "BRL",
    ),
    (
        "fortec",
        "translation",
        "Technical translation of patents and dossiers",
        "Translation of patents, technical dossiers and contracts between Portuguese, Spanish, English and Chinese, by "
        "translators with an engineering background.",
        ["BR", "CN"],
        "pt-br,es,en,zh-hans",
        7,
        "from",
        "0.15",
        "USD",
    ),
    (
        "natt-russia",
        "ip_management",
        "Commercialisation strategy for university IP",
        "A commercialisation plan for a university invention: protection, target licensees, pricing and timeline.",
        ["RU", "KZ", "UZ"],
        "ru,en",
        30,
        "on_quote",
        None,
        "",
    ),
    (
        "skolkovo-foundation",
        "pilot_production",
        "Pilot production and scale-up support",
        "Access to pilot lines and engineering partners for small series and scale-up trials.",
        ["RU"],
        "ru,en",
        60,
        "on_quote",
        None,
        "",
    ),
    (
        "index-technology",
        "testing",
        "Field testing of energy equipment",
        "Field trials of solar, storage and energy-saving equipment in hot and dusty climates, with a test report.",
        ["ZA", "ET", "EG"],
        "en",
        45,
        "from",
        "90000",
        "ZAR",
    ),
    (
        "index-technology",
        "financing",
        "Grant and co-investment applications",
        "Preparing applications to innovation grants and co-investment programmes.",
        ["ZA"],
        "en",
        20,
        "fixed",
        "25000",
        "ZAR",
    ),
]
PENDING_SERVICE = (
    "venture-center",
    "market_research",
    "Market entry study for India",
    "Market entry study for foreign technologies in India: demand, partners and regulation.",
    ["IN"],
    "en",
    30,
    "on_quote",
    None,
    "",
)

VALUATION_MESSAGE = "Please value our patent on bamboo-fibre composite boards before it goes to auction."


def seed(demo: DemoContext) -> None:
    """Create the demo services and service requests that do not exist yet (after experts/demo.py)."""
    services = [_service(spec, demo) for spec in SERVICES]
    _service(PENDING_SERVICE, demo, publish=False)
    _requests(demo, services)
    rated = ServiceRequest.objects.filter(message=VALUATION_MESSAGE).first()
    demo.highlight("Service hub", "Services:", "/en/services/")
    if rated is not None:
        demo.highlight(
            "Service hub",
            "A delivered and rated valuation:",
            rated.get_absolute_url(),
            "sign in as researcher@ or institution-admin@ (the two sides)",
        )


def _service(spec: tuple, demo: DemoContext, *, publish: bool = True) -> Service:
    slug, title = spec[0], spec[2]
    provider, staff = demo.institutions[slug], demo.staff
    service = Service.objects.filter(institution=provider, title_en=title).first()
    if service is not None:
        return service
    admin = provider.memberships.filter(role="admin", status="active").select_related("user").first()
    with refused(f"service “{title}”"):
        service = _publish(provider, admin.user if admin else staff, spec, staff, publish)
    demo.created["services"] += 1
    return service


def _publish(provider: Institution, owner, spec: tuple, staff, publish: bool) -> Service:
    _slug, category, title, description, countries, languages, days, kind, amount, currency = spec
    service = service_create(
        owner=owner,
        institution=provider,
        data={
            "category": category,
            "countries_served": countries,
            "languages": languages,
            "delivery_days": days,
            "price_kind": kind,
            "price_amount": Decimal(amount) if amount else None,
            "price_currency": currency,
            "source_language": "en",
        },
        title=title,
        description=description,
    )
    service_submit(service=service, user=service.owner)
    if publish:
        service_moderate(service=service, actor=staff, action=ModerationAction.APPROVE)
    return service


def _requests(demo: DemoContext, services: list[Service]) -> None:
    """One request in each state, most of them to the Kunming center's services (its demo admin acts for it)."""
    researcher, enterprise, enterprise2 = demo.users["researcher"], demo.users["enterprise"], demo.users["enterprise2"]
    valuation, search, training = services[0], services[1], services[2]
    achievement = Achievement.objects.filter(owner=researcher).order_by("pk").first()
    plans = [
        # (requester, service, message, final state)
        (researcher, valuation, VALUATION_MESSAGE, RequestState.RATED),
        (
            enterprise,
            search,
            "Prior-art search for a passive cooling design of solar inverters.",
            RequestState.REQUESTED,
        ),
        (enterprise2, search, "Patentability opinion on a rail-fastening clip.", RequestState.QUOTED),
        (enterprise, valuation, "Valuation of a licence to a drone-inspection system.", RequestState.ACCEPTED),
        (enterprise2, training, "Two-day training for our new IP team in Kunming.", RequestState.DECLINED),
        (enterprise2, valuation, "Valuation of our software copyright portfolio.", RequestState.DELIVERED),
        (enterprise, training, "Training on licence negotiation for five engineers.", RequestState.CONFIRMED),
        (researcher, search, "Search for a soy-protein adhesive before filing abroad.", RequestState.CANCELLED),
    ]
    for requester, service, message, final in plans:
        if ServiceRequest.objects.filter(requester=requester, message=message).exists():
            continue
        with refused(f"service request “{message}”"):
            _walk(demo, requester, service, message, final, achievement if message == VALUATION_MESSAGE else None)
        demo.created["service requests"] += 1
    # A request to the center, waiting for staff to route it, and one consultation with an expert.
    center_message = "We need a partner to test our water purification membrane at pilot scale."
    if not ServiceRequest.objects.filter(requester=enterprise, message=center_message).exists():
        service_request_create(requester=enterprise, category="testing", message=center_message)
        demo.created["service requests"] += 1
    consult = "Could you advise on licensing terms for our forestry drone in Laos?"
    expert = Expert.objects.filter(user__email=f"expert.liu@{demo.staff.email.partition('@')[2]}").first()
    if expert is not None and not ServiceRequest.objects.filter(requester=researcher, message=consult).exists():
        service_request_create(requester=researcher, expert=expert, message=consult)
        demo.created["service requests"] += 1


# How far each final state goes along the way (declined and cancelled leave it early).
STEPS = (RequestState.QUOTED, RequestState.ACCEPTED, RequestState.DELIVERED, RequestState.CONFIRMED, RequestState.RATED)


def _walk(demo: DemoContext, requester, service: Service, message: str, final: str, achievement) -> None:
    """Create one request and move it, as its two sides would, to ``final``."""
    provider_admin = demo.users["institution-admin"]
    request = service_request_create(requester=requester, service=service, message=message, achievement=achievement)
    if final == RequestState.CANCELLED:
        service_request_cancel(request=request, user=requester)
        return
    if final == RequestState.REQUESTED:
        return
    service_request_quote(
        request=request,
        user=provider_admin,
        amount=Decimal("18000.00"),
        currency="CNY",
        delivery_date=demo.today + timedelta(days=21),
        terms="Half on acceptance, half on delivery. The report stays confidential to the requester.",
    )
    if final == RequestState.DECLINED:
        service_request_decide(request=request, user=requester, accept=False)
        return
    reached = STEPS.index(final)
    if reached >= STEPS.index(RequestState.ACCEPTED):
        service_request_decide(request=request, user=requester, accept=True)
    if reached >= STEPS.index(RequestState.DELIVERED):
        report = one_page_pdf("Valuation report (demo)", ["Value range: CNY 1.8-2.4 million", "Method: income"])
        upload = SimpleUploadedFile("valuation-report.pdf", report, "application/pdf")
        service_request_deliver(request=request, user=provider_admin, files=[upload], note="The report is attached.")
    if final == RequestState.CONFIRMED:
        service_request_confirm(request=request, user=requester)
    if final == RequestState.RATED:
        service_request_rate(
            request=request, user=requester, rating=5, comment="Clear report, delivered ahead of the auction."
        )
        rating_moderate(request=request, actor=demo.staff, publish=True)
