"""Federation pages: generated from the data, contact details only where the data has them."""
from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from support.projects import ROOT, run_script



def federations_data() -> dict:
    return yaml.safe_load((ROOT / "circuits" / "federations.yaml").read_text(encoding="utf-8"))


def test_one_page_per_federation_with_its_facts_and_unknown_contacts(site_dir):
    data = federations_data()
    index = BeautifulSoup((site_dir / "federations" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for fed in data["federations"]:
        page = site_dir / "federations" / fed["id"] / "index.html"
        # No separator: the glossary wraps acronyms in <abbr>, which must not add spaces.
        text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text().split())
        assert fed["sigle"] in text
        for fact in data["faits"]:
            words = " ".join(fact["texte"].split())
            assert (words in text) == (fed["id"] in fact["federations"]), (fed["id"], words[:40])
        unknown = [v for v in fed["coordonnees"].values() if v is None]
        assert text.count("À compléter") >= len(unknown)
        assert index.find("a", href=f"{fed['id']}/") is not None


def test_a_fact_naming_an_unknown_federation_stops_the_check(project_copy):
    path = project_copy / "circuits" / "federations.yaml"
    text = path.read_text(encoding="utf-8").replace("  - federations: [csf, clcv, cnl, indecosa-cgt]",
                                                    "  - federations: [csf, inconnue]", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "[csf, inconnue]" in l)
    result = run_script("check_data.py", "--root", str(project_copy))
    assert result.returncode == 1
    assert f"circuits/federations.yaml:{line}: faits[0].federations[1]: trouvé la fédération inconnue « inconnue »" \
        in result.stderr
