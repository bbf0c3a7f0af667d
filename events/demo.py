"""Demo data of the events app (``manage.py seed_demo`` calls ``seed``): the past annual cooperation meeting in
Kunming with its showcase of 15 innovations and the MOUs signed there, an upcoming roadshow, an upcoming online
session, and an upcoming B2B brokerage event with open registration where the demo enterprise and researcher are
registered and have one accepted meeting. Idempotent: an event that exists (by English title) is left alone.
Registrations and meetings go through the services, so the demo grid obeys the same rules as real ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from achievements.models import Achievement
from events.models import Event, EventKind, MeetingSlot, Mou, Registration, ShowcaseItem
from events.services import meeting_accept, meeting_request, registration_register, showcase_changed
from marketplace.demo import DemoContext, refused
from marketplace.i18n import column
from marketplace.models import Institution, ModerationState, TechnologyField

DOMAIN = "demo.brics-ttc.org"
ANNUAL_TITLE = "BRICS Technology Transfer Center Cooperation Meeting 2026"
BROKERAGE_TITLE = "BRICS B2B Technology Brokerage: Green Energy and New Materials"
ROADSHOW_TITLE = "Technology Roadshow: Low-Altitude Economy and Smart Agriculture"
ONLINE_TITLE = "Online Matchmaking Session: Biomedicine"

ANNUAL = {
    "en": {
        "title": ANNUAL_TITLE,
        "description": (
            "The annual meeting of the BRICS technology transfer network in Kunming: 95 participants from seven "
            "countries, 15 outstanding innovations pitched on stage, and memoranda of understanding signed between "
            "the center and member institutions."
        ),
        "agenda": (
            "Day 1, 09:00 Opening and keynote speeches\n"
            "Day 1, 10:30 Pitches of the 15 outstanding innovations\n"
            "Day 1, 14:00 MOU signing ceremony\n"
            "Day 2, 09:00 Round tables: biomedicine, low-altitude economy, renewable energy\n"
            "Day 2, 14:00 Site visits in Kunming"
        ),
    },
    "zh-hans": {
        "title": "2026年金砖国家技术转移中心合作交流会",
        "description": (
            "金砖国家技术转移网络在昆明举行的年度会议：来自七个国家的95位参会者，"
            "15项优秀创新成果现场路演，中心与成员机构签署合作备忘录。"
        ),
        "agenda": (
            "第一天 09:00 开幕式与主旨演讲\n第一天 10:30 "
            "15项优秀创新成果路演\n第一天 14:00 合作备忘录签约仪式\n第二天 09:00 "
            "圆桌会议：生物医药、低空经济、可再生能源\n第二天 14:00 昆明实地考察"
        ),
    },
}
BROKERAGE = {
    "en": {
        "title": BROKERAGE_TITLE,
        "description": (
            "Pre-arranged 1:1 meetings between technology owners and enterprises: publish your event profile, "
            "browse the participants, request meetings. Accepted meetings are scheduled into 20-minute slots at "
            "numbered tables."
        ),
        "agenda": (
            "09:00 Welcome and rules of the brokerage\n09:30 1:1 meetings (12 slots of 20 minutes)\n14:00 Networking"
        ),
    },
    "ru": {
        "title": "Биржа контактов БРИКС: зелёная энергетика и новые материалы",
        "description": "Заранее назначенные встречи один на один между владельцами технологий и предприятиями.",
    },
    "zh-hans": {"title": "金砖国家B2B技术对接会：绿色能源与新材料"},
}
ROADSHOW = {
    "en": {
        "title": ROADSHOW_TITLE,
        "description": (
            "Research teams from the network present drones, precision agriculture and sensing "
            "technologies to investors and enterprises."
        ),
        "agenda": "10:00 Welcome\n10:15 Eight technology pitches\n12:00 Meetings with investors",
    },
    "pt-br": {"title": "Roadshow de tecnologia: economia de baixa altitude e agricultura inteligente"},
}
ONLINE = {
    "en": {
        "title": ONLINE_TITLE,
        "description": (
            "A two-hour online session matching biomedical technologies from the network with enterprise demands."
        ),
    },
}


def _texts(spec: dict) -> dict:
    return {column(name, lang): text for lang, texts in spec.items() for name, text in texts.items()}


def _at(zone: str, day: datetime, hour: int, minute: int = 0) -> datetime:
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def _user(local: str):
    return get_user_model().objects.filter(email=f"{local}@{DOMAIN}").first()


def _institution(slug: str) -> Institution | None:
    return Institution.objects.filter(slug=slug).first()


def _event(title: str, **values) -> tuple[Event, bool]:
    existing = Event.objects.filter(title_en=title).first()
    if existing is not None:
        return existing, False
    fields = values.pop("field_slugs", [])
    event = Event.objects.create(**values)
    event.fields.set(TechnologyField.objects.filter(slug__in=fields))
    return event, True


def seed(demo: DemoContext) -> None:
    """Create the demo events that do not exist yet, and name them for ``seed_demo``'s summary."""
    today = demo.now.astimezone(ZoneInfo("Asia/Shanghai"))
    before = Event.objects.count()
    with refused("events"):
        annual = _annual(today - timedelta(days=45))
        roadshow = _event(
            ROADSHOW_TITLE,
            kind=EventKind.ROADSHOW,
            source_language="en",
            organiser=_institution("university-of-cape-town"),
            venue="Upper Campus, Graduate School of Business",
            city="Cape Town",
            country="ZA",
            time_zone="Africa/Johannesburg",
            starts_at=_at("Africa/Johannesburg", today + timedelta(days=30), 10),
            ends_at=_at("Africa/Johannesburg", today + timedelta(days=30), 16),
            capacity=120,
            registration_deadline=_at("Africa/Johannesburg", today + timedelta(days=27), 18),
            languages=["en", "pt-br"],
            field_slugs=["agriculture-forestry", "low-altitude-economy"],
            **_texts(ROADSHOW),
        )[0]
        _event(
            ONLINE_TITLE,
            kind=EventKind.ONLINE_SESSION,
            source_language="en",
            online_url="https://meet.example.org/brics-biomedicine",
            time_zone="Europe/Moscow",
            starts_at=_at("Europe/Moscow", today + timedelta(days=9), 15),
            ends_at=_at("Europe/Moscow", today + timedelta(days=9), 17),
            languages=["en", "ru"],
            field_slugs=["biomedicine"],
            **_texts(ONLINE),
        )
        brokerage = _brokerage(today + timedelta(days=14))
    showcase_changed()
    demo.created["events"] += Event.objects.count() - before
    heading = "Demo events"
    demo.highlight(heading, "Past annual meeting (showcase, MOUs):", annual.get_absolute_url())
    demo.highlight(
        heading,
        "B2B brokerage:",
        brokerage.get_absolute_url(),
        "enterprise@ and researcher@ registered, one accepted meeting on their agendas",
    )
    demo.highlight(heading, "Upcoming roadshow:", roadshow.get_absolute_url())


