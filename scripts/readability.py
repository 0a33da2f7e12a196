"""Readability of the tenant-facing pages of the built site: mean words per sentence, share of
sentences over 25 words, longest sentence. `scripts/readability.py [site]` prints the table the
README shows; tests/test_readability.py fails when a page gets worse than its limit.

What is measured: the page's main text (<article>), without code, diagrams, permalinks, source
boxes and source lines. A sentence ends with . ! ? … or » and has at least 4 words (labels such
as « Qui agit : » are not sentences). Words are runs of letters or digits."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
LIMITS = ROOT / "tests" / "readability_limits.json"
LONG = 25
# Pages for partners or maintainers, not for tenants.
NOT_FOR_TENANTS = ("a-verifier/", "donnees/", "integrer/", "contribuer/", "404.html", "a-propos/")
_SENTENCE = re.compile(r"[^.!?…»]+[.!?…»]+")
_WORD = re.compile(r"[\w’'-]+")


def tenant_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith(NOT_FOR_TENANTS))


def sentences(html: str) -> list[int]:
    """The word count of each sentence of the page's main text."""
    doc = BeautifulSoup(html, "html.parser")
    art = doc.find("article")
    if art is None:
        return []
    # The letter tool (a form and a letter model to fill in) is not prose: it is measured without it.
    for tag in art.select("pre, code, svg, figure, script, style, .headerlink, .source, small.source, .lettre-outil"):
        tag.decompose()
    for details in art.find_all("details"):
        summary = details.find("summary")
        if summary and summary.get_text(strip=True).startswith("Source"):
            details.decompose()
    sources = art.find(id="sources")
    if sources is not None:
        for sib in list(sources.find_next_siblings()):
            sib.decompose()
        sources.decompose()
    counts = []
    for block in art.find_all(["p", "li", "dd", "td"]):
        if block.find(["p", "li", "dd", "td"]):
            continue  # the innermost blocks only, so that nothing is counted twice
        text = " ".join(block.get_text().split())
        if text.startswith("Source"):
            continue
        for s in _SENTENCE.findall(text):
            n = len(_WORD.findall(s))
            if n >= 4:
                counts.append(n)
    return counts


def figures(site: Path) -> dict[str, dict]:
    out = {}
    for page in tenant_pages(site):
        counts = sentences(page.read_text(encoding="utf-8"))
        if not counts:
            continue
        url = "/" + page.relative_to(site).parent.as_posix().strip(".") + ("/" if page.parent != site else "")
        url = url.replace("//", "/")
        out[url] = {"phrases": len(counts), "moyenne": round(sum(counts) / len(counts), 1),
                    "part_longues": round(100 * sum(c > LONG for c in counts) / len(counts), 1),
                    "plus_longue": max(counts)}
    return out


def table(limits: dict[str, dict]) -> str:
    rows = ["| Page | Mots par phrase (moyenne) | Phrases de plus de 25 mots | Phrase la plus longue |",
            "|---|---|---|---|"]
    for url in sorted(limits):
        f = limits[url]
        rows.append(f"| `{url}` | {f['moyenne']:.1f} | {f['part_longues']:.1f} % | {f['plus_longue']} mots |")
    return "\n".join(rows)


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    figs = figures(site)
    if "--limites" in sys.argv:
        LIMITS.write_text(json.dumps({u: {k: v for k, v in f.items() if k != "phrases"} for u, f in figs.items()},
                                     ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(table(figs))
