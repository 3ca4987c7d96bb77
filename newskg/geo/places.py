"""The division a place is linked to, as every step of the geo stage hands it on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from newskg.names.gazetteer import Level

__all__ = ["Frozen", "PlaceLink"]


class Frozen(BaseModel):
    """A frozen pydantic model that forbids extra fields: the geo stage's typed hand-offs."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PlaceLink(Frozen):
    """The division a place is linked to.

    ``adcode`` is the division's own code down to county level, its county's
    (or city's) code for a town or village; ``path`` its full names from the
    province down (a municipality's districts sit right under it: 北京市/通州区).
    """

    name: str
    adcode: str
    level: Level
    path: tuple[str, ...]
    latitude: float | None = None
    longitude: float | None = None

    @property
    def key(self) -> str:
        """The path as one string (``北京市/通州区``)."""
        return "/".join(self.path)

    def within(self, other: PlaceLink) -> bool:
        """Whether this division is ``other`` or lies inside it.

        >>> a = PlaceLink(name="通州区", adcode="110112", level=Level.COUNTY, path=("北京市", "通州区"))
        >>> b = PlaceLink(name="北京市", adcode="110000", level=Level.PROVINCE, path=("北京市",))
        >>> a.within(b), b.within(a), a.within(a)
        (True, False, True)
        """
        return self.path[: len(other.path)] == other.path
