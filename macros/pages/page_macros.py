"""Functions available to hand-written pages (with `render_macros: true` in their front matter).

Each macro reads the data (circuits/*.yaml, the fiches' front matter) and returns Markdown, so a
page never copies a fact, a source or a list of landlords by hand. Links are written relative to
the page being rendered, as links to .md files: MkDocs checks them in strict mode."""
from __future__ import annotations

import posixpath

from markupsafe import escape

from macros.data.datafile import fill
from macros.data.model import Citation
from macros.pages.markup import TODO_HTML, Md, marked, source_anchor, url
from macros.pages.render import environment

from macros.letters.links import letter_links

# The page that lists every source; a source without a web address links to its entry there.
SOURCES_PAGE = "a-propos.md"
MATRIX_YES = "Oui"
MATRIX_UNKNOWN = "Pas connu"


def fill_front_matter(meta: dict, territory) -> None:
    """A page's front matter may name the territory too: « description: … ${en}. »; the theme
    prints it as it is, so the territory's values go in escaped."""
    values = {k: str(escape(v)) for k, v in territory.values.items()}
    for key, value in meta.items():
        if isinstance(value, str) and "${" in value:
            text, unknown = fill(value, values)
            if unknown:
                raise KeyError(f"en-tête de page, {key} : ${{{unknown[0]}}} inconnu ; attendu : un nom de "
                               f"circuits/territoire.yaml ({', '.join(sorted(territory.values))})")
            meta[key] = text


