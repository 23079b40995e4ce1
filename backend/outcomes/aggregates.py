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
