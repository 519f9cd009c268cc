"""The body of an article split over several blocks, as real CMSs print it (issue 19).

Hand-written layouts of what the real pages in ../shared/realpages-dev do (each paragraph in a
block of its own, ads and figures between runs, a teaser list beside a short article), in Urdu.
Expected bodies are the article's paragraphs as a reader reads them.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.spiders.urdu import UrduSpider

URL = "https://news.example/2024/05/03/story"
PARAGRAPHS = [
    "وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی جس میں ملک کی معاشی صورتحال پر تفصیل سے غور کیا گیا۔",
    "اجلاس میں وزیر خزانہ نے بتایا کہ گزشتہ تین ماہ کے دوران برآمدات میں نمایاں اضافہ ہوا ہے اور زرمبادلہ کے ذخائر بہتر ہوئے ہیں۔",
    "شرکا نے اس بات پر اتفاق کیا کہ توانائی کے شعبے میں اصلاحات کے بغیر پائیدار ترقی ممکن نہیں اور اس کے لیے نیا منصوبہ بنایا جائے گا۔",
    "حکومت نے اعلان کیا کہ اگلے مالی سال کے بجٹ میں تعلیم اور صحت کے لیے مختص رقم میں خاطر خواہ اضافہ کیا جائے گا تاکہ عوام کو سہولت ملے۔",
    "ماہرین کا کہنا ہے کہ ان اقدامات کے اثرات آئندہ برس تک واضح ہوں گے، تاہم مہنگائی پر قابو پانا اب بھی سب سے بڑا چیلنج ہے۔",
]
TEASERS = [
    (
        "کراچی میں بارش سے نظام زندگی متاثر",
        "شہر کے کئی علاقوں میں موسلا دھار بارش کے بعد سڑکیں زیر آب آ گئیں اور ٹریفک کا نظام درہم برہم ہو گیا۔",
    ),
    (
        "کرکٹ ٹیم کا اعلان کر دیا گیا",
        "سلیکشن کمیٹی نے آئندہ سیریز کے لیے پندرہ رکنی اسکواڈ کا اعلان کیا جس میں تین نئے کھلاڑی شامل ہیں۔",
    ),
    (
        "پٹرول کی قیمت میں کمی",
        "حکومت نے پٹرولیم مصنوعات کی قیمتوں میں کمی کا اعلان کیا ہے جس کا اطلاق آج رات بارہ بجے سے ہوگا۔",
    ),
]


def body_of(html: str) -> list[str]:
    crawler = get_crawler(UrduSpider)
    spider = UrduSpider.from_crawler(crawler, base_url="https://news.example")
    crawler.spider = spider
    response = HtmlResponse(url=URL, body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items = [x for x in spider.parse_article(response) if isinstance(x, ArticleItem)]
    assert len(items) == 1
    return items[0]["body"].split("\n\n")


def page(article: str, aside: str = "") -> str:
    return (
        f'<html lang="ur"><head><title>خبر</title></head><body><nav><a href="/">صفحہ اول</a></nav>'
        f'<main><div class="story"><h1>معاشی صورتحال پر اجلاس</h1>{article}</div>{aside}</main></body></html>'
    )


def test_paragraphs_each_in_its_own_block_are_one_body():
    blocks = "".join(f'<section class="story-element"><div class="text">{p}</div></section>' for p in PARAGRAPHS[:3])
    ad = '<div class="story-element"><div class="slot">اشتہار</div></div>'
    figure = '<figure><img src="/a.jpg"><figcaption>اجلاس کا ایک منظر</figcaption></figure>'
    rest = "".join(f'<section class="story-element"><div class="text">{p}</div></section>' for p in PARAGRAPHS[3:])
    assert body_of(page(blocks + ad + figure + rest)) == PARAGRAPHS


def test_a_short_block_does_not_beat_a_long_run_of_paragraphs():
    run = "".join(f'<div class="para"><p>{p}</p></div>' for p in PARAGRAPHS)
    byline = f'<div class="author-box"><p>{PARAGRAPHS[0][:60]} رپورٹ: احمد علی، اسلام آباد کے نامہ نگار</p></div>'
    assert body_of(page(byline + run))[-5:] == PARAGRAPHS


def test_teasers_beside_the_article_stay_out_of_its_body():
    article = f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])}</div>'
    teasers = "".join(
        f'<div class="item"><h3><a href="/n/{i}">{title}</a></h3><p>{summary}</p></div>'
        for i, (title, summary) in enumerate(TEASERS)
    )
    assert body_of(page(article, f'<div class="more">{teasers}</div>')) == PARAGRAPHS[:2]


def test_a_subheading_between_paragraphs_stays_a_byline_alone_does_not():
    blocks = [f'<div class="text"><p>{p}</p></div>' for p in PARAGRAPHS]
    blocks.insert(3, "<h2>بجٹ میں کیا ہوگا؟</h2>")
    body = body_of(page('<div class="by">احمد علی</div>' + "".join(blocks)))
    assert body == PARAGRAPHS[:3] + ["بجٹ میں کیا ہوگا؟"] + PARAGRAPHS[3:]


def test_a_cookie_dialog_longer_than_the_article_is_not_its_body():
    policy = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)  # the consent text: twice the article
    dialog = f'<div id="onetrust-consent-sdk"><div class="policy-text">{policy}</div></div>'
    article = f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])}</div>'
    assert body_of(page(article).replace("</body>", dialog + "</body>")) == PARAGRAPHS[:3]


def test_an_article_body_named_so_is_read_though_its_classes_also_say_widget():
    article = f'<div class="article-body container-widget-content">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>'
    teaser = f'<div class="teaser"><p>{TEASERS[0][1]}</p></div>'
    assert body_of(page(teaser + article)) == PARAGRAPHS


def test_paragraphs_inside_a_span_or_blockquote_are_the_article():
    """Reuters and Wired printed their paragraphs inside a <span> (no block of their own): the
    article is there, not in a box of two sentences beside it."""
    box = f'<div class="box"><p>{TEASERS[0][1]} {TEASERS[1][1]}</p></div>'
    article = f'<div class="column"><span id="articleText">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:4])}</span>'
    article += f"<blockquote><p>{PARAGRAPHS[4]}</p></blockquote></div>"
    assert body_of(page(article, box)) == PARAGRAPHS


def test_a_list_of_teasers_is_no_article_but_a_list_article_is():
    teasers = "".join(
        f'<li><span class="time">24 مارچ 2025</span><a href="/n/{i}">{title}</a><p>{summary}</p></li>'
        for i, (title, summary) in enumerate(TEASERS)
    )
    byline = '<div class="by"><p>رپورٹ: احمد علی</p></div>'
    assert body_of(page(f'{byline}<ul class="more">{teasers}</ul>')) == ["رپورٹ: احمد علی"]
    steps = "".join(f"<li><p>{p}</p></li>" for p in PARAGRAPHS)
    assert body_of(page(f"{byline}<ol>{steps}</ol>"))[-5:] == PARAGRAPHS


def test_an_article_split_over_blocks_named_widget_is_read_whole_but_not_its_share_bar():
    """TimesLive and Politico repeat one block per run of paragraphs under a name with a furniture
    word in it (``article-widget``, ``sidebar-grid``): the blocks named as the densest one's own are
    the article's; a sharing bar between them is not."""
    runs = [PARAGRAPHS[:2], PARAGRAPHS[2:4], PARAGRAPHS[4:]]
    blocks = [
        f'<div class="article-widget widget-text"><div class="wrap">{"".join(f"<p>{p}</p>" for p in run)}</div></div>'
        for run in runs
    ]
    share = '<div class="article-widget widget-share"><p>اس خبر کو فیس بک، ٹوئٹر اور واٹس ایپ پر اپنے دوستوں کے ساتھ شیئر کریں اور ہمیں فالو کریں</p></div>'
    assert body_of(page(blocks[0] + share + blocks[1] + blocks[2])) == PARAGRAPHS


