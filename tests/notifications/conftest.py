"""Notifications reuse the employers' hosts: the World's employer with two contacts and an EHPAD,
and another employer with its own contact and clinic."""

from tests.employers.conftest import hosts  # noqa: F401  (fixture)
