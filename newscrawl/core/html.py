"""What HTML's tags mean to a reader, shared by the extraction walk and the furniture learner."""

from __future__ import annotations

#: Tags that make a block of their own: text inside one is never run into the text beside it.
BLOCK_TAGS = frozenset(
    {
        *("html", "body", "main", "article", "section", "header", "footer", "nav", "aside", "address"),
        *("div", "p", "pre", "blockquote", "center", "form", "fieldset", "legend", "dialog", "details", "summary"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hgroup"),
        *("ul", "ol", "li", "menu", "dl", "dt", "dd"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption"),
    }
)