def test_the_next_article_appended_below_does_not_replace_the_page_s_own():
    """Dagbladet appends the next story below the first (an endless scroll): it may be longer,
    but the page's article is the one under its headline."""
    first = f'<article id="main"><h1>معاشی صورتحال پر اجلاس</h1><div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])}</div></article>'
    longer = "".join(f"<p>{summary} {summary}</p>" for _, summary in TEASERS)
    second = (
        f'<div class="next"><article id="next"><h1>{TEASERS[0][0]}</h1><div class="text">{longer}</div></article></div>'
    )
    html = f'<html lang="ur"><head><title>خبر</title></head><body><main>{first}{second}</main></body></html>'
    assert body_of(html) == PARAGRAPHS[:2]


def test_short_paragraphs_between_paragraphs_stay_though_an_ad_label_sits_between_them():
    """jusText's context rule: two short paragraphs in a row, or one after a one-word ad label,
    are the article when running text stands on both sides; a teaser's headline is not."""
    short = ["اجلاس دو گھنٹے تک جاری رہا۔ شرکا مطمئن تھے۔", "اگلا اجلاس آئندہ ماہ ہوگا۔ تاریخ کا اعلان بعد میں ہوگا۔"]
    first = f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])}</div>'
    middle = f'<div class="text"><p>{short[0]}</p><div class="slot">اشتہار</div><p>{short[1]}</p></div>'
    last = f'<div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])}</div>'
    title, summary = TEASERS[0]
    teaser = f'<div class="more"><p><a href="/n/1">{title}</a></p><p>{summary}</p><p>24 مارچ 2025</p></div>'
    assert body_of(page(first + middle + last + teaser)) == PARAGRAPHS[:3] + short + PARAGRAPHS[3:]


