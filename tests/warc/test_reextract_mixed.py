"""``newscrawl reextract`` over a WARC that is not ours: a CC-NEWS-like mix.

The WARC is built here with warcio, the way other crawlers write them: pages of
several sites (routed by host), other languages and hosts no site file knows,
non-HTML payloads, a gzip-encoded chunked payload, revisit records (one whose
original is in the file, one whose is not), a 404, request/metadata records,
and a damaged gzip member in the middle.
"""

from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from devtools.mirror.server import DEFAULT_ROOT
from newscrawl.warc.replay import crawl_time
from tests.conftest import FIXTURES
from tests.shared_pages import shared_file
from tests.warc.test_warc import reextract

ISLAMTIMES = "https://www.islamtimes.com"
BBC_ARTICLE = """<!DOCTYPE html><html lang="ur" dir="rtl"><head><meta charset="utf-8">
<title>دریائے سندھ میں پانی کی سطح بلند - BBC News اردو</title></head>
<body><header><nav><a href="/urdu">صفحہ اول</a> <a href="/urdu/pakistan">پاکستان</a></nav></header>
<main role="main"><header><h1 id="content">دریائے سندھ میں پانی کی سطح بلند</h1>
<time datetime="2025-07-02T09:15:00.000Z">2 جولائی 2025</time></header><div>
<p>محکمہ موسمیات کے مطابق دریائے سندھ میں گڈو بیراج کے مقام پر پانی کی سطح مسلسل بلند ہو رہی ہے اور نشیبی علاقوں کے مکینوں کو محفوظ مقامات پر منتقل ہونے کی ہدایت کی گئی ہے۔</p>
<p>ضلعی انتظامیہ نے بتایا کہ امدادی کیمپ قائم کر دیے گئے ہیں جہاں خوراک، پینے کا صاف پانی اور طبی سہولیات فراہم کی جا رہی ہیں۔</p>
</div></main><footer>© 2025 BBC</footer></body></html>"""
ENGLISH_PAGE = "<html lang='en'><head><title>World news</title></head><body><h1>World news</h1>" \
               "<p>The river rose again on Tuesday.</p></body></html>"
ARABIC_PAGE = "<html lang='ar'><head><title>أخبار</title></head><body><h1>أخبار العالم</h1>" \
              "<p>ارتفع منسوب النهر مرة أخرى يوم الثلاثاء.</p></body></html>"


def mirror_page(path: str) -> bytes:
    routes = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))["routes"]
    return (DEFAULT_ROOT / routes[path]["file"]).read_bytes()


