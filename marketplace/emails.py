"""The one e-mail helper: templated, rendered in the reader's language, links on the public site address.

Links in e-mails are built from ``SITE_URL`` (the address people reach the site at, e.g. ``https://ttc.example.org``);
`make run` sets it to the port it serves on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """``path`` (``/en/...``) on the public site address."""
    return settings.SITE_URL.rstrip("/") + path


def send_templated_mail(
    *,
    to: list[str],
    language: str,
    template: str,
    context: dict,
    headers: dict | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render ``emails/<template>_subject.txt`` and ``_body.txt`` in ``language`` and send them to ``to`` (with
    ``(file name, content, MIME type)`` attachments)."""
    if not to:
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    EmailMessage(subject, body, None, to, headers=headers, attachments=attachments or None).send()
