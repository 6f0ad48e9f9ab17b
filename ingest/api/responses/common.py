"""What several answers share: the paging fields of a list."""

from typing import TypedDict


class Paged(TypedDict):
    """A page of a list: ``total`` items match the filters; ``offset`` and ``limit`` as asked."""

    total: int
    offset: int
    limit: int
