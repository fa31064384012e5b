"""Research tools on the library: citations and their export formats, the timeline of a
search, 历史上的今天, related reports and author pages. Qt-free, like the rest of the core.
"""