def test_an_article_react_streams_into_a_hidden_block_is_read_but_a_hidden_block_is_not():
    """Next.js pages (Anadolu) stream the article into ``<div hidden id="S:1">`` and swap it in
    place of a skeleton at once: the reader sees it. Any other hidden block stays unread."""
    skeleton = '<div class="story"><h1>معاشی صورتحال پر اجلاس</h1><template id="B:1"></template><div class="skeleton"></div></div>'
    teaser = f'<div class="teaser"><p>{TEASERS[0][1]}</p></div>'
    streamed = f'<div hidden id="S:1"><div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></div>'
    hidden = f'<div hidden id="popup"><div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)}</div></div>'
    html = f'<html lang="ur"><head><title>خبر</title></head><body><main>{skeleton}{teaser}</main>{hidden}{streamed}</body></html>'
    assert body_of(html) == PARAGRAPHS


def test_chinese_paragraphs_under_eighty_characters_are_running_text():
    """A Chinese paragraph of 40-60 characters says as much as 150 Latin letters: split over
    blocks, every one of them is the article, as a reader reads it; the menu is not."""
    zh = [
        "国务院总理今天在北京主持召开常务会议，听取关于今年以来经济运行情况的汇报，部署进一步扩大内需的措施。",
        "会议指出，前三个季度出口保持稳定增长，外汇储备充足，就业形势总体稳定，但消费恢复仍然偏慢。",
        "会议要求，各地要加快推进能源领域改革，落实好减税降费政策，支持中小企业渡过难关。",
        "会议决定，明年财政预算将大幅增加教育和医疗卫生支出，让人民群众得到更多实惠。",
        "专家表示，这些措施的效果将在明年逐步显现，但控制物价上涨仍是当前最大的挑战。",
    ]
    blocks = "".join(f'<div class="para"><p>{p}</p></div>' for p in zh[:2])
    rest = "".join(f'<div class="para"><p>{p}</p></div>' for p in zh[2:])
    ad = '<div class="ad-slot">广告</div>'
    html = (
        f'<html lang="zh"><head><title>新闻</title></head><body><nav><a href="/">首页</a><a href="/c">财经</a></nav>'
        f'<main><div class="story"><h1>国务院召开常务会议</h1>{blocks}{ad}{rest}</div></main></body></html>'
    )
    assert body_of(html) == zh


def test_an_article_split_around_a_box_of_related_links_is_read_whole():
    """The walk counts a related-stories box's links in the article's column (TimesLive, Slate):
    the paragraphs after it are the article still; the box's headlines are not."""
    first = f'<div class="widget-text"><div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])}</div></div>'
    links = "".join(f'<li><a href="/n/{i}">{title}: {summary}</a></li>' for i, (title, summary) in enumerate(TEASERS))
    box = f'<div class="widget-links"><ul>{links}</ul></div>'
    rest = "".join(f'<div class="widget-text"><div class="text"><p>{p}</p></div></div>' for p in PARAGRAPHS[2:])
    assert body_of(page(f'<div class="widgets">{first}{box}{rest}</div>')) == PARAGRAPHS


def test_text_after_a_comment_inside_a_paragraph_is_read():
    """Svelte prints every paragraph as ``<p><!-- HTML_TAG_START -->text<!-- HTML_TAG_END --></p>``
    (Golem): the text is the comment's tail, which lxml's iterwalk never reaches; the reader sees
    no comment, only the article, and not the teaser box beside it."""
    article = "".join(f"<p><!-- HTML_TAG_START -->{p}<!-- HTML_TAG_END --></p>" for p in PARAGRAPHS)
    box = f'<div class="box"><p>{TEASERS[0][1]}</p></div>'
    assert body_of(page(f'<div class="text">{article}</div>', box)) == PARAGRAPHS


