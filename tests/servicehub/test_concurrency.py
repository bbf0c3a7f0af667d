"""Two accepts (or an accept and a decline) racing on PostgreSQL: the request row lock lets exactly one through, and
two people taking a course's last place: exactly one gets it.

Runs under `make test-services` (DATABASE_URL=postgres://...); skipped with the reason on the embedded SQLite, which
takes one writer at a time and so cannot show a race. Without the ``select_for_update`` in
``services.services.requests._locked`` the first test records two decisions (two "accepted" events).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from experts.models import Enrolment
from experts.services import course_enrol
from marketplace.errors import MarketplaceError
from services.models import RequestState, ServiceRequest
from services.services.requests import service_request_decide, service_request_quote
from tests.factories import CourseFactory, ResearcherFactory, ServiceRequestFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
RACERS = 8


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: set DATABASE_URL=postgres://... (make test-services)")


def _race(work, count: int) -> tuple[int, list[str], list[BaseException]]:
    barrier = threading.Barrier(count)
    done, refused, errors = [], [], []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
            with lock:
                done.append(index)
        except MarketplaceError as exc:
            with lock:
                refused.append(exc.code)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(done), refused, errors


def test_accept_and_decline_clicked_at_once_record_exactly_one_decision(postgres):
    request = ServiceRequestFactory()
    service_request_quote(
        request=request,
        user=request.service.owner,
        amount=Decimal("900.00"),
        currency="USD",
        delivery_date=timezone.localdate() + timedelta(days=5),
    )

    def decide(index: int) -> None:
        fresh = ServiceRequest.objects.get(pk=request.pk)  # every racer read "quoted" before anyone decided
        service_request_decide(request=fresh, user=request.requester, accept=index % 2 == 0)

    done, refused, errors = _race(decide, RACERS)
    assert errors == []
    assert done == 1 and refused == ["invalid_state"] * (RACERS - 1)
    request.refresh_from_db()
    assert request.state in (RequestState.ACCEPTED, RequestState.DECLINED)
    assert request.events.filter(from_state=RequestState.QUOTED).count() == 1


def test_the_last_place_of_a_course_goes_to_one_person(postgres):
    course = CourseFactory(capacity=1)
    people = [ResearcherFactory() for _ in range(RACERS)]
    done, refused, errors = _race(lambda index: course_enrol(course=course, user=people[index]), RACERS)
    assert errors == []
    assert done == 1 and refused == ["course_full"] * (RACERS - 1)
    assert Enrolment.objects.filter(course=course).count() == 1
