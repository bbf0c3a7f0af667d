"""The interface language: URL prefix first, then the signed-in user's preferred language, then ``Accept-Language``.

Django's ``LocaleMiddleware`` does the prefix, the language cookie and ``Accept-Language``; ``UserLanguageMiddleware``
(placed after ``AuthenticationMiddleware``) adds what depends on who is signed in:

- an unprefixed page URL (``/``, ``/achievements/``) of a signed-in user redirects to their preferred language's
  prefix (``LocaleMiddleware`` builds that redirect from the language active when the response leaves);
- signing in makes the preferred language the active one: the cookie is set and the post-login redirect is moved to
  the same page in that language;
- the language switcher (Django's ``set_language``) keeps the page, query string included, and a signed-in user's
  choice is saved as their preferred language.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, translate_url
from django.utils import translation

from accounts.services import user_preferred_language_set
from marketplace.i18n import reading

# The API picks its language from ``?lang=`` or ``Accept-Language`` (marketplace.api.LanguageMixin), never from the
# session user's preference: a script must get the same answer whoever it signs in as.
API_PREFIX = "/api/"
# Set on the requests this middleware handles, so that a login outside one (``Client.force_login`` in a test, a
# management command) does not switch the language of whatever thread it runs in.
HANDLED_ATTR = "_brics_user_language"
LOGIN_LANGUAGE_ATTR = "_brics_login_language"


def supported_language(code: str | None) -> str | None:
    """``code`` if it is one of the site's languages, else None."""
    return code if code and code in dict(settings.LANGUAGES) else None


def url_in_language(url: str, language: str) -> str:
    """``url`` (a page of ours, with any query string) in ``language``; other URLs come back unchanged.

    ``translate_url`` resolves the path with the *active* language's prefix, so a ``/en/...`` URL only resolves while
    English is active: resolve it in the language of its own prefix.
    """
    source = translation.get_language_from_path(urlsplit(url).path)
    if source is None or source == language:
        return url
    with translation.override(source):
        return translate_url(url, language)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="brics_ttc.middleware.activate_preferred_language")
def activate_preferred_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """On sign-in (allauth's form, e-mail confirmation, admin), switch the rest of the request to the user's language.

    Activating it now makes what the login view still renders (allauth's "signed in" message, the reversed
    LOGIN_REDIRECT_URL) come out in that language; the middleware then sets the cookie and moves the redirect.
    """
    language = supported_language(getattr(user, "preferred_language", None))
    if language is None or not getattr(request, HANDLED_ATTR, False):
        return
    setattr(request, LOGIN_LANGUAGE_ATTR, language)
    translation.activate(language)
    request.LANGUAGE_CODE = language


class UserLanguageMiddleware:
    """The signed-in user's part of picking the language (see the module docstring). After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, HANDLED_ATTR, True)
        switching = self._is_language_switch(request)
        if switching:
            self._activate_language_of_next(request)
        elif self._follows_preference(request):
            language = supported_language(request.user.preferred_language)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language

        user = getattr(request, "user", None)
        with reading(user.reading_languages if user is not None and user.is_authenticated else ()):
            response = self.get_response(request)

        login_language = getattr(request, LOGIN_LANGUAGE_ATTR, None)
        if login_language:
            set_language_cookie(response, login_language)
            if response.has_header("Location"):
                response["Location"] = url_in_language(response["Location"], login_language)
        elif switching and request.user.is_authenticated:
            cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
            chosen = supported_language(cookie.value if cookie else None)
            if chosen and chosen != request.user.preferred_language:
                user_preferred_language_set(user=request.user, language=chosen)
        return response

    @staticmethod
    def _is_language_switch(request: HttpRequest) -> bool:
        return request.method == "POST" and request.path_info == reverse("set_language")

    @staticmethod
    def _follows_preference(request: HttpRequest) -> bool:
        """An unprefixed URL other than the API's, requested by a signed-in user."""
        path = request.path_info
        if path.startswith(API_PREFIX) or translation.get_language_from_path(path):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

    @staticmethod
    def _activate_language_of_next(request: HttpRequest) -> None:
        """``set_language`` translates ``next`` with ``translate_url``, which resolves it with the active language's
        prefix: activate the language ``next`` is in, or a switch from ``/en/...`` by a browser whose
        ``Accept-Language`` (or preference) is another language would leave the user on the English page."""
        next_url = request.POST.get("next") or ""
        language = translation.get_language_from_path(urlsplit(next_url).path)
        if language:
            translation.activate(language)
