"""The article record's fields: the contract every site, pipeline and export shares.

Kept free of Scrapy so that the dataset export (which never crawls) does not
pay for importing it; ``newscrawl.crawler.items`` builds the Scrapy item from this table.
"""

from __future__ import annotations

#: field name -> (JSON type, description). The dataset card and the Parquet
#: schema are built from this table, so a new field is documented once, here.
ARTICLE_FIELDS: dict[str, tuple[str, str]] = {
    "url": ("str", "URL fetched, canonicalized (tracking parameters dropped)"),
    "canonical_url": ("str|null", "the canonical URL the page declares"),
    "site": ("str", "spider name, e.g. islamtimes"),
    "article_id": ("str|null", "the site's own id, taken from the URL"),
    "language": ("str", "ISO 639-1 code detected from headline + body; one of the site's kept languages"),
    "headline": ("str", "normalized Urdu headline"),
    "published_at": (
        "str|null",
        "ISO 8601 with the offset the page or the site gives (not converted to UTC, so its date is the "
        "calendar day a reader saw); the most precise date the page gives",
    ),
    "published_precision": (
        "str|null",
        "what the page stated of published_at: day (a date alone, time 00:00), minute or second; "
        "null when published_at is",
    ),
    "published_text": ("str|null", "the visible date line as written"),
    "summary": ("str|null", "the lead"),
    "body": ("str", "article paragraphs joined by a blank line"),
    "source": ("str|null", "the value after the ذریعہ: label"),
    "keywords": ("list[str]", "keywords in page order, normalized, no empties or duplicates"),
    "read_also": ("list[{url,title}]", "related articles (پڑھیں:), absolute canonical URLs"),
    "crawled_at": ("str", "ISO 8601 UTC time of the fetch"),
    "content_hash": ("str", "SHA-256 of normalized headline + body, for duplicate detection"),
    "warc": (
        "{file,offset:int,record_id}|null",
        "where the raw page is archived: WARC file name, byte offset of its response record's "
        "gzip member, WARC-Record-ID; null when archiving was off",
    ),
}

#: ``published_precision`` values, coarsest first: what the page stated of its date.
PRECISIONS = ("day", "minute", "second")

REQUIRED_FIELDS = ("url", "site", "headline", "body", "crawled_at", "content_hash")


def struct_members(kind: str) -> list[tuple[str, type]]:
    """The members of an object-valued field's kind, ``{name[:int],...}``, with their Python types.

    >>> struct_members("{file,offset:int,record_id}|null")
    [('file', <class 'str'>), ('offset', <class 'int'>), ('record_id', <class 'str'>)]
    """
    inner = kind[kind.index("{") + 1 : kind.index("}")]
    return [
        (name, int if type_name == "int" else str)
        for name, _, type_name in (member.partition(":") for member in inner.split(","))
    ]
