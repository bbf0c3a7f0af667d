"""The B2B meeting scheduler: accepted meetings into (slot, table), never two meetings for one person or one table in
the same slot, never in a slot a person marked unavailable.

Pure Python over ids, so the services, the admin and ``make bench-events`` share it and tests can check it without a
database. Placing meetings is edge colouring of the "who meets whom" graph with the slots as colours: greedy, hardest
meetings first (fewest common free slots), then a repair pass that moves one blocking meeting to another slot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Grid:
    """What is already fixed: slots in time order, tables per slot, each person's taken and unavailable slots."""

    slots: list[int]
    tables: int
    unavailable: dict[int, set[int]] = field(default_factory=dict)
    person_busy: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))  # person → slot → meeting
    tables_used: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))  # slot → table → meeting

    def book(self, meeting: int, a: int, b: int, slot: int, table: int | None = None) -> int:
        if table is None:
            table = self.free_table(slot)
            assert table is not None
        self.person_busy[a][slot] = meeting
        self.person_busy[b][slot] = meeting
        self.tables_used[slot][table] = meeting
        return table

    def release(self, a: int, b: int, slot: int, table: int) -> None:
        del self.person_busy[a][slot]
        del self.person_busy[b][slot]
        del self.tables_used[slot][table]

    def free_table(self, slot: int) -> int | None:
        used = self.tables_used[slot]
        if len(used) >= self.tables:
            return None
        return next(number for number in range(1, self.tables + 1) if number not in used)

    def is_free(self, person: int, slot: int) -> bool:
        return slot not in self.person_busy[person] and slot not in self.unavailable.get(person, ())

    def feasible(self, a: int, b: int) -> list[int]:
        """Slots, earliest first, where both are free and a table is left."""
        return [
            slot
            for slot in self.slots
            if self.is_free(a, slot) and self.is_free(b, slot) and len(self.tables_used[slot]) < self.tables
        ]


def schedule(grid: Grid, meetings: list[tuple[int, int, int]]) -> dict[int, tuple[int, int]]:
    """Place ``(meeting id, person a, person b)`` on ``grid`` (which it updates); returns meeting id → (slot, table)
    for the meetings placed. A meeting that fits nowhere is left out; the caller reports it."""
    degree: dict[int, int] = defaultdict(int)
    for _meeting, a, b in meetings:
        degree[a] += 1
        degree[b] += 1
    # Hardest first: fewest common free slots, then the busiest people (their meetings compete for the same slots).
    order = sorted(meetings, key=lambda m: (len(grid.feasible(m[1], m[2])), -(degree[m[1]] + degree[m[2]]), m[0]))
    placed: dict[int, tuple[int, int]] = {}
    pairs = {meeting: (a, b) for meeting, a, b in meetings}
    left: list[tuple[int, int, int]] = []
    for meeting, a, b in order:
        slots = grid.feasible(a, b)
        if not slots:
            left.append((meeting, a, b))
            continue
        slot = slots[0]
        placed[meeting] = (slot, grid.book(meeting, a, b, slot))
    for meeting, a, b in left:
        spot = _repair(grid, placed, pairs, meeting, a, b)
        if spot is not None:
            placed[meeting] = spot
    return placed


def _repair(
    grid: Grid, placed: dict[int, tuple[int, int]], pairs: dict[int, tuple[int, int]], meeting: int, a: int, b: int
) -> tuple[int, int] | None:
    """Free a slot for (a, b) by moving the one meeting that blocks it (one side's, placed in this run) elsewhere."""
    for slot in grid.slots:
        if slot in grid.unavailable.get(a, ()) or slot in grid.unavailable.get(b, ()):
            continue
        blockers = {grid.person_busy[p].get(slot) for p in (a, b)} - {None}
        if len(blockers) != 1:
            continue
        blocker = blockers.pop()
        if blocker not in placed:
            continue  # fixed before this run (already on someone's agenda): never moved
        c, d = pairs[blocker]
        old_slot, old_table = placed[blocker]
        grid.release(c, d, old_slot, old_table)
        targets = [other for other in grid.feasible(c, d) if other != slot]
        if targets and grid.is_free(a, slot) and grid.is_free(b, slot) and grid.free_table(slot) is not None:
            placed[blocker] = (targets[0], grid.book(blocker, c, d, targets[0]))
            return slot, grid.book(meeting, a, b, slot)
        grid.book(blocker, c, d, old_slot, old_table)
    return None
