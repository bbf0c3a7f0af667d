"""The staff commands: import_listings and export_listings."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from achievements.models import Achievement
from tests.bulk.conftest import achievement_row, csv_file
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_staff_import_then_export_round_trip(tto, tmp_path):
    staff = StaffFactory()
    path = tmp_path / "a.csv"
    path.write_bytes(csv_file([achievement_row("A-1"), achievement_row("A-2", trl="0")]).read())

    call_command(
        "import_listings",
        str(path),
        institution="tto",
        kind="achievements",
        language="en",
        user=staff.email,
        submit=True,
    )
    listing = Achievement.objects.get()
    assert (listing.external_id, listing.state, listing.institution) == ("A-1", "submitted", tto)

    output = tmp_path / "out.xlsx"
    call_command("export_listings", institution="tto", kind="achievements", fmt="xlsx", user=staff.email, output=output)
    assert output.stat().st_size > 0


def test_the_commands_need_a_staff_account(tto, tto_admin, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_listings", institution="tto", kind="achievements", user=tto_admin.email)
