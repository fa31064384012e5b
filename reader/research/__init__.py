"""Research tools on the library, Qt-free like the rest of the core.

``citation`` (GB/T 7714, APA) and ``export_formats`` (RIS, CSL-JSON, Markdown,
CSV) fed by ``entries``; ``timeline`` (a search's counts per year or month);
``onthisday`` (历史上的今天); ``related`` (related reports and follow-ups);
``authors`` (top bylines); ``saved_searches`` (saved searches and the query
history). Passage highlights live with the bookmarks, in
:mod:`reader.bookmarks.highlights`.
"""
