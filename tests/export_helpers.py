"""Run files for the export tests: valid Urdu records, written the way crawls write them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from newscrawl.__main__ import main as newscrawl_main
from newscrawl.core.text import content_hash

# A cabinet-meeting report, long enough that one changed sentence keeps it a near duplicate.
CABINET = [
    "اسلام آباد میں وفاقی کابینہ کا خصوصی اجلاس وزیراعظم کی زیر صدارت منعقد ہوا۔",
    "اجلاس میں ملک کی مجموعی معاشی صورتحال اور بڑھتی ہوئی مہنگائی پر تفصیلی غور کیا گیا۔",
    "وزیر خزانہ نے کابینہ کو بتایا کہ رواں مالی سال کے پہلے چھ ماہ میں برآمدات میں نمایاں اضافہ ہوا ہے۔",
    "انہوں نے کہا کہ زرمبادلہ کے ذخائر مستحکم ہیں اور روپے کی قدر میں بہتری آئی ہے۔",
    "کابینہ نے بجلی اور گیس کے نرخوں میں کمی کے لیے ایک خصوصی کمیٹی قائم کرنے کی منظوری دی۔",
    "کمیٹی دو ہفتوں کے اندر اپنی سفارشات وزیراعظم کو پیش کرے گی۔",
    "اجلاس میں چھوٹے کاروبار کے لیے آسان شرائط پر قرضوں کی اسکیم کا بھی جائزہ لیا گیا۔",
    "وزیراعظم نے ہدایت کی کہ اسکیم سے نوجوانوں اور خواتین کو ترجیحی بنیادوں پر فائدہ پہنچایا جائے۔",
    "کابینہ کو ملک بھر میں گندم کے ذخائر اور آٹے کی قیمتوں کے بارے میں بریفنگ دی گئی۔",
    "وزیر خوراک نے یقین دلایا کہ کسی بھی صوبے میں آٹے کی قلت پیدا نہیں ہونے دی جائے گی۔",
    "اجلاس میں سرکاری اداروں کی نجکاری کے عمل کو تیز کرنے کا فیصلہ بھی کیا گیا۔",
    "وزیراعظم نے کہا کہ خسارے میں چلنے والے ادارے قومی خزانے پر بوجھ بن چکے ہیں۔",
    "کابینہ نے ٹیکس نظام کو ڈیجیٹل بنانے کے منصوبے کی اصولی منظوری دے دی۔",
    "اس منصوبے کے تحت تاجروں کی رجسٹریشن اور گوشواروں کا عمل آن لائن ہو جائے گا۔",
    "وزیر منصوبہ بندی نے ترقیاتی بجٹ کے استعمال کی رفتار پر رپورٹ پیش کی۔",
    "انہوں نے بتایا کہ بیشتر بڑے منصوبے مقررہ وقت پر مکمل ہونے کی توقع ہے۔",
    "اجلاس میں سیلاب سے متاثرہ علاقوں میں بحالی کے کاموں کا بھی جائزہ لیا گیا۔",
    "وزیراعظم نے متاثرین کی امداد میں کسی قسم کی تاخیر برداشت نہ کرنے کا اعلان کیا۔",
    "کابینہ نے آئندہ بجٹ کی تیاری کے لیے وزارتوں سے تجاویز طلب کر لیں۔",
    "اجلاس کے اختتام پر وزیراعظم نے معاشی ٹیم کی کارکردگی کو سراہا۔",
]
CHANGED_SENTENCE = "اجلاس میں زرعی شعبے کے لیے کھاد پر دی جانے والی سبسڈی میں توسیع کی تجویز بھی زیر غور آئی۔"
RAIN = [
    "کراچی میں موسلا دھار بارش کے باعث کئی نشیبی علاقے زیر آب آ گئے۔",
    "شہر کے متعدد علاقوں میں بجلی کی فراہمی کئی گھنٹے معطل رہی۔",
]
RAIN_UPDATE = "محکمہ موسمیات نے آئندہ دو روز کے دوران مزید بارشوں کی پیش گوئی کی ہے۔"
CHINA = [
    "پاکستان اور چین کے درمیان اقتصادی راہداری کے نئے منصوبوں پر دستخط کیے گئے۔",
    "دونوں ممالک کے وفود نے تجارت اور سرمایہ کاری بڑھانے پر اتفاق کیا۔",
]
HEALTH = [
    "لاہور میں پنجاب حکومت نے صحت کارڈ کے دائرہ کار کو وسعت دینے کا اعلان کیا ہے۔",
    "نئے فیصلے کے تحت سرکاری ہسپتالوں میں مفت علاج کی سہولت بڑھائی جائے گی۔",
]
CRICKET = [
    "قومی کرکٹ ٹیم نے تیسرے ایک روزہ میچ میں مہمان ٹیم کو سات وکٹوں سے شکست دے دی۔",
    "کپتان نے کہا کہ کھلاڑیوں نے نظم و ضبط کے ساتھ بہترین کارکردگی کا مظاہرہ کیا۔",
]
# One-sentence stories for tests that need many distinct articles.
SHORT_NEWS = [
    "پشاور میں پولیس نے منشیات فروشوں کے خلاف کارروائی کرتے ہوئے متعدد افراد کو گرفتار کر لیا۔",
    "کوئٹہ میں شدید سردی کے باعث گیس کا دباؤ کم ہو گیا اور شہری مشکلات کا شکار رہے۔",
    "ملتان میں آم کے کاشتکاروں نے برآمدی معاہدوں پر حکومت سے تعاون کی اپیل کی۔",
    "فیصل آباد کی ٹیکسٹائل ملوں نے برآمدی آرڈرز میں اضافے کی اطلاع دی ہے۔",
    "گلگت بلتستان میں سیاحوں کی آمد کے لیے نئی سڑک کا افتتاح کر دیا گیا۔",
    "حیدرآباد میں یونیورسٹی کے طلبہ نے سائنسی نمائش میں اپنے منصوبے پیش کیے۔",
]


def article(
    number: int,
    body: list[str] | str,
    *,
    headline: str | None = None,
    site: str = "islamtimes",
    host: str = "www.islamtimes.com",
    published: str | None = "2025-03-01T09:00:00+00:00",
    crawled: str = "2025-03-01T10:00:00+00:00",
    keywords: list[str] | None = None,
    url: str | None = None,
    canonical: str | None = None,
) -> dict[str, Any]:
    """A valid record as the spider writes it (content_hash from the shared normalizer)."""
    text = "\n\n".join(body) if isinstance(body, list) else body
    headline = headline or f"خبر نمبر {number}"
    url = url or f"https://{host}/ur/news/{number}/khabar"
    return {
        "url": url,
        "canonical_url": canonical or url,
        "site": site,
        "article_id": str(number),
        "language": "ur",
        "headline": headline,
        "published_at": published,
        "published_text": None if published is None else "اشاعت کی تاریخ: 1 March 2025 GMT",
        "summary": None,
        "body": text,
        "source": "اسلام ٹائمز",
        "keywords": keywords if keywords is not None else ["پاکستان"],
        "read_also": [{"url": f"https://{host}/ur/news/{number + 1000}/mazeed", "title": "مزید پڑھیں"}],
        "crawled_at": crawled,
        "content_hash": content_hash(headline, text),
    }


def write_run(path: Path, lines: list[dict[str, Any] | str], *, truncated: str | None = None) -> Path:
    """A run file: records as JSON lines, raw strings as they are, then an optional last line without newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join((json.dumps(line, ensure_ascii=False) if isinstance(line, dict) else line) + "\n" for line in lines)
    if truncated is not None:
        text += truncated
    data = text.encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)
    return path


def run_export(data: Path, out: Path, *options: str) -> tuple[int, dict[str, Any] | None]:
    """``python -m newscrawl export`` in-process; the exit status and stats.json (if written)."""
    status = newscrawl_main(["export", str(data), "--out", str(out), *options])
    stats_path = out / "stats.json"
    return status, json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() and status == 0 else None


def read_jsonl(out: Path) -> list[dict[str, Any]]:
    with gzip.open(out / "articles.jsonl.gz", "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]
