"""Demo conversations (``manage.py seed_demo``): a Spanish-writing enterprise and an English-writing researcher with
a meeting accepted, a proposal to a demand, and an agreement that became a deal. Idempotent: a conversation that
exists (same requester and listing) is left as it is.

Messages are sent through the services; their translations ship as text here (like the demo's listing translations),
so the threads read the same on every machine, with or without a translation engine.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from achievements.models import Achievement
from demands.models import Demand
from marketplace.demo import DemoContext, refused
from marketplace.models import ModerationState
from negotiations.models import Conversation, Meeting, Message, MessageTranslation, TranslationState
from negotiations.services import (
    conversation_mark_read,
    conversation_start,
    meeting_decide,
    meeting_propose,
    message_post,
    outcome_set,
)
from translation.text import source_hash

# A demo author, not a login (the demo's people are in demo/people.py, which apps do not import).
LUCIA = {"email": "lucia.fernandez@demo.brics-ttc.org", "display_name": "Lucía Fernández", "country": "AR"}

# (author key, language, text, {reader language: translation}, hours ago)
INQUIRY = [
    (
        "lucia",
        "es",
        "Buenos días. Somos un fabricante de paneles para viviendas prefabricadas en Córdoba. Nos interesa licenciar "
        "esta tecnología para una línea de 2 millones de m² al año. ¿Podrían enviarnos los resultados de los ensayos "
        "de resistencia al fuego?",
        {
            "en": "Good morning. We are a panel manufacturer for prefabricated housing in Córdoba. We are interested "
            "in licensing this technology for a line of 2 million m² per year. Could you send us the fire-resistance "
            "test results?"
        },
        72,
    ),
    (
        "researcher",
        "en",
        "Thank you for your interest. The panels passed the GB 8624 B1 fire test; I attach nothing confidential here, "
        "but after you accept the NDA on the listing page the full report is in the dossier. Would a video call next "
        "week suit you?",
        {
            "es": "Gracias por su interés. Los paneles superaron el ensayo de fuego GB 8624 B1; no adjunto nada "
            "confidencial aquí, pero tras aceptar el NDA en la página del anuncio el informe completo está en el "
            "dossier. ¿Le vendría bien una videollamada la próxima semana?"
        },
        50,
    ),
    (
        "lucia",
        "es",
        "Perfecto, ya aceptamos el NDA. Les propongo dos horarios para la llamada.",
        {"en": "Perfect, we have accepted the NDA. I propose two times for the call."},
        30,
    ),
]
PROPOSAL = (
    "Our group at Southwest Forestry University has a bio-based composite process that could meet your requirements; "
    "we can adapt the resin system and run a pilot with your team within six months."
)
PROPOSAL_REPLY = "Thank you, this looks promising. Could you share the cost estimate per unit for a pilot of 500 units?"
AGREEMENT = [
    (
        "buyer",
        "zh-hans",
        "您好，我们希望获得该技术在西南地区的独家许可，用于地铁隧道衬砌板的生产。",
        {
            "en": "Hello, we would like an exclusive licence of this technology in Southwest China, to produce lining "
            "panels for metro tunnels."
        },
        240,
    ),
    (
        "researcher",
        "en",
        "We agree in principle. Our technology transfer office proposes CNY 800,000 for a five-year exclusive licence.",
        {"zh-hans": "我们原则上同意。我校技术转移办公室建议五年独家许可费为80万元人民币。"},
        200,
    ),
    (
        "buyer",
        "zh-hans",
        "同意该价格，请准备合同。",
        {"en": "We agree to this price; please prepare the contract."},
        180,
    ),
]


def _lucia():
    user = get_user_model().objects.filter(email=LUCIA["email"]).first()
    if user is None:
        user = get_user_model().objects.create_user(
            email=LUCIA["email"],
            password=None,  # a demo author, not a login
            display_name=LUCIA["display_name"],
            country=LUCIA["country"],
            preferred_language="es",
            role="enterprise",
        )
    return user


def _backdate(message: Message, hours: int) -> None:
    when = timezone.now() - timedelta(hours=hours)
    Message.objects.filter(pk=message.pk).update(created_at=when)
    Conversation.objects.filter(pk=message.conversation_id).update(last_message_at=when)


def _translations(message: Message, translations: dict[str, str]) -> None:
    for language, text in translations.items():
        MessageTranslation.objects.update_or_create(
            message=message,
            language=language,
            defaults={
                "text": text,
                "status": TranslationState.DONE,
                "provider": "demo",
                "source_hash": source_hash(message.body),
            },
        )


def _thread(conversation: Conversation, people: dict, lines: list) -> None:
    for index, (who, language, text, translations, hours) in enumerate(lines):
        if index == 0:
            message = conversation.messages.get()
        else:
            message, _created = message_post(conversation=conversation, user=people[who], body=text, language=language)
        _translations(message, translations)
        _backdate(message, hours)


def _exists(requester, **subject) -> bool:
    return Conversation.objects.filter(requester=requester, **subject).exists()


def seed(demo: DemoContext) -> None:
    """Create the demo conversations that do not exist yet (after trading's: an agreement records a deal)."""
    with refused("conversations"):
        _seed(demo)
    demo.highlight("Demo conversations", "Inbox (sign in as researcher@):", reverse("negotiations:inbox"))


def _seed(demo: DemoContext) -> None:
    researcher, enterprise, enterprise2 = (demo.users[key] for key in ("researcher", "enterprise", "enterprise2"))
    offers = list(Achievement.objects.filter(owner=researcher, state=ModerationState.PUBLISHED).order_by("pk")[:3])
    demand = Demand.objects.filter(owner=enterprise, state=ModerationState.PUBLISHED).order_by("pk").first()
    if len(offers) < 3 or demand is None:
        return
    lucia = _lucia()

    if not _exists(lucia, achievement=offers[0]):
        lucia_line = INQUIRY[0]
        conversation, _c = conversation_start(
            user=lucia,
            subject_type="achievement",
            subject_id=offers[0].pk,
            purpose="licence",
            body=lucia_line[2],
            language="es",
        )
        _thread(conversation, {"lucia": lucia, "researcher": researcher}, INQUIRY)
        start = (timezone.now() + timedelta(days=6)).replace(hour=14, minute=0, second=0, microsecond=0)
        meeting = meeting_propose(
            conversation=conversation,
            user=lucia,
            slots=[start, start + timedelta(days=1, hours=-1)],
            duration_minutes=45,
            link="https://meet.example.org/brics-ttc-bamboo-panels",
        )
        meeting_decide(meeting=Meeting.objects.get(pk=meeting.pk), user=researcher, accept=True, slot=0)
        demo.created["conversations"] += 1

    if not _exists(researcher, demand=demand):
        conversation, _c = conversation_start(
            user=researcher,
            subject_type="demand",
            subject_id=demand.pk,
            purpose="solution",
            body=PROPOSAL,
            language="en",
            offered_achievement_ids=[offers[1].pk],
        )
        _backdate(conversation.messages.get(), 26)
        message_post(conversation=conversation, user=enterprise, body=PROPOSAL_REPLY, language="en")
        demo.created["conversations"] += 1

    if not _exists(enterprise2, achievement=offers[2]):
        conversation, _c = conversation_start(
            user=enterprise2,
            subject_type="achievement",
            subject_id=offers[2].pk,
            purpose="licence",
            body=AGREEMENT[0][2],
            language="zh-hans",
        )
        _thread(conversation, {"buyer": enterprise2, "researcher": researcher}, AGREEMENT)
        outcome_set(
            conversation=conversation,
            user=researcher,
            state="agreed",
            price="800000",
            currency="CNY",
            note="Five-year exclusive licence, Southwest China.",
        )
        for person in (researcher, enterprise2):
            conversation_mark_read(conversation=conversation, user=person)
        demo.created["conversations"] += 1