def test_the_article_goes_on_after_a_read_more_link_between_its_paragraphs():
    """NineNews puts "READ MORE: <a>another story</a>" between paragraphs: the paragraph after it
    is the article going on, not that story's summary; a teaser's summary at the end is not."""
    blocks = [f'<div class="block"><p>{p}</p></div>' for p in PARAGRAPHS]
    blocks.insert(2, f'<div class="block"><p><a href="/n/1">{TEASERS[0][0]}</a></p></div>')
    title, summary = TEASERS[1]
    teaser = f'<div class="more"><p><a href="/n/2">{title}</a></p><p>{summary}</p></div>'
    assert body_of(page("".join(blocks) + teaser)) == PARAGRAPHS


def test_a_paragraph_with_inline_links_between_paragraphs_is_the_article_s():
    """A paragraph a third link text (names linked to their pages) between two paragraphs is the
    article's; a line mostly link text is not."""
    linked = (
        '<a href="/t/1">وزیر خزانہ</a> نے کہا کہ <a href="/t/2">اسٹیٹ بینک آف پاکستان</a> '
        "کی پالیسی سے مہنگائی میں کمی آئے گی اور سرمایہ کاری بڑھے گی۔"
    )
    blocks = [f'<div class="block"><p>{p}</p></div>' for p in PARAGRAPHS]
    blocks.insert(3, f'<div class="block"><p>{linked}</p></div>')
    text = "وزیر خزانہ نے کہا کہ اسٹیٹ بینک آف پاکستان کی پالیسی سے مہنگائی میں کمی آئے گی اور سرمایہ کاری بڑھے گی۔"
    assert body_of(page("".join(blocks))) == PARAGRAPHS[:3] + [text] + PARAGRAPHS[3:]


def test_an_article_whose_second_section_adds_a_third_is_read_whole():
    """Medium and T-Online split an article into sections of unequal length: the second adding a
    third of the first's text is the article still (1.3x the running text climbs)."""
    more = [TEASERS[0][1], TEASERS[1][1]]
    first = f'<section class="s1"><div class="text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></section>'
    second = f'<section class="s2"><div class="text">{"".join(f"<p>{p}</p>" for p in more)}</div></section>'
    assert body_of(page(f'<div class="sections">{first}{second}</div>')) == PARAGRAPHS + more


def test_text_for_screen_readers_only_is_not_the_body():
    """Postmedia (National Post) labels every run of paragraphs "Article content" for screen
    readers in a ``visually-hidden`` block: a reader never sees it between the paragraphs."""
    label = '<div class="visually-hidden">مضمون کا متن</div><span class="sr-only">اگلا حصہ</span>'
    runs = "".join(f'<section class="content-group">{label}<p>{p}</p></section>' for p in PARAGRAPHS)
    assert body_of(page(runs)) == PARAGRAPHS


def test_lines_all_link_inside_the_article_s_block_are_links_elsewhere():
    """Golem lists job ads and Tokyo Shimbun related stories inside the article's own block: a
    line that is all link leads elsewhere; a paragraph with a linked name is the article's."""
    linked = f'<a href="/t/1">وزیر خزانہ</a> نے کہا کہ {PARAGRAPHS[2]}'
    related = "".join(f'<li><a href="/n/{i}">{title}</a></li>' for i, (title, _) in enumerate(TEASERS))
    article = (
        f'<div class="text"><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><p>{linked}</p>'
        f"<ul>{related}</ul><p>{PARAGRAPHS[3]}</p></div>"
    )
    assert body_of(page(article)) == PARAGRAPHS[:2] + [f"وزیر خزانہ نے کہا کہ {PARAGRAPHS[2]}", PARAGRAPHS[3]]


def test_a_block_named_as_the_article_s_body_is_read_whole():
    """Stuttgarter Zeitung prints the first paragraph in ``article-body`` and the rest in a box
    inside it (``restricted-area``): a block its CMS names as the article's body is the article,
    though the first paragraph adds less than the climb's 1.3x."""
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    article = f'<div class="article-body"><p>{PARAGRAPHS[0]}</p><div class="restricted-area">{rest}</div></div>'
    assert body_of(page(article)) == PARAGRAPHS


def test_an_article_of_headings_and_list_items_is_read_whole_when_no_block_holds_paragraphs():
    """Firefox's release notes are headings over list items that link a bug each: no block holds
    a paragraph, and the page's one <article> is the article as a reader sees it."""
    notes = ["کریش کی ایک خرابی درست کر دی گئی", "صفحات اب پہلے سے تیز کھلتے ہیں", "نیا ترجمہ شامل کیا گیا"]
    items = "".join(f'<li><a href="/bug/{i}">خرابی {i}</a>: {note}</li>' for i, note in enumerate(notes))
    article = f"<article><h1>ہفتے کی تبدیلیاں</h1><h2>نمایاں</h2><ul>{items}</ul><h2>اگلے ہفتے</h2></article>"
    html = f'<html lang="ur"><head><title>خبر</title></head><body><nav><a href="/">صفحہ اول</a></nav>{article}</body></html>'
    expected = ["نمایاں", *(f"خرابی {i}: {note}" for i, note in enumerate(notes)), "اگلے ہفتے"]
    assert body_of(html) == expected


