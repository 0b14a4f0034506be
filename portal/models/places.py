"""The bundled gazetteer: municipalities, postal codes and village aliases."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base


class Municipality(Base):
    """A Finnish municipality with its centre point (National Land Survey)."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_fi: Mapped[str] = mapped_column(String(80))
    name_sv: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    region_fi: Mapped[str] = mapped_column(String(80))
    region_sv: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    def name(self, locale: str) -> str:
        """The municipality's name in the given UI language."""
        return {"sv": self.name_sv, "en": self.name_en}.get(locale, self.name_fi)


class PostalCode(Base):
    """A postal code area with its point (GeoNames) and municipality."""

    __tablename__ = "postal_codes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    place_name: Mapped[str] = mapped_column(String(80))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy: Mapped[int] = mapped_column(Integer)

    municipality: Mapped[Municipality] = relationship(lazy="joined")

    def label(self, locale: str) -> str:
        """'95400 Tornio' style label for pick-lists."""
        return f"{self.code} {self.place_name} ({self.municipality.name(locale)})"


class VillageAlias(Base):
    """A village with no postal name of its own, mapped to a postal code by staff."""

    __tablename__ = "village_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    postcode: Mapped[str] = mapped_column(ForeignKey("postal_codes.code"))
