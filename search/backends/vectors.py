"""The embedded engine's vector index: a memory-mapped float32 matrix beside the tantivy index, searched exactly.

Layout under ``<index>/vectors/``: ``matrix.f32`` (one row of ``dimension`` float32 per document, rows never move)
and ``store.sqlite3`` (which key owns which row, whether it is live, its facet values, and a change sequence). The
embedding space (model and dimension) is stored there too: vectors of another space are refused, and
``reset(space)`` forgets every vector when the model changes.

Exact search (one matrix-vector product with numpy) was chosen over an ANN library by measurement: at 150k × 384 it
costs ~15 ms on one core, answers exactly, and needs no index build (see bench/search.py, "vectors").

Readers in other processes (web workers while Celery writes) notice a write by the sequence number and load only
the rows changed since; the matrix itself is shared through the page cache.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from search.backends.base import SearchDocument, SearchQuery, VectorMatch
from search.doctypes import narrows_types

GROW_ROWS = 4096
# Facets kept per row as an integer code (a per-process vocabulary), so filters are numpy comparisons.
CODED_FACETS = ("type", "field", "country", "ip_status", "institution_type", "institution", "category")
# Facets with several values per row, kept as a bit mask per row (one bit per value seen, per process).
MULTI_FACETS = ("transfer_mode", "language")
MISSING = -1


@dataclass
class _State:
    epoch: int = -1
    seq: int = -1
    space: str = ""
    dimension: int = 0
    keys: list[str] = field(default_factory=list)
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    trl: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    # facet of MULTI_FACETS -> per-row bit mask of its values
    masks: dict[str, np.ndarray] = field(default_factory=dict)
    matrix: np.ndarray | None = None
    matrix_rows: int = 0


class VectorStore:
    """Thread-safe within a process; SQLite's write lock orders writers of different processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.matrix_path = path / "matrix.f32"
        self.db_path = path / "store.sqlite3"
        self._state = _State()
        self._vocabulary: dict[str, dict[str, int]] = {name: {} for name in CODED_FACETS}
        self._values: dict[str, list[str]] = {name: [] for name in CODED_FACETS}
        self._bits: dict[str, dict[str, int]] = {name: {} for name in MULTI_FACETS}
        self._lock = threading.Lock()
        self._ready = False

    # --- storage ------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _db(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.mkdir(parents=True, exist_ok=True)
            self._ready = True
        connection = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        try:
            connection.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS rows (
                    row INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, alive INTEGER NOT NULL, seq INTEGER NOT NULL,
                    type TEXT, field TEXT, country TEXT, trl INTEGER, ip_status TEXT, modes TEXT,
                    institution_type TEXT, institution TEXT, category TEXT, languages TEXT);
                CREATE INDEX IF NOT EXISTS rows_seq ON rows (seq);
                """
            )
            if write:  # after the script: executescript commits whatever transaction is open
                connection.execute("BEGIN IMMEDIATE")
            yield connection
            if write:
                connection.execute("COMMIT")
        except BaseException:
            if write and connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()

    @staticmethod
    def _meta(connection: sqlite3.Connection) -> dict[str, str]:
        return dict(connection.execute("SELECT name, value FROM meta").fetchall())

    @staticmethod
    def _set_meta(connection: sqlite3.Connection, **values: str | int) -> None:
        connection.executemany(
            "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [(name, str(value)) for name, value in values.items()],
        )

    def space(self) -> str:
        with self._db() as connection:
            return self._meta(connection).get("space", "")

    def reset(self, space: str) -> None:
        """Drop every vector; accept vectors of ``space`` (``model/dimension``) from now on."""
        dimension = int(space.rsplit("/", 1)[1])
        with self._db(write=True) as connection:
            meta = self._meta(connection)
            connection.execute("DELETE FROM rows")
            # The matrix file is kept, not truncated: a reader of another thread may still be mapping it; its rows
            # are allocated again from 0 and overwritten before they are live.
            self._set_meta(connection, space=space, dimension=dimension, seq=0, epoch=int(meta.get("epoch", 0)) + 1)

    def clear(self) -> None:
        """Drop every vector, keeping the space."""
        with self._db(write=True) as connection:
            meta = self._meta(connection)
            connection.execute("DELETE FROM rows")
            self._set_meta(connection, seq=0, epoch=int(meta.get("epoch", 0)) + 1)

    def write(self, documents: list[SearchDocument]) -> None:
        """Store the vectors of ``documents``; a document without one (or of another dimension) loses its old one."""
        if not documents:
            return
        with self._db(write=True) as connection:
            meta = self._meta(connection)
            dimension = int(meta.get("dimension", 0))
            seq = int(meta.get("seq", 0)) + 1
            rows = dict(
                connection.execute(
                    f"SELECT key, row FROM rows WHERE key IN ({','.join('?' * len(documents))})",  # noqa: S608
                    [document.key for document in documents],
                ).fetchall()
            )
            next_row = connection.execute("SELECT COALESCE(MAX(row) + 1, 0) FROM rows").fetchone()[0]
            with open(self.matrix_path, "r+b" if self.matrix_path.exists() else "w+b") as matrix:
                for document in documents:
                    usable = dimension and len(document.vector) == dimension
                    row = rows.get(document.key)
                    if row is None:
                        if not usable:
                            continue
                        row = rows[document.key] = next_row
                        next_row += 1
                    if usable:
                        matrix.seek(row * dimension * 4)
                        matrix.write(np.asarray(document.vector, dtype=np.float32).tobytes())
                    connection.execute(
                        "INSERT INTO rows (row, key, alive, seq, type, field, country, trl, ip_status, modes,"
                        " institution_type, institution, category, languages)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT(row) DO UPDATE SET alive = excluded.alive, seq = excluded.seq,"
                        " type = excluded.type, field = excluded.field, country = excluded.country,"
                        " trl = excluded.trl, ip_status = excluded.ip_status, modes = excluded.modes,"
                        " institution_type = excluded.institution_type, institution = excluded.institution,"
                        " category = excluded.category, languages = excluded.languages",
                        (
                            row,
                            document.key,
                            1 if usable else 0,
                            seq,
                            document.type,
                            document.field,
                            document.country,
                            document.trl,
                            document.ip_status,
                            "|".join(document.transfer_modes),
                            document.institution_type,
                            document.institution,
                            document.category,
                            "|".join(document.languages),
                        ),
                    )
            self._set_meta(connection, seq=seq)

    def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        with self._db(write=True) as connection:
            seq = int(self._meta(connection).get("seq", 0)) + 1
            connection.executemany(
                "UPDATE rows SET alive = 0, seq = ? WHERE key = ? AND alive = 1", [(seq, key) for key in keys]
            )
            self._set_meta(connection, seq=seq)

    # --- reading ------------------------------------------------------------------------------------------------

    def _code(self, facet: str, value: str | None) -> int:
        if not value:
            return MISSING
        vocabulary = self._vocabulary[facet]
        code = vocabulary.get(value)
        if code is None:
            code = vocabulary[value] = len(self._values[facet])
            self._values[facet].append(value)
        return code

    def _value_mask(self, facet: str, values: Sequence[str]) -> int:
        bits = self._bits[facet]
        mask = 0
        for value in values:
            if not value:
                continue
            if value not in bits:
                bits[value] = len(bits)
            mask |= 1 << bits[value]
        return mask

    def _refresh(self) -> _State:
        """The state as of the last write of any process: changed rows are loaded, the matrix remapped if it grew."""
        with self._db() as connection:
            meta = self._meta(connection)
            epoch, seq = int(meta.get("epoch", 0)), int(meta.get("seq", 0))
            with self._lock:
                state = self._state
                if state.epoch == epoch and state.seq == seq:
                    return state
                since = state.seq if state.epoch == epoch else -1
                if since < 0:
                    state = _State(epoch=epoch, seq=-1)
                changed = connection.execute(
                    "SELECT row, key, alive, type, field, country, trl, ip_status, modes, institution_type,"
                    " institution, category, languages FROM rows WHERE seq > ? ORDER BY row",
                    (since,),
                ).fetchall()
                state.space = meta.get("space", "")
                state.dimension = int(meta.get("dimension", 0))
                self._apply(state, changed)
                state.seq = seq
                self._map(state)
                self._state = state
                return state

    def _apply(self, state: _State, changed: list[tuple]) -> None:
        if not changed:
            return
        size = max(len(state.keys), changed[-1][0] + 1)
        if size > len(state.keys):
            grow = size - len(state.keys)
            state.keys.extend([""] * grow)
            state.alive = np.concatenate([state.alive, np.zeros(grow, dtype=bool)])
            state.trl = np.concatenate([state.trl, np.full(grow, MISSING, dtype=np.int16)])
            for name in MULTI_FACETS:
                current = state.masks.get(name, np.zeros(0, dtype=np.int64))
                state.masks[name] = np.concatenate([current, np.zeros(grow, dtype=np.int64)])
            for name in CODED_FACETS:
                current = state.codes.get(name, np.zeros(0, dtype=np.int32))
                state.codes[name] = np.concatenate([current, np.full(grow, MISSING, dtype=np.int32)])
        for changed_row in changed:
            row, key, alive, kind, field_, country, trl, ip_status, modes = changed_row[:9]
            institution_type, institution, category, languages = changed_row[9:]
            state.keys[row] = key
            state.alive[row] = bool(alive)
            state.trl[row] = MISSING if trl is None else trl
            for name, joined in zip(MULTI_FACETS, (modes, languages), strict=True):
                state.masks[name][row] = self._value_mask(name, (joined or "").split("|"))
            values = (kind, field_, country, ip_status, institution_type, institution, category)
            for name, value in zip(CODED_FACETS, values, strict=True):
                state.codes[name][row] = self._code(name, value)

    def _map(self, state: _State) -> None:
        rows = len(state.keys)
        if not rows or not state.dimension:
            state.matrix, state.matrix_rows = None, 0
            return
        if state.matrix is not None and state.matrix_rows >= rows:
            return
        size = self.matrix_path.stat().st_size if self.matrix_path.exists() else 0
        available = size // (state.dimension * 4)
        state.matrix = np.memmap(self.matrix_path, dtype=np.float32, mode="r", shape=(available, state.dimension))
        state.matrix_rows = available

    def _mask(self, state: _State, query: SearchQuery) -> np.ndarray:
        rows = min(len(state.keys), state.matrix_rows)
        mask = state.alive[:rows].copy()
        if narrows_types(query.types):
            mask &= self._accepts(state, "type", set(query.types), rows)
        for name, values in query.filters.items():
            if name in MULTI_FACETS:
                bits = self._value_mask(name, [value for value in values if value in self._bits[name]])
                mask &= (state.masks[name][:rows] & bits) != 0
            elif name == "trl":
                levels = [int(value) for value in values if str(value).isdigit()]
                mask &= np.isin(state.trl[:rows], levels)
            elif name in CODED_FACETS:
                mask &= self._accepts(state, name, set(values), rows)
            else:
                mask &= False
        if query.trl_min is not None:
            mask &= state.trl[:rows] >= int(query.trl_min)
        return mask

    def _accepts(self, state: _State, name: str, values: set[str], rows: int) -> np.ndarray:
        codes = [self._vocabulary[name][value] for value in values if value in self._vocabulary[name]]
        return np.isin(state.codes[name][:rows], codes)

    def _facets(self, state: _State, row: int) -> dict[str, tuple[str, ...]]:
        facets = {
            name: (self._values[name][code],)
            for name in CODED_FACETS
            if (code := int(state.codes[name][row])) != MISSING
        }
        if state.trl[row] != MISSING:
            facets["trl"] = (str(int(state.trl[row])),)
        for name in MULTI_FACETS:
            bits = int(state.masks[name][row])
            facets[name] = tuple(sorted(value for value, bit in self._bits[name].items() if bits >> bit & 1))
        return facets

    def knn(self, query: SearchQuery, vector: Sequence[float], *, k: int, min_score: float) -> list[VectorMatch]:
        state = self._refresh()
        if k <= 0 or state.matrix is None or len(vector) != state.dimension:
            return []
        mask = self._mask(state, query)
        rows = len(mask)
        if not mask.any():
            return []
        scores = state.matrix[:rows] @ np.asarray(vector, dtype=np.float32)
        scores[~mask] = -np.inf
        k = min(k, int(mask.sum()))
        top = np.argpartition(-scores, k - 1)[:k] if k < rows else np.arange(rows)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            VectorMatch(key=state.keys[row], score=float(scores[row]), facets=self._facets(state, row))
            for row in top
            if scores[row] >= min_score
        ]

    def memory_bytes(self) -> int:
        """Resident size of the vectors and the per-row arrays (the matrix counted whole, as if all paged in)."""
        state = self._refresh()
        arrays = [state.alive, state.trl, *state.masks.values(), *state.codes.values()]
        matrix = state.matrix_rows * state.dimension * 4
        return matrix + sum(array.nbytes for array in arrays)
