"""News pages written for the tests: the seed texts wrapped in the markup of three kinds of news
site. No outlet's page is copied; each template imitates a kind of site, with the furniture that
such pages carry around the story: navigation, ad slots, related-link blocks, photo captions and
credits, newsletter boxes, comments, and metadata in <meta> tags and JSON-LD.

Each paragraph of the article is one line of the seed's clean text, escaped, so the text a good
extractor returns can be compared with the seed's.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    headline: str
    paragraphs: list[str]
    published: str
    outlet: str
    author: str
    url: str


def _jsonld(spec: PageSpec) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": spec.headline,
        "datePublished": f"{spec.published}T09:30:00+00:00",
        "dateModified": f"{spec.published}T11:02:00+00:00",
        "author": [{"@type": "Person", "name": spec.author}],
        "publisher": {"@type": "Organization", "name": spec.outlet},
        "mainEntityOfPage": spec.url,
    }
    return json.dumps(data, ensure_ascii=False)


def _head(spec: PageSpec) -> str:
    e = html.escape
    return f"""<head>
<meta charset="utf-8">
<title>{e(spec.headline)} | {e(spec.outlet)}</title>
<meta name="description" content="{e(spec.paragraphs[-1][:150])}">
<meta property="og:title" content="{e(spec.headline)}">
<meta property="og:site_name" content="{e(spec.outlet)}">
<meta property="og:url" content="{e(spec.url)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{spec.published}T09:30:00Z">
<meta name="author" content="{e(spec.author)}">
<link rel="canonical" href="{e(spec.url)}">
<script type="application/ld+json">{_jsonld(spec)}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>
<style>.ad-slot{{min-height:250px}} .nav a{{padding:4px}}</style>
</head>"""


def _ps(paragraphs: list[str], every: int, insert: list[str]) -> str:
    """The article's paragraphs, with a piece of furniture after every ``every``-th one."""
    out = []
    pieces = iter(insert)
    for n, text in enumerate(paragraphs, start=1):
        out.append(f"<p>{html.escape(text)}</p>")
        if n % every == 0:
            piece = next(pieces, None)
            if piece:
                out.append(piece)
    return "\n".join(out)


def wire_site(spec: PageSpec) -> str:
    """A classic CMS page of a national broadcaster or wire: header navigation, breadcrumbs,
    a lead photo with caption and credit, ad slots between paragraphs, a related-stories list,
    a newsletter box, a comments section and a fat footer."""
    e = html.escape
    body = spec.paragraphs
    furniture = [
        '<div class="ad-slot" id="dfp-mid-1"><span class="ad-label">Advertisement</span>'
        '<iframe title="3rd party ad content" src="about:blank"></iframe></div>',
        '<aside class="related-inline"><h3>Read more</h3><ul>'
        '<li><a href="/news/world-europe-1">Read more: How the first round of talks unfolded</a>'
        '</li><li><a href="/news/world-europe-2">Analysis: what each side wants</a></li>'
        "</ul></aside>",
        '<div class="ad-slot" id="dfp-mid-2"><span class="ad-label">Advertisement</span></div>',
    ]
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(spec)}
<body>
<header class="site-header">
  <a class="logo" href="/">{e(spec.outlet)}</a>
  <nav class="nav" aria-label="Main"><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li>
    <li><a href="/business">Business</a></li><li><a href="/weather">Weather</a></li>
    <li><a href="/live">Live</a></li><li><a href="/signin">Sign in</a></li>
  </ul></nav>
  <div class="breaking-banner">Breaking: markets close higher as oil prices fall</div>
</header>
<nav class="breadcrumbs"><a href="/news">News</a> › <a href="/news/world">World</a> ›
<a href="/news/world/europe">Europe</a></nav>
<main id="main-content">
<article>
  <header>
    <h1>{e(spec.headline)}</h1>
    <div class="byline">By <span class="author">{e(spec.author)}</span>,
    <time datetime="{spec.published}T09:30:00Z">{spec.published}</time></div>
    <div class="share"><a href="#">Share</a> <a href="#">Save</a></div>
  </header>
  <figure class="lead-image">
    <img src="/images/lead.jpg" alt="Delegations at a conference table">
    <figcaption>Delegates take their seats before an earlier round of talks.
    <span class="credit">Photo by Staff Photographer/Agency</span></figcaption>
  </figure>
  <div class="article-body">
{_ps(body, 3, furniture)}
  </div>
