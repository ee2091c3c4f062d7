"""The plan catalog: the Implementation Plan (2021-2030) and its Capacity-Building Action Plan as data.

    from engine.catalog import load_catalog
    catalog = load_catalog()            # read and validated once per process
    catalog.lookup("A.10a")             # the indicator A.10(a)
    catalog.suggest("A.8.9")            # ["A.8.2", "A.8.1", ...]
"""

from .loader import NO_ARTICLE, Catalog, CatalogError, Entry, load_catalog, load_catalog_from

__all__ = ["NO_ARTICLE", "Catalog", "CatalogError", "Entry", "load_catalog", "load_catalog_from"]
