"""Statements of the write path, built by the ORM once and executed many times.

Django builds and compiles a queryset's SQL on every call; on the dossier write path that costs more CPU than the
database spends running the statement (bench/README.md, decision 016). A ``PreparedQuery`` is still written as a
queryset, so it reads like every other query and keeps the ORM's joins, annotations and row conversion, but the
queryset is built and compiled once per database alias with named ``Param`` placeholders; each call only binds
values, executes, and turns the rows into instances the way Django's own iterables do.

``PreparedWrites`` does the same for a model's single-row ``save()``: the INSERT and the UPDATE of a given set of
columns are compiled once, while ``save()`` itself, with its signals and field ``pre_save`` hooks, is unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import Expression
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _Slot:
    """Where a parameter's value goes in the compiled statement's parameter list."""

    name: str


class Param(Expression):
    """A named placeholder in a prepared query: it compiles to one ``%s`` bound at each execution."""

    def __init__(self, name: str, output_field: models.Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [_Slot(self.name)]

    def get_group_by_cols(self) -> list[Any]:
        return []


@dataclass
class _Compiled:
    sql: str
    params: list[Any]  # constants, and a _Slot where a bound value goes
    compiler: SQLCompiler
    converters: dict[int, Any]
    hydrate: Callable[[list[Any]], list[Any]]


class PreparedQuery(Generic[M]):
    """A SELECT built as a queryset by ``build(**params)`` with ``Param`` placeholders, compiled once per alias.

    ``fields`` names each parameter's model field, which adapts its values for the database exactly as a lookup
    would. ``None`` binds SQL ``NULL``, which equals nothing: a fixed number of ``OR``-ed equalities padded with
    ``None`` replaces an ``IN`` list whose length varies.
    """

    def __init__(self, build: Callable[..., models.QuerySet[M]], **fields: models.Field) -> None:
        self._build = build
        self._fields = fields
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def objects(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[M]:
        """The rows as the queryset would give them (instances, or tuples for ``values_list``)."""
        compiled = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        if compiled.compiler.query.select_for_update and not connection.in_atomic_block:
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        params = [
            self._bind(value.name, values, connection) if isinstance(value, _Slot) else value
            for value in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled.hydrate(rows)

    def get(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> M:
        """The one row, or the model's ``DoesNotExist`` / ``MultipleObjectsReturned`` as ``QuerySet.get`` raises."""
        rows = self.objects(using, **values)
        if len(rows) == 1:
            return rows[0]
        model = self._compiled[using].compiler.query.model
        if not rows:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}.")

    def _bind(self, name: str, values: dict[str, Any], connection: Any) -> Any:
        value = values[name]
        return None if value is None else self._fields[name].get_db_prep_value(value, connection, prepared=False)

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            queryset = self._build(**{name: Param(name, field) for name, field in self._fields.items()})
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            missing = set(self._fields) - {value.name for value in params if isinstance(value, _Slot)}
            if missing:
                raise ValueError(f"Parameters {sorted(missing)} do not appear in the prepared query.")
            fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
            compiled = _Compiled(
                sql=sql,
                params=list(params),
                compiler=compiler,
                converters=compiler.get_converters(fields),
                hydrate=_hydrator(queryset, compiler, using),
            )
            self._compiled[using] = compiled
            return compiled


def _hydrator(queryset: models.QuerySet[Any], compiler: SQLCompiler, using: str) -> Callable[[list[Any]], list[Any]]:
    """Rows to what the queryset yields: instances with their ``select_related`` objects and annotations, as
    Django's ``ModelIterable`` builds them, or the rows themselves for ``values_list``."""
    if queryset._iterable_class is not ModelIterable:
        if queryset._iterable_class is not ValuesListIterable:
            raise ValueError("A prepared query yields instances or values_list tuples.")
        return lambda rows: [tuple(row) for row in rows]
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [selected[0].target.attname for selected in select[start:end]]
    populators = get_related_populators(klass_info, select, using)
    annotations = list(annotation_col_map.items())

    def hydrate(rows: list[Any]) -> list[Any]:
        objects = []
        for row in rows:
            obj = model_cls.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    return hydrate


