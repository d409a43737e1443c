"""Hot read queries compiled once, then run with fresh values.

On a product page Django spends more time turning querysets into SQL than the database spends
answering them. A ``PreparedRead`` builds its queryset with placeholder strings, compiles it once per
connection and list lengths, and afterwards only swaps the real values into the parameters; the
column converters (datetimes, JSON, decimals) are the ones Django itself would apply.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

Row = SimpleNamespace
MARK = "\x00prepared:"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    compiler: Any
    converters: dict[int, Any]


class _Prepared:
    """The compiled statement per connection and list lengths, run with the real values swapped in."""

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self.build = build
        self.compiled: dict[tuple[Any, ...], Any] = {}

    def _compile(self, queryset: QuerySet[Any], using: str) -> Any:
        raise NotImplementedError

    def _fetch(self, values: Sequence[Sequence[str]], using: str) -> tuple[Any, Any]:
        connection = connections[using]
        key = (id(connection), tuple(len(v) for v in values))
        compiled = self.compiled.get(key)
        if compiled is None:
            marked = [[f"{MARK}{n}:{i}" for i in range(size)] for n, size in enumerate(key[1])]
            compiled = self.compiled[key] = self._compile(self.build(*marked), using)
        params = [_value(param, values) for param in compiled.params]
        with hot_cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows: Any = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return compiled, rows


@contextmanager
def hot_cursor(connection: BaseDatabaseWrapper) -> Iterator[Any]:
    """The backend's own cursor, kept per connection: Django's cursor wrapper costs about as much Python
    as the round trip itself. As through Django's cursor, the health check runs, a broken transaction
    refuses and errors become Django's. When queries are logged (tests counting them, ``DEBUG``) the
    same kept cursor runs and logs each statement as Django's debug cursor would, so a test counts
    the path production takes; execute wrappers take Django's own path. ``connection`` is a thread's
    wrapper (``connections[alias]``), never the shared proxy ``django.db.connection``, which would
    hold one cursor for every thread."""
    if connection.execute_wrappers:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    kept = connection.__dict__.get("_hot_cursor")
    if kept is None or kept[0] is not connection.connection:
        kept = connection.__dict__["_hot_cursor"] = (connection.connection, connection.create_cursor())
    with connection.wrap_database_errors:
        yield _LoggingCursor(kept[1], connection) if connection.queries_logged else kept[1]


class _LoggingCursor:
    """The kept cursor, each statement appended to ``connection.queries_log`` as Django's debug cursor
    appends it (``CaptureQueriesContext`` and ``assertNumQueries`` read that log)."""

    def __init__(self, cursor: Any, connection: BaseDatabaseWrapper) -> None:
        self.cursor, self.connection = cursor, connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)

    def execute(self, sql: str, params: Any = None) -> Any:
        return self._logged(self.cursor.execute, sql, params)

    def executemany(self, sql: str, param_list: Any) -> Any:
        return self._logged(self.cursor.executemany, sql, param_list, many=True)

    def _logged(self, run: Callable[..., Any], sql: str, params: Any, *, many: bool = False) -> Any:
        started = time.monotonic()
        try:
            return run(sql, params)
        finally:
            shown = sql if many else self.connection.ops.last_executed_query(self.cursor, sql, params)
            self.connection.queries_log.append({"sql": shown, "time": f"{time.monotonic() - started:.3f}"})


def _value(param: Any, values: Sequence[Sequence[str]]) -> Any:
    if isinstance(param, str) and param.startswith(MARK):
        which, position = param.removeprefix(MARK).split(":")
        return values[int(which)][int(position)]
    return param


def _converters(compiler: Any, columns: list[Any]) -> dict[int, Any]:
    return compiler.get_converters([column[0] for column in columns[0 : compiler.col_count]])


class PreparedRead(_Prepared):
    """``build(*lists)`` gives the queryset for lists of strings; ``lookups`` maps attribute → path."""

    def __init__(self, build: Callable[..., QuerySet[Any]], lookups: dict[str, str]) -> None:
        super().__init__(build)
        self.names = list(lookups)
        self.paths = list(lookups.values())

    def _compile(self, queryset: QuerySet[Any], using: str) -> _Compiled:
        compiler = queryset.values_list(*self.paths).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return _Compiled(sql, tuple(params), compiler, _converters(compiler, compiler.select))

    def __call__(self, *values: Sequence[str], using: str = "default") -> list[Row]:
        if not all(values):
            return []
        _compiled, rows = self._fetch(values, using)
        return [Row(**dict(zip(self.names, row, strict=True))) for row in rows]


@dataclass(frozen=True)
class _CompiledModels(_Compiled):
    model: type[Model]
    init_list: list[str]
    span: slice
    populators: list[Any]
    annotations: dict[str, int]


class PreparedModels(_Prepared):
    """``PreparedRead`` for model instances: the rows ``build(*lists)`` would give, ``select_related`` and
    annotations included, as Django's own iterable builds them (prefetches are the caller's).

    Write paths lock and save what they read, so they need instances; compiling their queries costs
    more than running them. Relies on the compiler's ``klass_info``, stable within a Django release.
    """

    def _compile(self, queryset: QuerySet[Any], using: str) -> _CompiledModels:
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        select, klass_info = compiler.select, compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _CompiledModels(
            sql=sql,
            params=tuple(params),
            compiler=compiler,
            converters=_converters(compiler, select),
            model=klass_info["model"],
            init_list=[column[0].target.attname for column in select[first:last]],
            span=slice(first, last),
            populators=get_related_populators(klass_info, select, using),
            annotations=dict(compiler.annotation_col_map),
        )

    def __call__(self, *values: Sequence[str], using: str = "default") -> list[Any]:
        if not all(values):
            return []
        compiled, rows = self._fetch(values, using)
        found = []
        for row in rows:
            instance = compiled.model.from_db(using, compiled.init_list, row[compiled.span])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def first(self, *values: Sequence[str], using: str = "default") -> Any | None:
        """The first instance, or None: for reads of one row by its id."""
        found = self(*values, using=using)
        return found[0] if found else None


def remember(instance: Model, relation: str, rows: Sequence[Any]) -> None:
    """Later reads of ``instance.<relation>.all()`` reuse ``rows``: the cache ``prefetch_related`` fills,
    which a write through the relation's manager clears."""
    # A bare queryset of the related model: the relation's manager hands the kept one out as it is, and
    # building the manager's own filtered queryset costs more than the rows it would hold.
    queryset = QuerySet(model=instance._meta.get_field(relation).related_model)
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset


def remembered(instance: Model, relation: str) -> list[Any] | None:
    """The rows ``remember`` or a prefetch keeps for ``instance.<relation>``, None when nothing is kept."""
    cached = instance.__dict__.get("_prefetched_objects_cache", {}).get(relation)
    return None if cached is None else list(cached)


def remembered_or(instance: Model, relation: str, read: Callable[[], list[Any]]) -> list[Any]:
    """The rows kept for ``instance.<relation>``, else ``read()``'s, kept for the rest of the request."""
    rows = remembered(instance, relation)
    if rows is None:
        rows = read()
        remember(instance, relation, rows)
    return rows


def _send(connection: Any, sql: str, params: list[list[Any]]) -> None:
    """One row is one ``execute``: psycopg's ``executemany`` runs a pipeline, which costs more for one."""
    with hot_cursor(connection) as cursor:
        if len(params) == 1:
            cursor.execute(sql, params[0])
        else:
            cursor.executemany(sql, params)


_UPDATES: dict[tuple[Any, ...], tuple[str, list[Any]]] = {}


def update_columns(rows: Sequence[Model], names: Sequence[str], using: str = "default") -> None:
    """``UPDATE … SET <names> WHERE pk = …`` for each row, one statement sent many times in one batch.

    What ``bulk_update`` does without its ``CASE WHEN`` expression, whose building costs more than the
    update. Values are prepared by their fields as ``save`` prepares them, and the model's ``auto_now``
    fields (``updated_at``) are stamped and written as well: a row written is a row updated.
    """
    if not rows:
        return
    model = type(rows[0])
    connection = connections[using]
    key = (model, tuple(names), connection.vendor)
    if key not in _UPDATES:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [meta.get_field(name) for name in names]
        fields += [f for f in meta.concrete_fields if getattr(f, "auto_now", False) and f not in fields]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        _UPDATES[key] = (
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
            fields,
        )
    sql, fields = _UPDATES[key]
    pk = model._meta.pk
    params = [
        [
            *(field.get_db_prep_save(field.pre_save(row, False), connection) for field in fields),
            pk.get_db_prep_save(row.pk, connection),
        ]
        for row in rows
    ]
    _send(connection, sql, params)