def register(env, bundle) -> None:
    """Define each macro with `env.macro`; `env.page` is the page being rendered when one runs."""
    templates = environment()

    def guide():
        return bundle.guide

    def terms():
        return bundle.glossary

    def link(target: str) -> str:
        """The path of a docs file (e.g. "recours/index.md") relative to the page being rendered."""
        here = posixpath.dirname(env.page.file.src_uri)
        return posixpath.relpath(target, here or ".")

    def source_item(citation: Citation) -> str:
        s = citation.source
        href = url(s.url) if s.url else Md(f"{link(SOURCES_PAGE)}#{source_anchor(s.id)}")
        text = Md("[{}]({})").format(s.title, href)
        if s.date and not s.url:
            text += Md(" ({})").format(s.date)
        return text + (Md(", {}").format(citation.passage) if citation.passage else "")

    def sources_block(citations, title: str = "Sources") -> str:
        # One block per claim section, always the same form: the test of the built site looks for it.
        seen, items = set(), []
        for c in citations:
            key = (c.source.id, c.passage)
            if key not in seen:
                seen.add(key)
                items.append(Md("    - {}").format(source_item(c)))
        return Md('??? note "{}"\n').format(title) + Md("\n").join(items) + Md("\n")

    def cite(ref) -> Citation:
        """"id" or ["id", "passage"]: a source of circuits/commun.yaml; an unknown id stops the build."""
        ref_id, passage = (ref, None) if isinstance(ref, str) else (ref[0], ref[1])
        if ref_id.startswith("@"):
            raise ValueError(f"{env.page.file.src_uri} : « {ref_id} » : les exemples locaux se citent dans sources()")
        known = guide().sources
        if ref_id not in known:
            raise KeyError(f"{env.page.file.src_uri} : source inconnue « {ref_id} » ; "
                           f"attendu : un identifiant de circuits/commun.yaml")
        return Citation(known[ref_id], passage)

    def landlord_sources() -> str:
        # A table drawn from the circuits: its sources are those at the foot of each landlord's page.
        items = [Md("    - [{} : les sources de sa fiche]({}#sources)").format(l.short_name, link(l.src))
                 for l in guide().landlords]
        return Md('??? note "Sources"\n') + Md("\n").join(items) + Md("\n")

    def render(template: str, **context) -> Md:
        return Md(templates.get_template(template).render(link=link, sources_block=sources_block,
                                                          landlord_sources=landlord_sources, **context))

    @env.macro
    def landlords():
        """The landlords of the guide, sorted by short name."""
        return guide().landlords

    @env.macro
    def practices():
        return list(guide().practices.values())

    def territory():
        return guide().territory

    def local_example(example_id: str):
        """A local example of circuits/territoire.yaml, or None when this territory has none by that id."""
        return territory().example(example_id)

    @env.macro
    def sources(*refs) -> str:
        """The "Sources" block closing a claim section: sources("loi-89-462-art-20", ["bilan-2017", "annexe, point 3"]).
        "@id" stands for the sources of the local example (or local body) id of circuits/territoire.yaml,
        "?id" (or ["?id", "passage"]) for a source of the territory, each when the territory has it;
        a block left with no source is not shown."""
        if not refs:
            raise ValueError(f"{env.page.file.src_uri} : sources() sans aucune source")
        cited = []
        for r in refs:
            ref_id = r if isinstance(r, str) else r[0]
            if ref_id.startswith("@"):
                local = local_example(ref_id[1:]) or territory().bodies.get(ref_id[1:])
                cited += list(local.citations) if local else []
            elif ref_id.startswith("?"):
                # A source of the territory, cited when this territory has it.
                if ref_id[1:] in guide().sources:
                    cited.append(cite([ref_id[1:], None if isinstance(r, str) else r[1]]))
            else:
                cited.append(cite(r))
        return sources_block(cited) if cited else Md("")

    @env.macro
    def territoire(key: str) -> str:
        """A name of the territory (circuits/territoire.yaml): territoire("en") -> « dans le Nord »."""
        values = territory().values
        if key not in values:
            raise KeyError(f"{env.page.file.src_uri} : territoire(« {key} ») inconnu ; attendu : "
                           + ", ".join(sorted(values)))
        return Md("{}").format(values[key])

    @env.macro
    def a_exemple(example_id: str) -> bool:
        """Whether the territory has this local example: {% if a_exemple("id") %} … {% endif %}."""
        return local_example(example_id) is not None

    @env.macro
    def exemple_local(example_id: str, liste: bool = False) -> str:
        """The text of a local example, as Markdown (escaped); nothing when the territory has none.
        « À compléter » in the text is marked as everywhere; liste: the example is one list item."""
        example = local_example(example_id)
        if example is None:
            return Md("")
        out = []
        for is_list, lines in example.paragraphs:
            if is_list:
                out.append(Md("\n").join(Md("- ") + marked(l) for l in lines))
            else:
                out.append(Md("- ") + marked(lines[0]) if liste else marked(lines[0]))
        return Md("\n" if liste else "\n\n").join(out)

    @env.macro
    def section_locale(example_id: str, ancre: str, niveau: int = 2) -> str:
        """A whole section about a local example: its title (titre), text and Sources block;
        nothing when the territory has none."""
        example = local_example(example_id)
        if example is None:
            return Md("")
        if not example.title:
            raise ValueError(f"{env.page.file.src_uri} : l'exemple local « {example_id} » n'a pas de titre "
                             "(circuits/territoire.yaml, exemples[].titre)")
        head = Md("#" * niveau) + Md(" {} {{ #{} }}").format(example.title, ancre)
        return Md("\n\n").join([head, exemple_local(example_id), sources_block(list(example.citations))])

    @env.macro
    def bailleurs_du_guide(forme: str = "court") -> str:
        """The guide's landlords in words: « A, B et C » (short names), or with forme="de" the names
        after « de » as each file writes it (« d'A, de la B et de C »)."""
        names = [l.of_name if forme == "de" else l.short_name for l in guide().landlords]
        names = [Md("{}").format(n) for n in names]
        return names[0] if len(names) == 1 else Md(", ").join(names[:-1]) + Md(" et ") + names[-1]

    @env.macro
    def pratique(practice_id: str) -> str:
        """A link to a practice fiche, by id; an unknown id stops the build."""
        practice = guide().practices.get(practice_id)
        if practice is None:
            raise KeyError(f"{env.page.file.src_uri} : pratique inconnue « {practice_id} » ; attendu : "
                           + ", ".join(sorted(guide().practices)))
        return Md("[{}]({})").format(practice.title, link(practice.src))

    @env.macro
    def bailleurs_appliquant(practice_id: str) -> str:
        """In words: which landlords of the guide apply a practice, with a link to each."""
        pratique(practice_id)  # checks the id
        names = [Md("[{}]({})").format(l.short_name, link(l.src)) for l in guide().landlords_applying(practice_id)]
        if not names:
            return Md("aucun des bailleurs du guide, d'après les informations réunies")
        return names[0] if len(names) == 1 else Md(", ").join(names[:-1]) + Md(" et ") + names[-1]

    @env.macro
    def comment_demander(practice_id: str) -> str:
        """The "how to ask your landlord for it" section of a fiche: the same channels for every practice."""
        pratique(practice_id)  # checks the id
        applying = guide().landlords_applying(practice_id)
        return render("practice_request.md.j2", applying=bailleurs_appliquant(practice_id) if applying else None,
                      territory=guide().territory,
                      cite=cite)

    @env.macro
    def recours() -> str:
        """The recourse ladder of circuits/commun.yaml, one section per rung, with whom it is for."""
        g = guide()
        rows = []
        for rung in g.ladder:
            applies = [l for l in g.landlords if rung in g.ladder_for(l)]
            if len(applies) == len(g.landlords):
                who = "tous les locataires des bailleurs du guide"
            else:
                who = Md("si votre bailleur est ") + Md(" ou ").join(
                    Md("[{}]({})").format(l.short_name, link(l.src)) for l in applies)
                who += Md(" ({})").format(", ".join(rung.legal_forms))
            rows.append((rung, who))
        return render("recourse_ladder.md.j2", rows=rows, letters=letter_links(g))

    @env.macro
    def astreinte_par_bailleur() -> str:
        """Each landlord's on-call number, with a link to its page; for those the guide does not
        know, a short "not yet" and where a tenant can look for it (circuits/urgences.yaml, sourced)."""
        known, unknown = [], []
        for l in guide().landlords:
            oc = l.on_call
            target = Md("[{}]({}#astreinte)").format(l.short_name, link(l.src))
            if oc.exists and oc.how_to_reach:
                known.append(Md("{} : {}.").format(target, oc.how_to_reach))
            else:
                unknown.append(target)
        out = Md(" ").join(known)
        if unknown:
            names = unknown[0] if len(unknown) == 1 else Md(", ").join(unknown[:-1]) + Md(" et ") + unknown[-1]
            out += (Md(" ") if out else Md("")) + Md("Ce guide ne l'a pas encore pour {} ({}). {}").format(
                names, TODO_HTML, bundle.urgencies.unknown_on_call.where)
        return out

    @env.macro
    def sources_astreinte_inconnue() -> str:
        """The sources of "where to look for the on-call number", for the page's Sources block."""
        return sources_block(list(bundle.urgencies.unknown_on_call.citations))

    @env.macro
    def matrice_pratiques() -> str:
        """Practices by landlord, from the `pratiques` lists of the circuits."""
        g = guide()
        rows = [(p, [MATRIX_YES if p in l.practices else MATRIX_UNKNOWN for l in g.landlords])
                for p in sorted(g.practices.values(), key=lambda p: p.title.casefold())]
        return render("practice_matrix.md.j2", landlords=g.landlords, rows=rows)

    @env.macro
    def suivi_par_bailleur() -> str:
        """For each landlord: can one follow a complaint (tracking number, acknowledgement, extranet)?"""
        def yes_no(values):
            known = [v for v in values if v is not None]
            if not known:
                return TODO_HTML
            return "Oui" if any(known) else "Non"

        rows = []
        for l in guide().landlords:
            online = [c for c in l.channels if c.kind == "extranet"]
            rows.append((l, yes_no([c.tracking_number for c in l.channels]),
                         yes_no([c.acknowledgement for c in l.channels]),
                         "Oui" if online or any(p.id == "extranet-locataire" for p in l.practices) else TODO_HTML))
        return render("tracking_list.md.j2", rows=rows)

    @env.macro
    def acteurs_par_bailleur() -> str:
        """Who acts in each landlord's circuit, in the order of the steps (from the circuit data)."""
        rows = []
        for l in guide().landlords:
            actors = []
            for step in l.steps:
                if step.actor and step.actor != "Vous" and step.actor not in actors:
                    actors.append(step.actor)
            rows.append((l, actors))
        return render("actors_list.md.j2", rows=rows)

    @env.macro
    def glossaire() -> str:
        """Every abbreviation: its expansion (or "À compléter"), what it is, and its sources."""
        entries = [(t, Md(" ; ").join(source_item(c) for c in t.citations)) for t in terms()]
        return render("glossary.md.j2", entries=entries, todo=TODO_HTML)

    @env.macro
    def toutes_les_sources() -> str:
        """Every shared source, each with an anchor, so a document without a web address can be cited."""
        return render("sources_list.md.j2", sources=list(guide().sources.values()), anchor=lambda s: source_anchor(s.id))
