from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import AchievementFactory


@pytest.mark.django_db
def test_the_trl_label_of_a_detail_page_is_in_the_readers_language(client):
    achievement = AchievementFactory(published=True, trl=5)
    with translation.override("es"):
        expected = str(achievement.get_trl_display())

    response = client.get(f"/es/achievements/{achievement.pk}/")

    assert expected != "TRL 5: Technology validated in relevant environment"
    assert expected in response.content.decode()
