"""cchc-kg: knowledge graph of Vietnamese CCHC documents.

This package must stay cheap to import: it imports no graph library.
"""

__version__ = "0.1.0"
