"""The scheduler alone (no database): never two meetings for a person or a table in one slot, never in an unavailable
slot, fixed meetings untouched, and a high placement rate on a realistic brokerage."""

from __future__ import annotations

import random
from collections import Counter

from events.scheduling import Grid, schedule


def _check(grid: Grid, meetings, placed):
    pairs = {m: (a, b) for m, a, b in meetings}
    people = Counter()
    tables = Counter()
    for meeting, (slot, table) in placed.items():
        a, b = pairs[meeting]
        people[(a, slot)] += 1
        people[(b, slot)] += 1
        tables[(slot, table)] += 1
        assert slot not in grid.unavailable.get(a, set()) and slot not in grid.unavailable.get(b, set())
        assert 1 <= table <= grid.tables
    assert max(people.values(), default=0) <= 1
    assert max(tables.values(), default=0) <= 1


def test_a_person_never_has_two_meetings_in_one_slot():
    grid = Grid(slots=[1, 2], tables=10)
    meetings = [(1, 100, 200), (2, 100, 300), (3, 100, 400)]
    placed = schedule(grid, meetings)
    _check(grid, meetings, placed)
    assert len(placed) == 2  # 100 has only two slots


def test_tables_limit_each_slot():
    grid = Grid(slots=[1], tables=2)
    meetings = [(i, 2 * i, 2 * i + 1) for i in range(5)]
    placed = schedule(grid, meetings)
    _check(grid, meetings, placed)
    assert len(placed) == 2


def test_meetings_already_on_agendas_stay_and_block():
    grid = Grid(slots=[1, 2], tables=5)
    grid.book(99, 100, 200, 1, 1)
    placed = schedule(grid, [(1, 100, 300)])
    assert placed == {1: (2, 1)}


def test_the_repair_pass_moves_a_blocking_meeting():
    # Greedy would put (a,b) in slot 1 first; then (a,c) with c only free in slot 1 fits only if (a,b) moves to 2.
    grid = Grid(slots=[1, 2], tables=5, unavailable={3: {2}})
    meetings = [(1, 1, 2), (2, 1, 3)]
    placed = schedule(grid, meetings)
    _check(grid, meetings, placed)
    assert len(placed) == 2


def test_random_brokerages_respect_every_rule_and_place_almost_everything():
    rng = random.Random(7)
    for _round in range(5):
        people, slots = 120, 12
        grid = Grid(slots=list(range(1, slots + 1)), tables=40)
        for person in range(people):
            if rng.random() < 0.3:
                grid.unavailable[person] = set(rng.sample(grid.slots, 2))
        degree = Counter()
        pairs = set()
        while len(pairs) < 400:
            a, b = rng.sample(range(people), 2)
            if (b, a) in pairs or (a, b) in pairs or degree[a] >= 9 or degree[b] >= 9:
                continue
            pairs.add((a, b))
            degree[a] += 1
            degree[b] += 1
        meetings = [(i, a, b) for i, (a, b) in enumerate(sorted(pairs))]
        placed = schedule(grid, meetings)
        _check(grid, meetings, placed)
        assert len(placed) / len(meetings) >= 0.95
