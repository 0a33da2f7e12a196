"""A variant of the leaflet (blank association box, or a federation's) is the laid-out leaflet
followed by an incremental update written here: the box's contents as a form XObject drawn at
the box's position, the page that draws it, and the document's title.

The leaflet is a tagged PDF (PDF/UA-1): the update keeps it so. The box is drawn as one
marked-content sequence that belongs to the box's structure element (found by its /ID, see
tagging.py), the page's entry of the parent tree says so, and the XMP metadata carries the
variant's title as the document information does.

pypdf can write such an update, but only after cloning the whole leaflet into a writer, for
each of a landlord's five variants (README, « Performances »). Here the box's objects are serialised once per
variant and worker, with their references left as placeholders; a landlord's copy then only
numbers them after the leaflet's own objects and appends them, with a cross-reference stream.
Nothing of the leaflet is parsed again beyond its trailer and its second page."""
from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from macros.printing.engine import PrintError
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject,
                           StreamObject, TextStringObject)

FORM_NAME = "/CadreAssociation"
# The structure element of the box in the laid-out leaflet (its /ID, from data-pdf-id) and the
# role the box's contents take there: the association's name and contact lines, one paragraph.
SLOT_ROLE = "/P"
# A reference to the box's own object n is written as PLACEHOLDER + n until a copy numbers it.
PLACEHOLDER = 900_000_000
_PLACEHOLDER_REF = re.compile(rb"\b9000(\d{5}) 0 R\b")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XMP_TITLE = re.compile(r"(<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>)(.*?)(</rdf:li>)", re.S)


@dataclass(frozen=True)
class Box:
    """One variant of the box's contents: its objects, numbered from 0 (0 is the form itself),
    each as (dictionary bytes with placeholder references, stream bytes or None)."""
    objects: tuple[tuple[bytes, bytes | None], ...]