_INSERTS: dict[tuple[Any, ...], str] = {}


def insert_rows(rows: Sequence[Model], using: str = "default") -> None:
    """``bulk_create`` for rows that carry their primary key (prefixed ids do): one multi-row ``INSERT``
    per batch, its SQL built once per row count. Like ``bulk_create`` it sends no signals."""
    if not rows:
        return
    model = type(rows[0])
    connection = connections[using]
    fields = list(model._meta.concrete_fields)
    # PostgreSQL takes at most 65535 parameters per statement; SQLite's own limit is its backend's.
    batch = max(min(connection.ops.bulk_batch_size(fields, rows), 65535 // len(fields)), 1)
    with hot_cursor(connection) as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            key = (model, connection.vendor, len(chunk))
            if key not in _INSERTS:
                quote = connection.ops.quote_name
                columns = ", ".join(quote(field.column) for field in fields)
                marks = ", ".join([f"({', '.join('%s' for _ in fields)})"] * len(chunk))
                _INSERTS[key] = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {marks}"
            cursor.execute(
                _INSERTS[key],
                [
                    field.get_db_prep_save(field.pre_save(row, True), connection)
                    for row in chunk
                    for field in fields
                ],
            )
    for row in rows:
        row._state.adding, row._state.db = False, using


def relate(instance: Model, relation: str, value: Any) -> None:
    """Later reads of ``instance.<relation>`` (a foreign key, or the reverse of a one-to-one) give
    ``value`` without a query: a row read beside its owner, or a new row that has none yet."""
    instance._meta.get_field(relation).set_cached_value(instance, value)  # type: ignore[union-attr]


def mark_loaded(row: Model, names: Sequence[str]) -> None:
    """Keep a copy of the values of ``names`` as read, so that an unchanged row need not be written."""
    row.__dict__["_cityos_loaded"] = copy.deepcopy(tuple(getattr(row, name) for name in names))


def unchanged_since_loaded(row: Model, names: Sequence[str]) -> bool:
    """Whether ``names`` still hold what ``mark_loaded`` kept (False for a row never marked)."""
    return row.__dict__.get("_cityos_loaded") == tuple(getattr(row, name) for name in names)


def as_stored_json(value: Any) -> Any:
    """``value`` as a JSON column gives it back once written (decimals and datetimes become strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def is_unsaved(row: Model) -> bool:
    """A row built in this request and not yet inserted."""
    return row._state.adding


def written_columns(model: type[Model]) -> list[str]:
    """The columns a write of a whole row sets: all but the key and the ``auto_now``/``auto_now_add``
    stamps, which ``update_columns`` and ``insert_rows`` set themselves."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    ]


def increment_counter(model: type[Model], pk: Any, field: str) -> int | None:
    """``field + 1`` on row ``pk``, written and read back in one statement (``UPDATE … RETURNING``),
    under the row's lock until commit; None when no such row exists."""
    meta, connection = model._meta, connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    column, table = quote(meta.get_field(field).column), quote(meta.db_table)
    sql = f"UPDATE {table} SET {column} = {column} + 1 WHERE {quote(meta.pk.column)} = %s RETURNING {column}"
    with hot_cursor(connection) as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return None if row is None else int(row[0])
