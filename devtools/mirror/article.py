"""The mirror's articles: one corpus entry, its template and URL, and the site's constants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LIVE = "https://www.islamtimes.com"
SITE_NAME = "اسلام ٹائمز"
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
URDU_MONTHS = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]
URDU_WEEKDAYS = ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"]
URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Legacy CMS pages: Arabic code points where Urdu has its own letters.
TO_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})
SECTIONS = {"pakistan": "پاکستان", "world": "دنیا", "articles": "مضامین", "special": "خصوصی"}
PAGE_SIZE = 8


def ordinal(day: int) -> str:
    """The English ordinal the site prints in its date line.

    >>> [ordinal(d) for d in (1, 2, 3, 4, 11, 22, 25)]
    ['1st', '2nd', '3rd', '4th', '11th', '22nd', '25th']
    """
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def slug(headline: str) -> str:
    """The CMS's slug: the first four words, punctuation dropped, percent-encoded.

    >>> slug("موسمیاتی تبدیلی: پاکستان کے لیے")
    '%D9%85%D9%88%D8%B3%D9%85%DB%8C%D8%A7%D8%AA%DB%8C-%D8%AA%D8%A8%D8%AF%DB%8C%D9%84%DB%8C-%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%DA%A9%DB%92'
    """
    words = [re.sub(r"[^\w]", "", word) for word in headline.split()]
    return quote("-".join([word for word in words if word][:4]), safe="-")


@dataclass
class Article:
    """One corpus article plus how the mirror shows it."""

    data: dict[str, Any]
    template: str
    path: str
    charset: str = "utf-8"
    lead_visible: bool = True

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.data["date"])

    @property
    def moment(self) -> datetime | None:
        if not self.data.get("time"):
            return None
        return datetime.fromisoformat(f"{self.data['date']}T{self.data['time']}+00:00")


# -- templates ------------------------------------------------------------------------------
# Each returns (html, published_text as a reader sees it, published_at the page supports).


def midnight(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).isoformat()
