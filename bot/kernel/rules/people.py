"""Who people are in a group: their sector (and the many ways people write it) and their role."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Sector(StrEnum):
    """Where a member works; the values are what users type."""

    BARNEHAGE = "barnehage"
    SKOLE = "skole"
    SFO_AKS = "sfo-aks"
    KULTURSKOLE = "kulturskole"
    ADMINISTRASJON = "administrasjon"
    POLITIKK = "politikk"
    INNBYGGER = "innbygger"
    FRIVILLIGHET = "frivillighet"
    ANNET = "annet"


class Role(StrEnum):
    PARTICIPANT = "participant"
    COORDINATOR = "coordinator"
    LEAD = "lead"
    MENTOR = "mentor"


_SYNONYMS: dict[str, Sector] = {
    "barnehage": Sector.BARNEHAGE, "bhg": Sector.BARNEHAGE, "barnehagen": Sector.BARNEHAGE,
    "kindergarten": Sector.BARNEHAGE, "preschool": Sector.BARNEHAGE,
    "skole": Sector.SKOLE, "skule": Sector.SKOLE, "grunnskole": Sector.SKOLE, "grunnskule": Sector.SKOLE,
    "school": Sector.SKOLE, "skolen": Sector.SKOLE, "skulen": Sector.SKOLE,
    "sfo-aks": Sector.SFO_AKS, "sfo": Sector.SFO_AKS, "aks": Sector.SFO_AKS, "sfo/aks": Sector.SFO_AKS,
    "sfoaks": Sector.SFO_AKS, "sfo_aks": Sector.SFO_AKS, "after-school": Sector.SFO_AKS,
    "kulturskole": Sector.KULTURSKOLE, "kulturskule": Sector.KULTURSKOLE, "kulturskolen": Sector.KULTURSKOLE,
    "culture-school": Sector.KULTURSKOLE, "kultur": Sector.KULTURSKOLE,
    "administrasjon": Sector.ADMINISTRASJON, "admin": Sector.ADMINISTRASJON,
    "administration": Sector.ADMINISTRASJON, "kommunen": Sector.ADMINISTRASJON,
    "politikk": Sector.POLITIKK, "politiker": Sector.POLITIKK, "politikar": Sector.POLITIKK,
    "politics": Sector.POLITIKK, "politician": Sector.POLITIKK,
    "innbygger": Sector.INNBYGGER, "innbyggar": Sector.INNBYGGER, "citizen": Sector.INNBYGGER,
    "forelder": Sector.INNBYGGER, "foresatt": Sector.INNBYGGER,
    "frivillighet": Sector.FRIVILLIGHET, "frivillig": Sector.FRIVILLIGHET, "frivilligheit": Sector.FRIVILLIGHET,
    "volunteer": Sector.FRIVILLIGHET, "lag-og-foreninger": Sector.FRIVILLIGHET,
    "annet": Sector.ANNET, "anna": Sector.ANNET, "other": Sector.ANNET,
}


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).strip().lower()
    return "-".join(folded.replace(" ", "-").split("-")).strip("-.")


def parse_sector(text: str) -> Sector | None:
    """The sector a user meant, or None when we cannot tell."""
    return _SYNONYMS.get(_normalise(text))
