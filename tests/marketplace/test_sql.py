"""fetch_instances: model instances from a fixed SQL statement, the same as the ORM loads them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from marketplace.sql import fetch_instances
from tests.factories import AuctionFactory
from trading.models import Auction

pytestmark = pytest.mark.django_db

TABLE = connection.ops.quote_name(Auction._meta.db_table)


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in Auction._meta.concrete_fields}


def test_rows_load_as_the_orm_loads_them_every_field_type():
    auction = AuctionFactory(
        increment_ladder=[{"from": "0", "step": "50"}, {"from": "5000", "step": "100"}],
        soft_close_window=timedelta(minutes=5),
        soft_close_extension=timedelta(minutes=2),
        reserve_price=Decimal("1234.56"),
    )
    (fetched,) = fetch_instances(Auction, f"SELECT * FROM {TABLE} WHERE id = %s", [auction.pk])  # noqa: S608
    expected = Auction.objects.get(pk=auction.pk)
    assert _fields(fetched) == _fields(expected)
    assert isinstance(fetched.reserve_price, Decimal) and isinstance(fetched.increment_ladder, list)
    assert fetched.ends_at.tzinfo is not None
    assert fetched._state.adding is False and fetched._state.db == "default"


def test_columns_in_another_order_fill_the_right_fields_and_extra_columns_become_attributes():
    auction = AuctionFactory(currency="EUR")
    (fetched,) = fetch_instances(
        Auction,
        f"SELECT currency, 41 + 1 AS answer, starting_price, id FROM {TABLE} WHERE id = %s",  # noqa: S608
        [auction.pk],
    )
    assert (fetched.pk, fetched.currency, fetched.starting_price, fetched.answer) == (
        auction.pk,
        "EUR",
        Decimal("1000.00"),
        42,
    )
    # Fields the statement did not select are deferred: they load when first used.
    assert fetched.get_deferred_fields() >= {"ends_at", "kind"}
    assert fetched.kind == "english"


def test_a_statement_without_the_primary_key_is_refused():
    AuctionFactory()
    with pytest.raises(ValueError, match="primary key"):
        fetch_instances(Auction, f"SELECT currency FROM {TABLE}", [])  # noqa: S608


def test_no_rows_is_an_empty_list():
    assert fetch_instances(Auction, f"SELECT * FROM {TABLE} WHERE id = %s", [987654]) == []  # noqa: S608