def _annual(day: datetime) -> Event:
    zone = "Asia/Shanghai"
    event, created = _event(
        ANNUAL_TITLE,
        kind=EventKind.ANNUAL_MEETING,
        source_language="en",
        organiser=None,
        venue="Kunming Dianchi International Convention and Exhibition Center",
        city="Kunming",
        country="CN",
        time_zone=zone,
        starts_at=_at(zone, day, 9),
        ends_at=_at(zone, day + timedelta(days=1), 17),
        capacity=95,
        languages=["zh-hans", "en", "ru", "pt-br"],
        field_slugs=["biomedicine", "low-altitude-economy", "renewable-energy"],
        **_texts(ANNUAL),
    )
    if not created:
        return event
    achievements = Achievement.objects.filter(state=ModerationState.PUBLISHED).order_by("pk")[:15]
    start = _at(zone, day, 10, 30)
    ShowcaseItem.objects.bulk_create(
        [
            ShowcaseItem(
                event=event,
                achievement=item,
                position=i + 1,
                pitch_starts_at=start + timedelta(minutes=8 * i),
                pitch_minutes=8,
            )
            for i, item in enumerate(achievements)
        ]
    )
    # People who took part (registered directly: the event is over, so the service would refuse them now).
    for local in ("researcher", "enterprise", "enterprise2", "institution-admin"):
        user = _user(local)
        if user is not None:
            Registration.objects.get_or_create(
                event=event, user=user, defaults={"status": "confirmed", "checked_in_at": event.starts_at}
            )
    signed = event.starts_at.date()
    for title, scope, center, slugs, fields in (
        (
            "Cooperation in technology transfer between the BRICS TTC and Yunnan University",
            (
                "Joint promotion of university achievements to enterprises in BRICS countries; shared "
                "training of technology managers."
            ),
            True,
            ["yunnan-university"],
            ["biomedicine"],
        ),
        (
            "Framework agreement on cross-border technology matchmaking (ITTN and Skolkovo Foundation)",
            (
                "Exchange of technology offers and demands, joint roadshows, mutual support for "
                "start-ups entering China and Russia."
            ),
            False,
            ["ittn", "skolkovo-foundation"],
            ["renewable-energy"],
        ),
        (
            "Memorandum on forestry and biodiversity technologies",
            (
                "Joint research and licensing of forestry technologies between Southwest Forestry "
                "University and the University of Cape Town."
            ),
            False,
            ["southwest-forestry-university", "university-of-cape-town"],
            ["agriculture-forestry"],
        ),
        (
            "Technology transfer partnership between the BRICS TTC and FORTEC",
            "Mutual listing of achievements and demands, and joint services for Brazilian and Chinese institutions.",
            True,
            ["fortec"],
            [],
        ),
    ):
        mou = Mou.objects.create(title=title, scope=scope, with_center=center, signed_on=signed, event=event)
        mou.parties.set(Institution.objects.filter(slug__in=slugs))
        mou.fields.set(TechnologyField.objects.filter(slug__in=fields))
    return event


