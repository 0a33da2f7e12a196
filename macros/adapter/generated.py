"""Adding a generated file to a MkDocs build, the same way in every hook."""
from __future__ import annotations


def add_generated(files, config, src_uri: str, content: str | bytes) -> None:
    """Add a file made from the data; a hand-written file at the same path would hide a fact's
    single source, so it stops the build instead of silently winning or losing."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    if files.get_file_from_path(src_uri):
        raise PluginError(f"content/{src_uri} existe déjà : ce fichier est généré à partir des données, "
                          "supprimez celui écrit à la main.")
    files.append(File.generated(config, src_uri, content=content))
