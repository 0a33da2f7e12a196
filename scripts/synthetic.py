"""Synthetic, schema-valid landlords for the benchmark: varied circuit sizes, fixed random seed.

Every name says it is fictitious; these files never go into the real guide."""
from __future__ import annotations

import random
from pathlib import Path

import yaml

from macros.data.guide import circuit_files

ACTORS = ["Le gardien", "L'agent de proximité", "Le service réclamations", "L'agence", "Une entreprise", None]
CONDITIONS = ["si c'est urgent", "réparation", "gestion locative", "propreté", "accompagnement social", None]
KINDS = ["telephone", "accueil_agence", "gardien", "agent_proximite", "extranet", "courriel", "courrier"]
PRACTICES = ["astreinte", "carnet-de-souche", "controle-travaux", "extranet-locataire", "manager-proprete", "visite-cesf"]


def landlord(index: int, rng: random.Random, territories: int) -> dict:
    ident = f"fictif-{index:04d}"
    size = rng.choice([3, 5, 7, 9, 12, 15])
    steps = [{"id": f"etape-{n}", "titre": f"Étape fictive {n} du bailleur {index}",
              "acteur": rng.choice(ACTORS), "description": "Texte de démonstration." if rng.random() < .5 else None,
              "le_locataire_recoit": None,
              "delai": {"valeur": rng.choice([1, 2, 5, 10]), "unite": rng.choice(["heures", "jours", "jours_ouvres"])}
              if rng.random() < .4 else None,
              "source": {"ref": "bilan-2017"}} for n in range(1, size + 1)]
    moves = [{"de": steps[n]["id"], "vers": steps[n + 1]["id"]} for n in range(size - 1)]
    for _ in range(size // 3):  # some branches that skip ahead
        a = rng.randrange(0, size - 2)
        b = rng.randrange(a + 2, size)
        moves.append({"de": steps[a]["id"], "vers": steps[b]["id"], "condition": rng.choice(CONDITIONS[:-1])})
    if size > 2:
        moves.append({"de": steps[size // 2]["id"], "vers": steps[0]["id"], "condition": "relance", "relance": True})
    return {
        "id": ident, "nom": f"Bailleur fictif n°{index}", "nom_court": f"Fictif {index}",
        "statut_juridique": rng.choice(["OPH", "ESH", None]),
        "territoire": f"Territoire fictif {index % territories + 1}", "site_web": None,
        "provenance": {"statut": "brouillon", "sources": [], "derniere_revue": None, "relu_par": None},
        "canaux": [{"type": k, "libelle": f"Canal fictif ({k})", "source": {"ref": "bilan-2017"}}
                   for k in rng.sample(KINDS, rng.randint(1, 3))],
        "etapes": steps, "transitions": moves,
        "urgences": [{"niveau": f"Niveau {n}", "exemples": ["exemple fictif"],
                      "delai_max": {"valeur": 4 * n, "unite": "heures"}, "source": {"ref": "bilan-2017"}}
                     for n in range(1, rng.randint(1, 3) + 1)],
        "astreinte": {"existe": rng.choice([True, False, None]), "comment_joindre": None, "horaires": None,
                      "source": {"ref": "bilan-2017"}},
        "recours": [],
        "pratiques": rng.sample(PRACTICES, rng.randint(0, 3)),
    }


def write_landlords(circuits_dir: Path, count: int, seed: int = 2017) -> None:
    """Bring a project copy to `count` landlords: the real ones first, then synthetic ones.

    The real landlords stay because other data (urgency notes, the game) refers to them."""
    rng = random.Random(seed)
    real = circuit_files(circuits_dir)
    for path in real[count:]:
        path.unlink()
    for i in range(1, count - len(real) + 1):
        data = landlord(i, rng, territories=max(1, count // 10))
        text = "# yaml-language-server: $schema=./schema.json\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (circuits_dir / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