def _brokerage(day: datetime) -> Event:
    zone = "Europe/Moscow"
    event, created = _event(
        BROKERAGE_TITLE,
        kind=EventKind.BROKERAGE,
        source_language="en",
        organiser=_institution("skolkovo-foundation"),
        venue="Skolkovo Technopark, Hall B",
        city="Moscow",
        country="RU",
        time_zone=zone,
        starts_at=_at(zone, day, 9),
        ends_at=_at(zone, day, 17),
        capacity=200,
        registration_deadline=_at(zone, day - timedelta(days=2), 18),
        languages=["en", "ru", "zh-hans"],
        meeting_tables=10,
        field_slugs=["renewable-energy", "new-materials"],
        **_texts(BROKERAGE),
    )
    if not created:
        return event
    first = _at(zone, day, 9, 30)
    MeetingSlot.objects.bulk_create(
        [
            MeetingSlot(
                event=event, starts_at=first + timedelta(minutes=20 * i), ends_at=first + timedelta(minutes=20 * i + 20)
            )
            for i in range(12)
        ]
    )
    profiles = {
        "researcher": {
            "organisation": "Southwest Forestry University",
            "position": "Associate professor",
            "interests": "biomass, new materials, licensing",
            "offers": "Bamboo-based composite materials and biomass energy processes ready for licensing.",
            "seeks": "Industrial partners for pilot production.",
        },
        "enterprise": {
            "organisation": "Index Technology",
            "position": "Head of innovation",
            "interests": "solar, storage, materials",
            "offers": "Manufacturing capacity and distribution in Southern Africa.",
            "seeks": "Licensable technologies for lightweight building materials and off-grid energy.",
        },
        "enterprise2": {
            "organisation": "CRCC High-Tech Equipment",
            "position": "Technology scout",
            "interests": "rail equipment, sensors, materials",
            "offers": "Test lines and co-development for rail and construction equipment.",
            "seeks": "Wear-resistant materials and condition-monitoring sensors.",
        },
        "institution-admin": {
            "organisation": "BRICS Technology Transfer Center (Kunming)",
            "position": "Technology manager",
            "interests": "matchmaking, services",
            "offers": "Brokerage and IP services across the network.",
            "seeks": "Achievements from Russian and Brazilian universities.",
        },
    }
    registered = {}
    for local, profile in profiles.items():
        user = _user(local)
        if user is not None:
            registered[local] = registration_register(event_id=event.pk, user=user, profile=profile).registration
    if "enterprise" in registered and "researcher" in registered:
        meeting = meeting_request(
            event_id=event.pk,
            user=registered["enterprise"].user,
            invitee_id=registered["researcher"].pk,
            message="We would like to discuss licensing your bamboo composites for our building products.",
        )
        meeting_accept(event_id=event.pk, meeting_id=meeting.pk, user=registered["researcher"].user)
    if "enterprise2" in registered and "researcher" in registered:
        meeting_request(
            event_id=event.pk,
            user=registered["enterprise2"].user,
            invitee_id=registered["researcher"].pk,
            message="Are your composites wear-resistant enough for rail interiors?",
        )
    return event
