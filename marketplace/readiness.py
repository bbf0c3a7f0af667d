"""Technology readiness levels (TRL 1-9): what an achievement declares and the range a demand requires."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

TRL_MIN, TRL_MAX = 1, 9

TRL_HELP = {
    1: _("Basic principles observed"),
    2: _("Technology concept formulated"),
    3: _("Experimental proof of concept"),
    4: _("Technology validated in lab"),
    5: _("Technology validated in relevant environment"),
    6: _("Technology demonstrated in relevant environment"),
    7: _("System prototype demonstrated in operational environment"),
    8: _("System complete and qualified"),
    9: _("Actual system proven in operational environment"),
}


def _trl_label(level: int, text: str) -> str:
    return _("TRL %(level)s: %(text)s") % {"level": level, "text": text}


# Built lazily: the label must be formatted in the reader's language, not in the one active at import time.
TRL_CHOICES = [(level, lazy(_trl_label, str)(level, text)) for level, text in TRL_HELP.items()]
