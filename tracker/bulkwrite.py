"""Bulk INSERT/UPDATE of rows and their simple_history records, one statement each.

simple_history's bulk helpers (bulk_create_with_history / bulk_update_with_history) go
through the ORM's per-field SQL compiler and split every write into many statements
(SQLite's 999-parameter limit); for an import of 10,000 reports with 40,000 values that
is most of the run time. These helpers write the same rows and the same historical
records (history user, date, change reason and type "+"/"~") with one statement per
table: an executemany on SQLite; on PostgreSQL a COPY for new rows and an unnest of
typed arrays for changed ones. The number of statements does not grow with the rows.

Rows are read from their attributes (vars(obj)), so every obj must carry each column's
attribute by its attname: model instances loaded whole, or rows built by the factories here.
"""

import datetime
import operator
import time
from types import SimpleNamespace

from django.db import connection, models
from django.db.models import signals
from django.db.models.base import ModelState


def _adapter(field):
    # Decimals, numbers, text and booleans go to both drivers as they are.
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


class _Columns:
    """The columns of a model and how to turn attribute values into parameters."""

    def __init__(self, model, attnames=None, skip_auto=True):
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (skip_auto and isinstance(field, models.AutoField | models.BigAutoField))
        ]
        if attnames is not None:
            fields = [field for field in fields if field.attname in attnames]
        self.table = model._meta.db_table
        self.fields = fields
        self._values_of = operator.itemgetter(*(field.attname for field in fields))
        self.adapted = [
            (index, adapter)
            for index, adapter in enumerate(_adapter(field) for field in fields)
            if adapter is not None
        ]
        self._cache = {}

    def names(self):
        return ", ".join(connection.ops.quote_name(field.column) for field in self.fields)

    def values(self, attributes):
        """The parameters of one row from its attributes ({attname: value}, e.g. vars(obj)),
        adapted for the database driver. A tuple: the garbage collector stops tracking
        tuples of plain values, which keeps its full collections rare while tens of
        thousands of rows wait to be written."""
        values = self._values_of(attributes)
        if len(self.fields) == 1:
            values = (values,)
        return self.adapt(list(values))

    def adapt(self, values):
        """`values` (a fresh list, changed in place) adapted for the database driver."""
        for index, adapter in self.adapted:
            value = values[index]
            if value is not None:
                # The same timestamp is written on every row: adapt it once.
                key = (index, value)
                adapted = self._cache.get(key)
                if adapted is None:
                    adapted = self._cache[key] = adapter(value)
                values[index] = adapted
        return tuple(values)


class RowFactory:
    """Light stand-ins for unsaved model instances: every column's attribute, no ORM cost.

    Building tens of thousands of model instances costs more than writing them.
    """

    def __init__(self, model):
        self.defaults = {
            field.attname: None if field.primary_key else field.get_default()
            for field in model._meta.concrete_fields
        }

    def __call__(self, **values):
        row = SimpleNamespace(**{**self.defaults, **values})
        row.pk = getattr(row, "id", None)
        return row


class InstanceFactory:
    """Unsaved model instances built without Model.__init__, for rows whose model methods
    are needed (a report's workflow rules) at a fraction of Model.__init__'s cost.

    Every concrete field is set from the given values (by attribute name, e.g. `park_id`)
    or its default. No pre_init/post_init signal is sent, so the factory refuses a model
    that has receivers for them.
    """

    def __init__(self, model):
        if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
            raise ValueError(f"{model.__name__} has init signal receivers; use {model.__name__}()")
        self.model = model
        self.defaults = RowFactory(model).defaults

    def __call__(self, **values):
        obj = self.model.__new__(self.model)
        obj._state = ModelState()
        attributes = obj.__dict__
        attributes.update(self.defaults)
        attributes.update(values)
        return obj


def mark_saved(objs):
    """Tell the ORM that instances written here, primary keys set, are in the database."""
    alias = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def _placeholders(count):
    return ", ".join(["%s"] * count)


def _arrays(fields, rows):
    """PostgreSQL: one typed array per column, unnested into rows by a single statement.

    psycopg's executemany still sends one statement per row, slow for 100,000 rows.
    """
    casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    return casts, [list(column) for column in zip(*rows, strict=True)]


def _copy_rows(sql, rows):
    """PostgreSQL COPY: the fastest way in; logged like any other query."""
    connection.ensure_connection()
    started = time.monotonic()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
        )


def _insert_rows(columns, rows):
    table = connection.ops.quote_name(columns.table)
    if connection.vendor == "postgresql":
        _copy_rows(f"COPY {table} ({columns.names()}) FROM STDIN", rows)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns.names()}) "
            f"VALUES ({_placeholders(len(columns.fields))})",
            rows,
        )


def insert(model, objs):
    """INSERT the unsaved `objs` (without primary keys) in one statement."""
    if not objs:
        return
    columns = _Columns(model)
    _insert_rows(columns, [columns.values(vars(obj)) for obj in objs])


def update(model, objs, attnames):
    """UPDATE the given attributes of saved `objs`, by primary key, in one statement."""
    if not objs:
        return
    columns = _Columns(model, attnames=set(attnames))
    pk = model._meta.pk
    table = connection.ops.quote_name(columns.table)
    pk_column = connection.ops.quote_name(pk.column)
    names = [connection.ops.quote_name(field.column) for field in columns.fields]
    rows = [(*columns.values(vars(obj)), obj.pk) for obj in objs]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            casts, arrays = _arrays([*columns.fields, pk], rows)
            assignments = ", ".join(f"{name} = new_values.{name}" for name in names)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM unnest({casts})"
                f" AS new_values({', '.join(names)}, new_pk)"
                f" WHERE {table}.{pk_column} = new_values.new_pk",
                arrays,
            )
        else:
            assignments = ", ".join(f"{name} = %s" for name in names)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s", rows)


def insert_history(model, objs, history_type, user, reason, when=None):
    """One historical record per saved obj, as simple_history would write it."""
    if not objs:
        return
    columns = _Columns(model.history.model)
    extras = {
        "history_date": when or datetime.datetime.now(datetime.UTC),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": user.pk if user else None,
    }
    _insert_rows(columns, [columns.values({**vars(obj), **extras}) for obj in objs])
