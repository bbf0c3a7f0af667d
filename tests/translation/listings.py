"""Listings written the way users write them: through the services (which schedule translations on commit)."""

from __future__ import annotations

from achievements.services import achievement_create, achievement_update
from demands.services import demand_create
from tests.factories import tech_field, transfer_mode

ACHIEVEMENT_TEXTS = {
    "title": "Solar-powered water purification unit",
    "summary": "A compact unit that purifies 500 litres of river water per hour using only solar energy.",
    "description": "The unit combines a ceramic membrane with ultraviolet light.\n\nField tests ran for 18 months.",
    "keywords": "water, solar, membrane",
}


def write_achievement(owner, *, texts=None, language="en"):
    return achievement_create(
        owner=owner,
        data={"field": tech_field(), "trl": 6, "price_negotiable": True, "source_language": language},
        texts=texts or ACHIEVEMENT_TEXTS,
        transfer_modes=[transfer_mode("licensing")],
    )


def rewrite_achievement(achievement, user, *, language=None, **texts):
    achievement.refresh_from_db()  # as a page does: the edit starts from what is stored, translations included
    current = {name: achievement.text(name, achievement.source_language) for name in ACHIEVEMENT_TEXTS}
    data = {"source_language": language} if language else {}
    return achievement_update(achievement=achievement, user=user, data=data, texts={**current, **texts})


def write_demand(owner, *, title, description, language="en"):
    return demand_create(
        owner=owner,
        data={"field": tech_field("renewable-energy"), "source_language": language},
        texts={"title": title, "description": description},
        cooperation_modes=[transfer_mode("joint_development")],
    )
