"""The negotiations app's reactions to what the apps below it announce."""

from __future__ import annotations

from negotiations.services import project_interest_conversation


def interest_expressed(*, sender, interest, user, message: str = "", **kwargs):
    """An investor expressed interest in a project: it lands in a conversation with the project's side."""
    return project_interest_conversation(interest=interest, user=user, message=message)
