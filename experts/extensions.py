"""What the experts app adds to the floor's pages: an institution's public experts and published courses on its page
(``marketplace.extensions``). Registered from ExpertsConfig.ready()."""

from __future__ import annotations

from experts.selectors import course_list, expert_list
from marketplace import extensions

SHOWN_EXPERTS = 6
SHOWN_COURSES = 4


def institution_experts(institution, request) -> tuple[str, dict] | None:
    experts = list(expert_list(filters={"institution": institution.pk})[:SHOWN_EXPERTS])
    courses = list(course_list(filters={"organiser": institution.pk}).order_by("-starts_on", "-id")[:SHOWN_COURSES])
    if not experts and not courses:
        return None
    return "experts/includes/institution_experts.html", {"experts": experts, "courses": courses}


def register() -> None:
    extensions.register_institution_section(institution_experts)
