"""The site's menu in the order a tenant needs it: emergencies first, the partners' pages last.
MkDocs would sort it alphabetically; the urgency pages follow the tenant's path, and with many
landlords the landlords are grouped by territory."""
from __future__ import annotations

from macros.data.bundle import Bundle
from macros.letters.links import letter_links
from macros.pages import landlords as pages

# A top-level entry is named by its page's path or its folder. Entries not listed keep their place
# before the last ones.
MENU = [
    ("index.md", None), ("urgences/", "Urgences"), ("bailleurs/", "Les bailleurs"), ("sujets/", "Vos questions"),
    ("recours/", "Ma réclamation n'avance pas"), ("lettres/", "Lettres et délais"), ("bonnes-pratiques/", "Bonnes pratiques"),
    ("jeu/", "Le jeu de l'oie"), ("imprimer.md", None), ("federations/", "Les fédérations de locataires"),
    ("glossaire.md", None), ("a-propos.md", None),
    ("*", None), ("donnees.md", None), ("a-verifier.md", None),
    ("contribuer/", "Compléter les fiches (partenaires)"),
]


def order(nav, bundle: Bundle, urgency_order: list[str], section_class, page_class) -> None:
    """Sort the menu, then recompute "previous / next" from the new order."""
    keys = [k for k, _ in MENU]
    titles = dict(MENU)
    rank = {k: i for i, k in enumerate(keys)}
    for item in nav.items:
        title = titles.get(_menu_key(item))
        if title and item.is_section:
            item.title = title
    # The code pages for partners (/integrer/<id>/code/) are reached from each landlord page, not
    # from the tenants' menu.
    nav.items[:] = [item for item in nav.items if not _only_under(item, "integrer/")]
    nav.items.sort(key=lambda item: rank.get(_menu_key(item), rank["*"]))
    _order_landlords_section(nav, bundle, section_class)
    _order_letters(nav, bundle)
    _order_urgencies(nav, urgency_order)
    _relink(nav, page_class)


def _order_letters(nav, bundle: Bundle) -> None:
    """The letters in the order a tenant sends them (the letters file's), after their index."""
    section = next((i for i in nav.items if i.is_section and _menu_key(i) == "lettres/"), None)
    if section is not None:
        rank = {link.src: i for i, link in enumerate(letter_links(bundle.guide))}
        section.children.sort(key=lambda c: rank.get(_src(c), -1))


def _only_under(item, prefix: str) -> bool:
    """True if every page of this menu item (a page or a section, at any depth) is under prefix."""
    file = getattr(item, "file", None)
    if file is not None:
        return file.src_uri.startswith(prefix)
    children = getattr(item, "children", None) or []
    return bool(children) and all(_only_under(c, prefix) for c in children)


def _menu_key(item) -> str:
    file = getattr(item, "file", None)
    if file is not None:
        return file.src_uri
    children = [c for c in item.children if getattr(c, "file", None) is not None]
    return children[0].file.src_uri.split("/")[0] + "/" if children else ""


def _src(item) -> str | None:
    file = getattr(item, "file", None)
    return file.src_uri if file is not None else None


def _order_landlords_section(nav, bundle: Bundle, section_class) -> None:
    """Index, comparison, its territory pages, then the landlords: with hundreds of landlords the
    comparison would otherwise sit somewhere in the middle of their list."""
    section = next((i for i in nav.items if i.is_section and _menu_key(i) == "bailleurs/"), None)
    if section is None:
        return
    guide = bundle.guide
    territories = next((c for c in section.children if c.is_section
                        and any((_src(p) or "").startswith("bailleurs/comparaison/") for p in c.children)), None)
    if territories is not None:
        territories.title = "Comparer par territoire"
        rank = {t.src: i for i, t in enumerate(pages.territories(guide))}
        territories.children.sort(key=lambda c: rank.get(_src(c), len(rank)))
    first = {"bailleurs/index.md": 0, pages.COMPARISON_SRC: 1}
    section.children.sort(key=lambda c: 2 if c is territories else first.get(_src(c), 3))
    if pages.comparison_split(guide):
        _group_landlords_by_territory(section, guide, section_class)


def _group_landlords_by_territory(section, guide, section_class) -> None:
    """With many landlords, one sub-menu per territory. A tenant looks for a landlord near home,
    not in a list of hundreds; each page's menu then holds its own territory's landlords."""
    by_src = {_src(c): c for c in section.children if _src(c)}
    grouped: list = []
    for territory in pages.territories(guide):
        members = [by_src.pop(l.src) for l in territory.landlords if l.src in by_src]
        if members:
            group = section_class(territory.name, members)
            group.parent = section
            for page in members:
                page.parent = group
            grouped.append(group)
    # What was not grouped (the index, the comparisons) keeps its place, before the territories.
    section.children[:] = [c for c in section.children if c.parent is section] + grouped


def _order_urgencies(nav, urgency_order: list[str]) -> None:
    # Alphabetical order would put « À programmer » first: follow the tenant's path instead.
    rank = {src: i for i, src in enumerate(urgency_order)}
    for item in nav.items:
        children = getattr(item, "children", None)
        if not children or not any(getattr(c, "file", None) and c.file.src_uri in rank for c in children):
            continue
        children.sort(key=lambda c: rank.get(getattr(getattr(c, "file", None), "src_uri", ""), len(rank)))
        item.title = "Urgences"


def _relink(nav, page_class) -> None:
    """Recompute the page order and the "previous / next" links after the menu has moved."""
    def walk(items):
        for item in items:
            if isinstance(item, page_class):
                yield item
            yield from walk(getattr(item, "children", None) or [])

    nav.pages = list(walk(nav.items))
    for before, after in zip([None] + nav.pages[:-1], nav.pages):
        if before is not None:
            before.next_page = after
        after.previous_page = before
    if nav.pages:
        nav.pages[-1].next_page = None
