"""What several answers share: the paging fields of a list, the roles, delivery modes and
billing cycles (the values the hub's CHECK constraints allow)."""

from typing import Literal, TypedDict

Role = Literal["super_admin", "admin", "ops", "marketer", "finance", "viewer"]
"""The roles of ``hub.services.actor.ROLES`` (a test keeps them equal)."""
DeliveryMode = Literal["webhook", "http_mapping", "csv_email", "email"]
BillingCycle = Literal["weekly", "monthly", "prepaid"]


class Paged(TypedDict):
    """A page of a list: ``total`` items match the filters; ``offset`` and ``limit`` as asked."""

    total: int
    offset: int
    limit: int
