"""Small read-only classes around the validated data, so templates never dig into raw dicts."""
from __future__ import annotations

from dataclasses import dataclass, field

TO_COMPLETE = "À compléter"


def de_name(name: str) -> str:
    """« de » before a name, elided before a vowel sound: « d'OPALE », « de LOGIS ». A name whose
    article cannot be guessed (« de la Régie ») is given by the data (nom_court_de)."""
    return ("d'" if name[:1].upper() in "AEIOUYÀÂÉÈÊÎÔÛ" else "de ") + name

CHANNEL_KINDS = {
    "telephone": "Par téléphone",
    "accueil_agence": "À l'accueil de l'agence",
    "gardien": "Auprès du gardien",
    "agent_proximite": "Auprès de l'agent de proximité",
    "extranet": "Sur l'espace locataire en ligne",
    "courriel": "Par courriel",
    "courrier": "Par courrier",
    "autre": "Autre moyen",
}

UNITS = {"heures": ("heure", "heures"), "jours": ("jour", "jours"), "jours_ouvres": ("jour ouvré", "jours ouvrés")}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None
    document: str | None = None
    date: str | None = None
    read_on: str | None = None  # AAAA-MM-JJ: when the project read it
    kind: str | None = None  # "primaire", "copie" or "secondaire"

    @classmethod
    def from_data(cls, d: dict) -> "Source":
        return cls(d["id"], d["titre"], d.get("url"), d.get("document"), d.get("date"), d.get("lu_le"),
                   d.get("nature"))

    @property
    def is_primary(self) -> bool:
        return self.kind == "primaire"


@dataclass(frozen=True)
class Citation:
    source: Source
    passage: str | None

    @property
    def label(self) -> str:
        return self.source.title + (f", {self.passage}" if self.passage else "")


@dataclass(frozen=True)
class Delay:
    value: float
    unit: str

    @classmethod
    def from_data(cls, d: dict | None) -> "Delay | None":
        return cls(d["valeur"], d["unite"]) if d else None

    @property
    def hours(self) -> float:
        """Comparable size; a working day counted as a calendar day, which is enough to sort."""
        return self.value * (1 if self.unit == "heures" else 24)

    def __str__(self) -> str:
        number = int(self.value) if float(self.value).is_integer() else self.value
        one, many = UNITS[self.unit]
        return f"{number}\u00a0{one if self.value <= 1 else many}"


@dataclass(frozen=True)
class Fact:
    text: str
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class Channel:
    kind: str
    label: str
    details: str | None
    contact: str | None
    hours: str | None
    tracking_number: bool | None
    acknowledgement: bool | None
    citation: Citation
    to_check: str | None

    @property
    def kind_label(self) -> str:
        return CHANNEL_KINDS[self.kind]


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    actor: str | None
    description: str | None
    tenant_receives: str | None
    delay: Delay | None
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class Transition:
    source: Step
    target: Step
    condition: str | None
    reminder: bool


@dataclass(frozen=True)
class UrgencyLevel:
    name: str
    examples: tuple[str, ...]
    max_delay: Delay | None
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class OnCall:
    exists: bool | None
    how_to_reach: str | None
    hours: str | None
    what_for: str | None
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class Recourse:
    title: str
    description: str | None
    citation: Citation
    to_check: str | None


@dataclass(frozen=True)
class LadderRung:
    id: str
    title: str
    when: str
    cost: str | None
    delay: str | None
    bring: str | None
    legal_forms: tuple[str, ...]
    citations: tuple[Citation, ...]
    to_check: str | None
    reach: str | None = None  # how to reach the body, from a source
    where: str | None = None  # where to look for what `reach` lacks
    context: str | None = None  # useful, not confirmed for each landlord


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    summary: str
    src: str  # path of the fiche in content/, e.g. "bonnes-pratiques/astreinte.md"


@dataclass
class Landlord:
    id: str
    name: str
    short_name: str
    legal_form: str | None
    territory: str
    website: str | None
    status: str
    sources: list[Source]
    last_review: str | None
    reviewed_by: str | None
    presentation: list[Fact]
    channels: list[Channel]
    steps: list[Step]
    transitions: list[Transition]
    urgencies: list[UrgencyLevel]
    on_call: OnCall
    recourses: list[Recourse]
    practices: list[Practice]
    notes: list[Fact]
    file: str
    data: dict = field(repr=False)

    @property
    def of_name(self) -> str:
        """« d'OPALE », « de la Régie »: the short name after « de », from the file's nom_court_de.

        Without that field, French elision before a vowel sound; the only place this is decided."""
        return self.data.get("nom_court_de") or de_name(self.short_name)

    @property
    def src(self) -> str:
        """Path of the generated page inside the docs tree; its URL is /bailleurs/<id>/."""
        return f"bailleurs/{self.id}.md"

    @property
    def is_draft(self) -> bool:
        return self.status == "brouillon"

    def outgoing(self, step: Step) -> list[Transition]:
        return [t for t in self.transitions if t.source is step]

    @property
    def cited_sources(self) -> list[Source]:
        """Every source this landlord's page cites, once, in order of first use."""
        seen: dict[str, Source] = {}
        for cite in _citations(self):
            seen.setdefault(cite.source.id, cite.source)
        return list(seen.values())


def _citations(landlord: Landlord):
    for group in (landlord.presentation, landlord.channels, landlord.steps, landlord.urgencies,
                  [landlord.on_call], landlord.recourses, landlord.notes):
        for item in group:
            yield item.citation
