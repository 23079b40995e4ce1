"""The optional read replica (DATABASE_REPLICA_URL): only the dashboards' reads go to it.

A replica lags a little behind the primary. The outcome figures and exports tolerate that (they
are aggregates over months); a user who has just logged in, or a parcours just saved and read
back, do not. So the replica is opt-in per view (``ReplicaReadsMixin``) and only after the
request is authenticated and allowed; writes, migrations and every other view use "default".
Without DATABASE_REPLICA_URL there is no "replica" connection and the router never answers.
"""

from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# A context variable, not a thread-local: right for threads and for asyncio tasks alike.
_replica_reads: ContextVar[bool] = ContextVar("tremplin_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        # Explicit: left to Django, an object read from the replica would be saved back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may be related.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def _streamed_on_replica(chunks: Iterable) -> Iterator:
    # A streamed export (CSV) runs its queries while the server sends it, after the view returned.
    _replica_reads.set(True)
    try:
        yield from chunks
    finally:
        # set(), not reset(token): the server may close the stream from another context.
        _replica_reads.set(False)


class ReplicaReadsMixin:
    """For a DRF view whose reads may come from the replica: the dashboards and their exports.

    Authentication, permissions and throttling run first, on the primary; the handler's queries
    (and those of a streamed body) then read from the replica, if one is configured."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._replica_token = _replica_reads.set(True)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_replica_token", None)
        if token is not None:
            self._replica_token = None
            _replica_reads.reset(token)
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.streaming and getattr(response, "file_to_stream", None) is None and replica_configured():
            response.streaming_content = _streamed_on_replica(response.streaming_content)
        return response