def _bytes(obj) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def box_from_stamp(page, bbox: tuple[float, float, float, float]) -> Box:
    """The stamp page of a variant (from the stamps' PDF) as a Box, its font subsets renamed."""
    numbers: dict[int, int] = {}   # the stamp PDF's object number -> the box's own number
    found: list = []

    def detach(value):
        # A copy of the value whose references point to the box's own numbers (as placeholders).
        if isinstance(value, IndirectObject):
            if value.idnum not in numbers:
                numbers[value.idnum] = len(found) + 1
                found.append(value)
            return IndirectObject(PLACEHOLDER + numbers[value.idnum], 0, None)
        if isinstance(value, DictionaryObject):
            return DictionaryObject({NameObject(k): detach(v) for k, v in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject(detach(v) for v in value)
        return value

    resources = _renamed_fonts(detach(page["/Resources"].get_object()))
    form = DictionaryObject({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in bbox), NameObject("/Resources"): resources,
        NameObject("/Filter"): NameObject("/FlateDecode")})
    objects = [_serialised(form, zlib.compress(page.get_contents().get_data(), 9))]
    index = 0
    while index < len(found):  # found grows while the objects it holds are detached
        obj = found[index].get_object()
        copy = _renamed_fonts(detach(DictionaryObject(obj) if isinstance(obj, DictionaryObject) else obj))
        objects.append(_serialised(copy, obj._data if isinstance(obj, StreamObject) else None))
        index += 1
    return Box(tuple(objects))


def _serialised(value, stream: bytes | None) -> tuple[bytes, bytes | None]:
    if stream is None:
        return _bytes(value), None
    header = DictionaryObject(value)
    header[NameObject("/Length")] = NumberObject(len(stream))
    return _bytes(header), stream


@dataclass(frozen=True)
class Tags:
    """The leaflet's structure where the box goes: its element, the page's parent-tree entry, the XMP."""
    slot: int             # the box's structure element (object number) and its entries
    slot_entries: dict
    parent_tree: int      # the parent tree (object number) and its entries
    parent_tree_entries: dict
    mcid: int             # the next marked-content id free on the box's page
    metadata: int         # the XMP metadata stream (object number) and its text
    xmp: str


@dataclass(frozen=True)
class Base:
    """What a copy needs of the laid-out leaflet, read once for all its variants."""
    pdf: bytes
    size: int            # its objects are numbered below this
    previous_xref: int   # offset of its cross-reference section
    root: int
    info: int
    info_entries: dict
    page: int            # the object number of the page that holds the box
    page_entries: dict
    resources: int | None  # the page's resources, if an object of their own
    resource_entries: dict
    tags: Tags

    @classmethod
    def read(cls, pdf: bytes, page_index: int, slot_id: str) -> "Base":
        # late: pypdf is only needed where a PDF is read back
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        match = _STARTXREF.search(pdf[-64:])
        page = reader.pages[page_index]
        resources = page.raw_get("/Resources")
        indirect = isinstance(resources, IndirectObject)
        return cls(pdf if pdf.endswith(b"\n") else pdf + b"\n", int(reader.trailer["/Size"]), int(match.group(1)),
                   reader.trailer.raw_get("/Root").idnum, reader.trailer.raw_get("/Info").idnum,
                   dict(reader.trailer["/Info"].get_object()), page.indirect_reference.idnum, dict(page),
                   resources.idnum if indirect else None, dict(resources.get_object()),
                   _read_tags(reader, page, slot_id))


def _read_tags(reader, page, slot_id: str) -> Tags:
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root or "/Metadata" not in root or "/StructParents" not in page:
        raise PrintError("Le dépliant mis en page n'est pas un PDF balisé : ses copies ne peuvent pas l'être.")
    tree = root["/StructTreeRoot"]
    parent_tree = tree.raw_get("/ParentTree")
    entries = dict(parent_tree.get_object())
    nums = entries["/Nums"]
    key = int(page["/StructParents"])
    marked = next(nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == key)
    slot = _find(tree.raw_get("/K"), slot_id)
    if slot is None:
        raise PrintError(f"Le cadre « {slot_id} » n'est pas dans l'arbre de structure du dépliant "
                         "(attribut data-pdf-id de leaflet.html.j2).")
    metadata = root.raw_get("/Metadata")
    return Tags(slot.idnum, dict(slot.get_object()), parent_tree.idnum, entries, len(marked.get_object()),
                metadata.idnum, metadata.get_object().get_data().decode("utf-8"))


def _find(node, slot_id: str):
    """The reference of the structure element whose /ID is slot_id, depth first from node."""
    stack = [node]
    while stack:
        item = stack.pop()
        value = item.get_object() if isinstance(item, IndirectObject) else item
        if isinstance(value, ArrayObject):
            stack.extend(reversed(value))
        elif isinstance(value, DictionaryObject) and value.get("/Type") != "/OBJR":
            if isinstance(item, IndirectObject) and value.get("/ID") == slot_id:
                return item
            if "/K" in value:
                stack.append(value.raw_get("/K"))
    return None


def stamped(base: Base, box: Box, at: tuple[float, float], title: str, edition: date | None) -> bytes:
    """The leaflet with `box` drawn at `at` (PDF points from the bottom-left of the page)."""
    first = base.size  # the box's own objects come first, then the two drawing streams, then the xref
    count = len(box.objects)
    save, draw, xref = first + count, first + count + 1, first + count + 2

    def ref(number: int) -> IndirectObject:
        return IndirectObject(number, 0, None)

    # The page's own stream leaves its coordinate change active: wrap it in q … Q before drawing.
    tags = base.tags
    # One marked-content sequence: the box's contents, read as its structure element's paragraph.
    streams = {save: b"q\n", draw: (f"\nQ\nq 1 0 0 1 {at[0]:.3f} {at[1]:.3f} cm {SLOT_ROLE} <</MCID {tags.mcid}>> BDC "
                                    f"{FORM_NAME} Do EMC Q\n").encode("ascii")}
    contents = base.page_entries["/Contents"]
    parts = list(contents) if isinstance(contents, ArrayObject) else [contents]
    page = DictionaryObject(base.page_entries)
    page[NameObject("/Contents")] = ArrayObject([ref(save), *parts, ref(draw)])
    resources = DictionaryObject(base.resource_entries)
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    xobjects[NameObject(FORM_NAME)] = ref(first)
    resources[NameObject("/XObject")] = xobjects
    info = DictionaryObject(base.info_entries)
    info[NameObject("/Title")] = TextStringObject(title)
    if edition is not None:
        stamp_date = edition.strftime("D:%Y%m%d000000Z")
        info.update({NameObject("/CreationDate"): TextStringObject(stamp_date),
                     NameObject("/ModDate"): TextStringObject(stamp_date)})

    slot = DictionaryObject(tags.slot_entries)
    del slot[NameObject("/ID")]  # a name for the printing code only, not for readers
    slot.update({NameObject("/S"): NameObject(SLOT_ROLE), NameObject("/Pg"): ref(base.page),
                 NameObject("/K"): ArrayObject([NumberObject(tags.mcid)])})
    parent_tree = DictionaryObject(tags.parent_tree_entries)
    nums = ArrayObject(parent_tree["/Nums"])
    key = int(base.page_entries["/StructParents"])
    at_page = next(i + 1 for i in range(0, len(nums), 2) if int(nums[i]) == key)
    nums[at_page] = ArrayObject([*nums[at_page].get_object(), ref(tags.slot)])
    parent_tree[NameObject("/Nums")] = nums
    xmp = _XMP_TITLE.sub(lambda m: m.group(1) + escape(title) + m.group(3), tags.xmp, count=1).encode("utf-8")
    metadata = DictionaryObject({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML"),
                                 NameObject("/Length"): NumberObject(len(xmp))})

    out = bytearray(base.pdf)
    offsets: dict[int, int] = {}

    def write(number: int, header: bytes, stream: bytes | None = None) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + header)
        if stream is not None:
            out.extend(b"\nstream\n" + stream + b"\nendstream")
        out.extend(b"\nendobj\n")

    renumber = (lambda m: b"%d 0 R" % (first + int(m.group(1))))
    for offset, (header, stream) in enumerate(box.objects):
        write(first + offset, _PLACEHOLDER_REF.sub(renumber, header), stream)
    for number, data in streams.items():
        write(number, _bytes(DictionaryObject({NameObject("/Length"): NumberObject(len(data))})), data)
    if base.resources is None:
        page[NameObject("/Resources")] = resources
    else:
        write(base.resources, _bytes(resources))
    write(base.page, _bytes(page))
    write(base.info, _bytes(info))
    write(tags.slot, _bytes(slot))
    write(tags.parent_tree, _bytes(parent_tree))
    write(tags.metadata, _bytes(metadata), xmp)
    offsets[xref] = len(out)
    numbers = sorted(offsets)
    rows = b"".join(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00" for n in numbers)
    index = ArrayObject()
    for number in numbers:  # runs of consecutive numbers, as (first, count) pairs
        if index and index[-2] + index[-1] == number:
            index[-1] = NumberObject(index[-1] + 1)
        else:
            index.extend([NumberObject(number), NumberObject(1)])
    trailer = DictionaryObject({
        NameObject("/Type"): NameObject("/XRef"), NameObject("/Size"): NumberObject(xref + 1),
        NameObject("/Root"): ref(base.root), NameObject("/Info"): ref(base.info),
        NameObject("/Prev"): NumberObject(base.previous_xref), NameObject("/Index"): index,
        NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(4), NumberObject(1)]),
        NameObject("/Length"): NumberObject(len(rows))})
    out.extend(b"%d 0 obj\n" % xref + _bytes(trailer) + b"\nstream\n" + rows + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[xref])
    return bytes(out)


def _renamed_fonts(value):
    """Give the box's font subsets their own tag: two subsets of one PDF must not share a name."""
    if isinstance(value, DictionaryObject):
        for key in ("/BaseFont", "/FontName"):
            name = value.get(key)
            if isinstance(name, NameObject) and "+" in name:
                tag, rest = name[1:].split("+", 1)
                value[NameObject(key)] = NameObject(f"/{_other_tag(tag)}+{rest}")
    return value


def _other_tag(tag: str) -> str:
    # Six capital letters, as the PDF standard asks, derived from the original: stable across builds.
    return "".join(chr(ord("A") + (ord(c) - ord("A") + 13) % 26) if "A" <= c <= "Z" else "C" for c in tag)
