"""Places linked to China's administrative divisions, and officials' jurisdictions: a stage of its own.

It reads an article's extraction and the division gazetteer
(:mod:`newskg.names.gazetteer`) and writes :class:`newskg.geo.link.ArticleLinks`,
which graph assembly takes.
"""
