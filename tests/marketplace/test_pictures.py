"""Pictures among listing attachments: decoded under a pixel limit, a WebP thumbnail made once at upload, the first
public one shown as the card's cover, all of them as a gallery on the page; confidential ones stay behind the NDA."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from achievements.models import AchievementAttachment
from marketplace.errors import UploadRejected
from marketplace.reads import bump_listings_version
from marketplace.uploads import check_upload
from tests.achievements.test_views import form_data
from tests.factories import AchievementFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def picture(
    name: str = "prototype.png", size=(1600, 1200), fmt: str = "PNG", exif_rotate: bool = False
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    if exif_rotate:
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: rotated 90° clockwise
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_picture_claiming_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1000 * 1000
    with pytest.raises(UploadRejected) as refused:
        check_upload(picture(size=(2000, 1000)))
    assert refused.value.code == "image_too_large"


def test_a_picture_that_does_not_decode_is_refused():
    truncated = picture().read()[:120]  # a real PNG signature and header, then nothing
    with pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile("broken.png", truncated, content_type="image/png"))
    assert refused.value.code == "image_unreadable"


def test_an_attached_picture_gets_an_upright_webp_thumbnail_and_documents_none(client):
    researcher = ResearcherFactory()
    client.force_login(researcher)
    pdf = SimpleUploadedFile(
        "spec.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    response = client.post(
        reverse("achievements:create"),
        form_data(attachments=[picture("photo.jpg", (1200, 600), "JPEG", exif_rotate=True), pdf]),
    )
    assert response.status_code == 302
    photo = AchievementAttachment.objects.get(original_name="photo.jpg")
    document = AchievementAttachment.objects.get(original_name="spec.pdf")
    assert not document.thumbnail
    with Image.open(photo.thumbnail.open("rb")) as thumb:
        assert thumb.format == "WEBP"
        assert thumb.size == (300, 600)  # turned upright (600 × 1200), then fitted into 800 × 600


def test_cards_show_the_first_public_picture_and_pages_a_gallery(client):
    researcher = ResearcherFactory()
    client.force_login(researcher)
    client.post(reverse("achievements:create"), form_data(attachments=[picture("rig.png"), picture("chart.png")]))
    attachment = AchievementAttachment.objects.order_by("id").first()
    achievement = attachment.achievement
    client.logout()
    AchievementFactory(published=True, title_en="Without pictures")
    type(achievement).objects.filter(pk=achievement.pk).update(state="published", published_at=achievement.created_at)
    bump_listings_version()  # a raw update (publishing without the moderation flow) bumps nothing by itself
    thumb_url = reverse("achievements:attachment_thumbnail", args=[attachment.pk])

    listing_html = client.get(reverse("achievements:list")).content.decode()
    home_html = client.get("/en/").content.decode()
    page_html = client.get(achievement.get_absolute_url()).content.decode()

    assert listing_html.count('class="listing-card-cover"') == 1 and thumb_url in listing_html
    assert thumb_url in home_html
    assert page_html.count("listing-gallery-item") == 2
    thumb = client.get(thumb_url)
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/webp"
    assert thumb["X-Content-Type-Options"] == "nosniff"


def test_a_draft_pictures_thumbnail_is_not_served_to_others(client):
    researcher = ResearcherFactory()
    client.force_login(researcher)
    client.post(reverse("achievements:create"), form_data(attachments=[picture("secret.png")]))
    attachment = AchievementAttachment.objects.get()
    url = reverse("achievements:attachment_thumbnail", args=[attachment.pk])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
