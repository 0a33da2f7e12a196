"""Turn validated circuit dicts into model objects."""
from __future__ import annotations

from macros.data.model import (Channel, Citation, Delay, Fact, Landlord, OnCall, Practice, Recourse, Source, Step,
                    Transition, UrgencyLevel)


def build_landlord(data: dict, file: str, shared_sources: dict[str, Source],
                   practices: dict[str, Practice]) -> Landlord:
    sources = {**shared_sources, **{s["id"]: Source.from_data(s) for s in data["provenance"]["sources"]}}

    def cite(item: dict) -> Citation:
        ref = item["source"]
        return Citation(sources[ref["ref"]], ref.get("passage"))

    def fact(item: dict) -> Fact:
        return Fact(item["texte"], cite(item), item.get("a_verifier"))

    steps = [Step(s["id"], n, s["titre"], s["acteur"], s["description"], s["le_locataire_recoit"],
                  Delay.from_data(s["delai"]), cite(s), s.get("a_verifier"))
             for n, s in enumerate(data["etapes"], start=1)]
    by_id = {s.id: s for s in steps}
    oc = data["astreinte"]
    return Landlord(
        id=data["id"], name=data["nom"], short_name=data["nom_court"], legal_form=data.get("statut_juridique"),
        territory=data["territoire"], website=data["site_web"],
        status=data["provenance"]["statut"],
        sources=[Source.from_data(s) for s in data["provenance"]["sources"]],
        last_review=data["provenance"]["derniere_revue"], reviewed_by=data["provenance"]["relu_par"],
        presentation=[fact(f) for f in data.get("presentation", [])],
        channels=[Channel(c["type"], c["libelle"], c.get("details"), c.get("coordonnees"), c.get("horaires"),
                          c.get("numero_de_suivi"), c.get("accuse_de_reception"), cite(c), c.get("a_verifier"))
                  for c in data["canaux"]],
        steps=steps,
        transitions=[Transition(by_id[t["de"]], by_id[t["vers"]], t.get("condition"), t.get("relance", False))
                     for t in data["transitions"]],
        urgencies=[UrgencyLevel(u["niveau"], tuple(u["exemples"]), Delay.from_data(u["delai_max"]), cite(u),
                                u.get("a_verifier")) for u in data["urgences"]],
        on_call=OnCall(oc["existe"], oc["comment_joindre"], oc["horaires"], oc.get("pour_quoi"), cite(oc),
                       oc.get("a_verifier")),
        recourses=[Recourse(r["titre"], r["description"], cite(r), r.get("a_verifier")) for r in data["recours"]],
        practices=[practices[p] for p in data["pratiques"]],
        notes=[fact(f) for f in data.get("notes", [])],
        file=file, data=data,
    )
