"""The reading fallback: the reader's language, their other languages, English, the original; always labelled."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.services import user_profile_update
from marketplace.i18n import fallback_order, reading
from tests.factories import AchievementFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def chinese_listing(**texts):
    values = {
        "title_en": "",
        "summary_en": "",
        "description_en": "",
        "keywords_en": "",
        "title_zh_hans": "钙钛矿太阳能电池",
        "summary_zh_hans": "高效钙钛矿电池。",
    }
    values.update(texts)
    return AchievementFactory(published=True, source_language="zh-hans", **values)


def test_fallback_order_puts_the_readers_languages_then_english_before_the_original():
    with reading(["ru", "fr", "xx"]):
        order = fallback_order("hi", "zh-hans")
    assert order[:5] == ("hi", "ru", "fr", "en", "zh-hans")
    assert fallback_order("hi", "zh-hans")[:3] == ("hi", "en", "zh-hans")


def test_a_reader_gets_english_before_the_original():
    listing = chinese_listing(title_en="Perovskite solar cells")
    assert listing.text_with_language("title", "hi") == ("Perovskite solar cells", "en")
    assert chinese_listing().text_with_language("title", "hi") == ("钙钛矿太阳能电池", "zh-hans")


def test_a_reader_gets_their_other_language_before_english():
    listing = chinese_listing(title_en="Perovskite solar cells", title_ru="Перовскитные солнечные элементы")
    with reading(["ru"]):
        assert listing.text_with_language("title", "hi") == ("Перовскитные солнечные элементы", "ru")


def test_the_page_shows_a_signed_in_readers_other_language_labelled(client):
    listing = chinese_listing(title_en="Perovskite solar cells", title_ru="Перовскитные солнечные элементы")
    reader = ResearcherFactory(preferred_language="hi", reading_languages=["ru"])
    client.force_login(reader)
    with translation.override("hi"):
        url = listing.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Перовскитные солнечные элементы" in page
    assert "translation-note-machine" in page  # labelled as a translation, not passed off as written
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "Perovskite solar cells" in anonymous


def test_the_api_uses_the_token_users_reading_languages(api_client):
    listing = chinese_listing(title_en="Perovskite solar cells", title_ru="Перовскитные солнечные элементы")
    reader = ResearcherFactory(reading_languages=["ru"])
    api_client.force_authenticate(reader)
    body = api_client.get(f"/api/v1/achievements/{listing.pk}/", {"lang": "hi"}).json()
    assert body["title"] == "Перовскитные солнечные элементы"


def test_profile_keeps_known_reading_languages_only():
    user = ResearcherFactory(preferred_language="hi")
    user_profile_update(
        user=user, display_name="R", country="IN", preferred_language="hi", reading_languages=["ru", "hi", "ru"]
    )
    user.refresh_from_db()
    assert user.reading_languages == ["ru"]
    with pytest.raises(Exception, match="Unknown language"):
        user_profile_update(
            user=user, display_name="R", country="IN", preferred_language="hi", reading_languages=["xx"]
        )


def test_profile_page_saves_reading_languages(client):
    user = ResearcherFactory(preferred_language="en")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Reader", "country": "BR", "preferred_language": "en", "reading_languages": ["pt-br", "es"]},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.reading_languages == ["pt-br", "es"]


def test_a_cached_api_list_follows_each_readers_other_languages(api_client):
    chinese_listing(title_en="Perovskite solar cells", title_ru="Перовскитные солнечные элементы")
    first = api_client.get("/api/v1/achievements/", {"lang": "hi"}).json()  # stored for readers of Hindi alone
    reader = ResearcherFactory(reading_languages=["ru"])
    api_client.force_authenticate(reader)

    second = api_client.get("/api/v1/achievements/", {"lang": "hi"}).json()

    assert first["results"][0]["title"] == "Perovskite solar cells"
    assert second["results"][0]["title"] == "Перовскитные солнечные элементы"


def test_a_cached_list_page_follows_each_signed_in_readers_other_languages(client):
    chinese_listing(title_en="Perovskite solar cells", title_ru="Перовскитные солнечные элементы")
    client.force_login(ResearcherFactory(preferred_language="hi"))
    first = client.get("/hi/achievements/").content.decode()  # its results fragment is stored
    client.force_login(ResearcherFactory(preferred_language="hi", reading_languages=["ru"]))

    second = client.get("/hi/achievements/").content.decode()

    assert "Perovskite solar cells" in first
    assert "Перовскитные солнечные элементы" in second
