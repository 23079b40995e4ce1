"""Signals other apps listen to, so that organisations depends on none of them.

``membership_ended`` is sent inside the atomic block of ``membership_end``, once the row is
gone: receivers revoke the object permissions it justified, or raise a DomainError to refuse
(the deletion is then rolled back).
"""

from django.dispatch import Signal

membership_ended = Signal()  # kwargs: user, organisation, role