def chunked(body: bytes, size: int = 700) -> bytes:
    pieces = [body[n:n + size] for n in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


class Builder:
    """Writes records as another crawler would; remembers where each response went."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("wb")
        self.writer = WARCWriter(self.file, gzip=True, warc_version="WARC/1.1")
        self.offsets: dict[str, tuple[int, str, str]] = {}

    def response(self, url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                 extra: list[tuple[str, str]] = (), payload: bytes | None = None) -> str:
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
        payload = body if payload is None else payload
        record = self.writer.create_warc_record(url, "response", payload=BytesIO(payload), length=len(payload),
                                                http_headers=headers)
        self.writer.write_record(self.writer.create_warc_record(
            url, "request", payload=BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)))
        self.offsets[url] = (self.file.tell(), record.rec_headers.get_header("WARC-Record-ID"),
                             record.rec_headers.get_header("WARC-Date"))
        self.writer.write_record(record)
        return record.rec_headers.get_header("WARC-Payload-Digest")

    def revisit(self, url: str, digest: str, refers_to: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(url, digest, refers_to, "2025-07-02T10:00:00Z", http_headers=headers)
        self.offsets[url] = (self.file.tell(), record.rec_headers.get_header("WARC-Record-ID"),
                             record.rec_headers.get_header("WARC-Date"))
        self.writer.write_record(record)

    def damaged(self) -> int:
        offset = self.file.tell()
        self.file.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(32, 127)) * 40)
        return offset


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    expected = json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))["articles"]
    first, second, third = expected[0], expected[1], expected[2]
    path = tmp_path_factory.mktemp("ccnews") / "CC-NEWS-20250702101500-00001.warc.gz"
    build = Builder(path)
    build.writer.write_record(build.writer.create_warcinfo_record(path.name, {"software": "some crawler"}))
    a_url = ISLAMTIMES + first["path"]
    a_digest = build.response(a_url, mirror_page(first["path"]))
    # the same site on another of its hosts, gzip-encoded and still chunked, as Heritrix keeps it
    b_url = "https://islamtimes.org" + second["path"]
    b_body = mirror_page(second["path"])
    build.response(b_url, b_body, extra=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                   payload=chunked(gzip.compress(b_body)))
    build.response("https://www.bbc.com/urdu/articles/c4qg7qq63y6o", BBC_ARTICLE.encode())
    build.response("https://www.express.pk/", shared_file("realpages", "express.pk.html").read_bytes())
    build.response(ISLAMTIMES + "/en/news/55/world", ENGLISH_PAGE.encode())
    # a Persian article at an Urdu article URL (the mirror's junk page): the language gate drops it
    build.response(ISLAMTIMES + "/ur/news/1298011/", mirror_page("/ur/news/1298011/"))
    build.response("https://www.aljazeera.net/news/2025/7/2/x", ARABIC_PAGE.encode())
    build.response(ISLAMTIMES + "/ur/news/777/photo", b"\x89PNG\r\n\x1a\n" + bytes(300), content_type="image/png")
    build.response("https://www.bbc.com/urdu/pakistan-49644768", b"gone", status="404 Not Found")
    build.writer.write_record(build.writer.create_warc_record(
        a_url, "metadata", payload=BytesIO(b"fetchTimeMs: 120\r\n"), length=18, warc_content_type="application/warc-fields"))
    # the same bytes under a second URL: a revisit, resolved to the first payload, then a duplicate
    build.revisit(ISLAMTIMES + "/ur/news/9999999/same-page", a_digest, a_url)
    build.revisit(ISLAMTIMES + "/ur/news/8888888/elsewhere", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "https://x/")
    damaged_at = build.damaged()
    c_url = ISLAMTIMES + third["path"]
    build.response(c_url, mirror_page(third["path"]))
    build.file.close()
    return path, build, damaged_at, {a_url: first, b_url: second, c_url: third}


@pytest.mark.parametrize("workers", [1, 2])
def test_known_hosts_go_through_their_sites_the_rest_is_skipped_and_counted(mixed, tmp_path, workers):
    path, build, damaged_at, articles = mixed
    out = tmp_path / "records.jsonl"
    done = reextract(path, "-o", out, "--workers", str(workers))
    assert done.returncode == 3, done.stderr[-3000:]  # written, but the archive had a damaged member
    records = {record["url"]: record for record in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    bbc = records.pop("https://www.bbc.com/urdu/articles/c4qg7qq63y6o")
    assert bbc["site"] == "bbcurdu" and bbc["headline"] == "دریائے سندھ میں پانی کی سطح بلند"
    assert bbc["body"].startswith("محکمہ موسمیات کے مطابق") and bbc["body"].endswith("فراہم کی جا رہی ہیں۔")
    assert bbc["published_at"] == "2025-07-02T14:15:00+05:00"  # the page's UTC time in the service's zone
    assert set(records) == set(articles)  # the revisit of the first page is the same article: deduplicated
    for url, record in records.items():
        article = articles[url]
        for field in ("headline", "published_at", "summary", "body", "source", "keywords"):
            assert record[field] == article[field], (url, field)
        assert record["site"] == "islamtimes"
        offset, record_id, date = build.offsets[url]
        assert record["warc"] == {"file": path.name, "offset": offset, "record_id": record_id}
        assert record["crawled_at"] == crawl_time(date)
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert report["newscrawl/reextract/skipped/unknown_host"] == 1  # aljazeera
    # HTML pages of known sites that are not articles are read as listings (the gates learn from them)
    assert report["newscrawl/reextract/replayed/listing"] == 2  # express.pk home, islamtimes /en/
    assert report["newscrawl/reextract/replayed/article"] == 7  # 3 islamtimes, bbc, Persian, the PNG, the revisit
    assert report["newscrawl/dropped/language_fa"] == 1
    assert report["newscrawl/reextract/sites"] == ["bbcurdu", "express", "islamtimes"]
    assert report["newscrawl/reextract/skipped/not_2xx"] == 1
    assert report["newscrawl/reextract/skipped/revisit_unresolved"] == 1
    assert report["newscrawl/dropped/not_html"] == 1  # the PNG at an article URL, as a crawl drops it
    assert report["newscrawl/dedup/canonical_url"] == 1  # the revisit's page declares the first's canonical URL
    assert report["newscrawl/reextract/damaged"] == 1
    assert f"{path.name}@{damaged_at}" in done.stderr and "damaged records  : 1" in done.stderr


def test_forcing_a_site_reads_every_host_as_that_site(mixed, tmp_path):
    path, build, damaged_at, articles = mixed
    out = tmp_path / "forced.jsonl"
    done = reextract(path, "-o", out, "--site", "bbcurdu", "--workers", "1")
    assert done.returncode == 3, done.stderr[-3000:]  # the damaged member again
    urls = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert urls == ["https://www.bbc.com/urdu/articles/c4qg7qq63y6o"]  # islamtimes URLs are not BBC article URLs
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert "newscrawl/reextract/skipped/unknown_host" not in report


def test_bad_command_lines_exit_2(tmp_path):
    assert reextract(tmp_path / "missing.warc.gz", "-o", tmp_path / "x.jsonl").returncode == 2
    one, two = tmp_path / "a" / "same.warc.gz", tmp_path / "b" / "same.warc.gz"
    for path in (one, two):
        path.parent.mkdir()
        path.write_bytes(b"")
    done = reextract(one, two, "-o", tmp_path / "x.jsonl")
    assert done.returncode == 2 and "share a name" in done.stderr
