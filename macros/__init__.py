"""The guide's generator: data → diagrams → pages / printing / game, behind one MkDocs adapter."""
