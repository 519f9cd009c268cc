"""The mirror's site chrome: the header and footer every page of the Islam Times mirror carries."""

NAV = """<header id="site-header">
  <a class="logo" href="/ur/">اسلام ٹائمز</a>
  <nav class="sections">
    <a href="/ur/section/pakistan">پاکستان</a> <a href="/ur/section/world">دنیا</a>
    <a href="/ur/archive?page=1">تازہ ترین</a> <a href="/ur/search?q=%D9%BE%D8%A7%DA%A9">تلاش</a>
  </nav>
  <div class="langbar"><a href="/en/">English</a> <a href="/ar/">العربية</a> <a href="/fa/">فارسی</a></div>
</header>"""
FOOTER = """<footer id="site-footer"><a href="/ur/about">ہمارے بارے میں</a> · <a href="/ur/rss">RSS</a>
<p>© اسلام ٹائمز</p></footer>"""