def test_a_consent_placeholder_for_an_embed_is_not_the_body():
    """Die Zeit shows a placeholder where a blocked embed would be ("external content: I agree to
    be shown it"): a consent prompt, not the article's text."""
    prompt = (
        "بیرونی مواد: اس جگہ ایک بیرونی ویب سائٹ کا مواد ہے جو مضمون کی تکمیل کرتا ہے، "
        "اسے دیکھنے کے لیے آپ کو اپنی رضامندی دینی ہوگی کیونکہ ذاتی ڈیٹا منتقل ہو سکتا ہے۔"
    )
    placeholder = f'<div class="embed-wrapper js-embed-consent"><div class="inner"><p>{prompt}</p></div></div>'
    article = (
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]) + placeholder + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    )
    assert body_of(page(f'<div class="text">{article}</div>')) == PARAGRAPHS


def test_a_subheading_that_links_to_itself_stays_in_the_body():
    """Headings often carry their own anchor (``<h2><a href="#part-2">...</a></h2>``): a jump
    within the page, not a link elsewhere, so the line stays though it is all link."""
    heading = '<h2 id="budget"><a href="#budget">بجٹ میں کیا ہوگا؟</a></h2>'
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]) + heading + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    assert (
        body_of(page(f'<div class="text">{article}</div>')) == PARAGRAPHS[:3] + ["بجٹ میں کیا ہوگا؟"] + PARAGRAPHS[3:]
    )


def test_the_paywalled_rest_of_an_article_is_read():
    """ABC and TechRadar print the rest of the article in a block marked ``paywall`` (Google's
    markup for subscription content), hidden until a subscriber's login is checked: the text is
    the article's. Any other hidden block stays out."""
    free = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:4])
    tail = f'<p class="paywall" aria-hidden="true">{PARAGRAPHS[4]}</p>'
    other = f'<div class="modal" hidden><p>{TEASERS[0][1]}</p></div>'
    article = f'<div class="text">{free}<div class="paywall" hidden>{rest}</div>{tail}{other}</div>'
    assert body_of(page(article)) == PARAGRAPHS


def test_a_short_run_in_a_block_named_as_the_article_s_own_is_read():
    """The New York Times prints each run of paragraphs between two ads in a block of the same
    name (``story-body-supplemental``): the first run, one paragraph beside a related-coverage
    box, is the article's though it adds less than the climb's 1.3x (readability appends such
    same-named siblings)."""
    more = [summary for _, summary in TEASERS]
    first = f'<div class="run"><div class="body body-1"><p>{PARAGRAPHS[0]}</p></div><aside><a href="/n/1">{TEASERS[0][0]}</a></aside></div>'
    ad = '<div class="interrupter"><div class="ad">اشتہار</div></div>'
    second = (
        f'<div class="run"><div class="body body-2">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:] + more)}</div></div>'
    )
    assert body_of(page(first + ad + second)) == PARAGRAPHS + more


def test_related_stories_inside_the_article_s_block_are_not_its_body():
    """ABC prints related stories, each a linked headline and a summary, inside the article's
    own block (``voc-d-c-related-news``): a block named ``related`` is furniture, as trafilatura
    discards it; the summaries are other articles' text."""
    related = "".join(
        f'<div class="item"><h3><a href="/n/{i}">{title}</a></h3><p>{summary}</p></div>'
        for i, (title, summary) in enumerate(TEASERS)
    )
    article = (
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
        + f'<div class="related-news">{related}</div>'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    )
    assert body_of(page(f'<div class="text">{article}</div>')) == PARAGRAPHS


def test_a_block_marked_itemprop_article_body_is_the_body_though_a_denser_block_exists():
    # schema.org's markup for the article's text wins over density: the block beside it is
    # longer, and the page says which one is the article
    marked = f'<div itemprop="articleBody"><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>'
    denser = '<div class="more">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:]) + "</div>"
    assert body_of(page(marked, aside=denser)) == PARAGRAPHS[:2]


def test_an_article_body_marked_inside_a_template_is_not_read_as_the_body():
    # a <template> is never shown (scripts clone it): its articleBody is not the article's
    template = f'<template><div itemprop="articleBody"><p>{TEASERS[0][1]}</p></div></template>'
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert body_of(page(template + shown)) == PARAGRAPHS
