"""SQL building blocks for the indicators: day counts and a median, on PostgreSQL and SQLite."""

from django.db import NotSupportedError, connection
from django.db.models import Aggregate, FloatField, Func, IntegerField


class DaysBetween(Func):
    """Whole days from the second date to the first: ``end - start``."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class DaysBetweenTimes(Func):
    """Fractional days from the second timestamp to the first."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra_context
        )


class Median(Aggregate):
    """The median (continuous percentile 0.5) of a numeric expression: PostgreSQL only."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        raise NotSupportedError("SQLite has no percentile_cont: use outcomes.aggregates.median_of.")


def has_median() -> bool:
    return connection.vendor == "postgresql"


def median_of(values: list[float]) -> float | None:
    """The median of a sorted list. Only the SQLite fallback uses it (SQLite has no percentile
    aggregate): it is then given one number per row, read with values_list, never whole rows."""
    n = len(values)
    if not n:
        return None
    middle = n // 2
    return float(values[middle]) if n % 2 else (values[middle - 1] + values[middle]) / 2


class SqlAggregate(Func):
    """An aggregate written once as SQL, e.g. ``count(*) FILTER (WHERE ...)``, with its parameters.

    The summary computes some twenty filtered aggregates per structure. Built as ORM expressions
    (Count(filter=Q(...)) each), resolving and compiling them cost more Python time than
    PostgreSQL spent running the query (7 ms against 4 ms for one structure at 1,000,000 parcours,
    bench/outcomes_summary.py). Written here, they cost nothing to build; the ORM still writes
    FROM, WHERE and GROUP BY. Columns are those of the query's base table, named by ``column()``.
    """

    contains_aggregate = True

    def __init__(self, sql: str, params=(), *, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, tuple(params)

    def as_sql(self, compiler, connection, **extra_context):
        return self.sql, list(self.params)


def column(table: str, name: str) -> str:
    return f'"{table}"."{name}"'


def days_between_sql(end: str, start: str) -> str:
    """Whole days from ``start`` to ``end`` (SQL column expressions), as DaysBetween."""
    if connection.vendor == "sqlite":
        return f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"
    return f"({end} - {start})"