</article>
<section class="newsletter-signup"><h2>Get our morning briefing</h2>
<p>Sign up for the newsletter and get the top stories in your inbox every morning.</p>
<form><input type="email" placeholder="Email address"><button>Subscribe</button></form></section>
<section class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/news/1">Ceasefire hopes fade after overnight strikes</a></li>
<li><a href="/news/2">Who are the negotiators?</a></li>
<li><a href="/news/3">Markets react to talk of peace deal</a></li></ul></section>
<section class="comments" id="comments"><h2>Comments (214)</h2>
<div class="comment"><span class="user">reader_4471</span><p>This will never work, mark my
words. Nobody at that table wants peace.</p></div>
<div class="comment"><span class="user">TomFromLeeds</span><p>Finally some good news, let us
hope they actually show up this time.</p></div></section>
</main>
<footer class="site-footer"><ul><li><a href="/terms">Terms of Use</a></li>
<li><a href="/privacy">Privacy Policy</a></li><li><a href="/cookies">Cookies</a></li>
<li><a href="/contact">Contact us</a></li></ul>
<p>Copyright © 2025 {e(spec.outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


def portal_site(spec: PageSpec) -> str:
    """A busy news portal built of divs: mega-menu, trending ticker, sticky share bar, inline
    "Also Read" links, sponsored content widgets, a photo gallery with credits, and a
    reader-comments plugin."""
    e = html.escape
    body = spec.paragraphs
    furniture = [
        '<div class="also-read"><strong>Also Read</strong> <a href="/world/other-story-1">'
        "Trump warns of consequences as strikes continue</a></div>",
        '<div class="inline-gallery"><img src="/g/1.jpg" alt=""><p class="gallery-caption">'
        "Residents inspect damage after an overnight attack (Photo: Agency / Staff)</p></div>",
        '<div class="sponsored-widget"><h4>Sponsored</h4><a href="https://ads.example/x">'
        "You will not believe these 10 holiday destinations</a></div>",
        '<div class="also-read"><strong>Also Read</strong> <a href="/world/other-story-2">'
        "Markets rally on ceasefire hopes</a></div>",
    ]
    return f"""<!DOCTYPE html>
<html lang="en">
{_head(spec)}
<body class="article-page">
<div id="top-bar"><div class="mega-menu">
<a href="/">Home</a> | <a href="/india">India</a> | <a href="/world">World</a> |
<a href="/business">Business</a> | <a href="/tech">Tech</a> |
<a href="/entertainment">Entertainment</a>
| <a href="/web-stories">Web Stories</a> | <a href="/epaper">E-Paper</a></div>
<div class="trending"><span>Trending:</span> <a href="/t/1">Election results</a>
<a href="/t/2">Gold price today</a> <a href="/t/3">Weather alert</a></div></div>
<div class="container"><div class="row"><div class="col-main">
<div class="story-wrapper">
<h1 class="story-title">{e(spec.headline)}</h1>
<div class="story-meta"><span class="by">{e(spec.author)}</span> | Updated:
<span class="date">{spec.published}</span></div>
<div class="sticky-share"><a href="#">WhatsApp</a><a href="#">Facebook</a><a href="#">X</a></div>
<div class="story-body" itemprop="articleBody">
{_ps(body, 2, furniture)}
</div>
<div class="tags"><a href="/tag/russia">Russia</a> <a href="/tag/ukraine">Ukraine</a></div>
</div>
<div id="comments-plugin"><h3>Latest Comments</h3><div class="c-item">Post Comment</div>
<div class="c-item"><b>Ravi K</b> Good step, peace is needed for everyone.</div></div>
</div>
<div class="col-side"><div class="widget"><h3>Most Read</h3><ol>
<li><a href="/m/1">Ten things to know before you travel this summer</a></li>
<li><a href="/m/2">Cricket: highlights from last night</a></li></ol></div>
<div class="ad-slot ad-300x600">Advertisement</div></div>
</div></div>
<div class="footer">About Us | Advertise With Us | Careers | Privacy Policy | Disclaimer
<p>© {e(spec.outlet)} 2025</p></div>
</body>
</html>
"""


def regional_site(spec: PageSpec) -> str:
    """A semantic HTML5 page of a regional paper: skip link, <main>/<article> with microdata,
    pull quote in an aside, a paywall prompt, a "more from the section" rail and a cookie
    banner."""
    e = html.escape
    body = spec.paragraphs
    furniture = [
        '<aside class="pullquote" aria-hidden="true">“Readers react to the news in our live '
        "blog”</aside>",
        '<div class="paywall-prompt"><p>Subscribe to keep reading. First month free.</p>'
        '<a class="btn" href="/subscribe">Subscribe now</a></div>',
    ]
    return f"""<!DOCTYPE html>
<html lang="en-GB">
{_head(spec)}
<body>
<a class="skip-link" href="#content">Skip to content</a>
<div class="cookie-banner" role="dialog">We use cookies to improve your experience.
<button>Accept all</button> <button>Manage</button></div>
<header><div class="masthead">{e(spec.outlet)}</div>
<nav><a href="/news">News</a> <a href="/politics">Politics</a> <a href="/world">World</a>
<a href="/opinion">Opinion</a> <a href="/puzzles">Puzzles</a></nav></header>
<main id="content">
<article itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">{e(spec.headline)}</h1>
<p class="standfirst">Our foreign desk on the latest from the region</p>
<address class="author" itemprop="author">{e(spec.author)}</address>
<time itemprop="datePublished" datetime="{spec.published}">{spec.published}</time>
<div itemprop="articleBody">
{_ps(body, 4, furniture)}
</div>
</article>
<section class="more-from"><h2>More from World</h2>
<article class="teaser"><h3><a href="/world/a">Flooding closes roads across the county</a></h3>
</article>
<article class="teaser"><h3><a href="/world/b">Opinion: the week in politics</a></h3></article>
</section>
</main>
<footer><p>{e(spec.outlet)} is part of a regional media group. Registered in England.</p>
<nav><a href="/about">About</a> <a href="/complaints">Complaints</a></nav></footer>
</body>
</html>
"""


SITES = {"wire": wire_site, "portal": portal_site, "regional": regional_site}
