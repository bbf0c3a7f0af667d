"""The staff's annual report: the year's indicators and the center's workload, printable in any language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_staff_read_the_year_in_any_language(refreshed, admin_client, lang):
    response = admin_client.get(f"/{lang}/indicators/report/2024/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') >= 10
    assert "data.csv?year_from=2024&amp;year_to=2024" in html
    published = html.split('id="listings_published"')[1].split("</article>")[0]
    assert ">2024<" in published and ">2025<" not in published


def test_the_report_counts_moderation_decisions_of_the_year(refreshed, admin_client):
    from django.contrib.contenttypes.models import ContentType

    from marketplace.models import ModerationEvent

    achievement = refreshed["a1"]
    ModerationEvent.objects.create(
        content_type=ContentType.objects.get_for_model(achievement),
        object_id=achievement.pk,
        action="approve",
        from_state="submitted",
        to_state="published",
    )
    from django.utils import timezone

    html = admin_client.get(f"/en/indicators/report/{timezone.now().year}/").content.decode()
    row = html.split("Approved and published")[1].split("</tr>")[0]
    assert ">1<" in row


def test_only_staff_read_the_report(refreshed, client, researcher):
    assert client.get("/en/indicators/report/2024/").status_code == 302
    client.force_login(researcher)
    assert client.get("/en/indicators/report/2024/").status_code == 302
    assert "Annual report" not in client.get("/en/indicators/").content.decode()


def test_a_year_out_of_range_is_not_found(admin_client, db):
    assert admin_client.get("/en/indicators/report/1200/").status_code == 404