class PreparedWrites(models.Model):
    """A model whose single-row INSERT and UPDATE statements are compiled once per alias and column set.

    ``save()`` keeps its signals, ``pre_save`` hooks and return values; only the SQL text is reused, with values
    adapted by each field as Django's insert and update compilers adapt them. A value that is an expression (an
    ``F()`` update, say) takes Django's own path.
    """

    class Meta:
        abstract = True

    def _do_insert(
        self, manager: Any, using: str, fields: list[models.Field], returning_fields: list[models.Field], raw: bool
    ) -> list[Any]:
        values = [field.pre_save(self, True) if not raw else getattr(self, field.attname) for field in fields]
        if any(hasattr(value, "resolve_expression") for value in values):
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        connection = connections[using]
        statement = _insert_statement(type(self), using, tuple(fields), tuple(returning_fields))
        params = [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            if not returning_fields:
                return []
            rows = [connection.ops.fetch_returned_insert_columns(cursor, statement.compiler.returning_params)]
        if statement.converters:
            rows = list(statement.compiler.apply_converters(rows, statement.converters))
        return rows

    def _do_update(
        self,
        base_qs: models.QuerySet[Any],
        using: str,
        pk_val: Any,
        values: list[tuple[models.Field, Any, Any]],
        update_fields: Iterable[str] | None,
        forced_update: bool,
    ) -> bool:
        if (
            not values
            or self._meta.select_on_save
            or base_qs.query.where
            or any(hasattr(value, "resolve_expression") for _, _, value in values)
        ):
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        connection = connections[using]
        fields = tuple(field for field, _, _ in values)
        params = [_update_value(field, value, connection) for field, _, value in values]
        params.append(self._meta.pk.get_db_prep_value(pk_val, connection))
        with connection.cursor() as cursor:
            cursor.execute(_update_statement(type(self), using, fields), params)
            return cursor.rowcount > 0


def _update_value(field: models.Field, value: Any, connection: Any) -> Any:
    """What ``SQLUpdateCompiler`` binds for one column (a related instance becomes its key)."""
    if hasattr(value, "prepare_database_save"):
        return value.prepare_database_save(field)
    return field.get_db_prep_save(value, connection=connection)


@dataclass(frozen=True)
class _Insert:
    sql: str
    compiler: Any
    converters: dict[int, Any]


_inserts: dict[tuple[Any, ...], _Insert] = {}
_updates: dict[tuple[Any, ...], str] = {}


def _insert_statement(
    model: type[models.Model], using: str, fields: tuple[models.Field, ...], returning: tuple[models.Field, ...]
) -> _Insert:
    key = (model, using, fields, returning)
    statement = _inserts.get(key)
    if statement is None:
        query = InsertQuery(model)
        query.insert_values(list(fields), [model()], raw=False)
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = list(returning)
        (sql, _params), *rest = compiler.as_sql()
        if rest:
            raise ValueError(f"{model.__name__}: an insert that takes more than one statement cannot be prepared.")
        converters = compiler.get_converters([field.get_col(model._meta.db_table) for field in returning])
        statement = _inserts[key] = _Insert(sql, compiler, converters)
    return statement


def _update_statement(model: type[models.Model], using: str, fields: tuple[models.Field, ...]) -> str:
    key = (model, using, fields)
    statement = _updates.get(key)
    if statement is None:
        query = UpdateQuery(model)
        query.add_update_fields([(field, None, Param(field.attname, field)) for field in fields])
        query.add_q(models.Q(pk=Param("pk", model._meta.pk)))
        statement, _params = query.get_compiler(using=using).as_sql()
        _updates[key] = statement
    return statement
