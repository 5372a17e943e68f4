"""Markdown rendering that is safe to mark as HTML.

Markdown is converted first and the resulting HTML is then cleaned by nh3
(Ammonia) against an allow-list, so raw HTML, ``javascript:`` links and event
handlers written by users never reach a page.
"""

import markdown as md
import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


# Python-Markdown slows down badly on some input: thousands of unclosed "["
# took minutes (4 000: 11 s, growing faster than the square of the count), and
# 100 kB of "- " or "#" lines took a minute or two. One request could hold a
# worker that long. Text past these limits is shown as plain paragraphs; at
# 10 000 characters the worst input measured renders in under a second.
# (Instrument descriptions are a few hundred characters; the form allows MAX_MARKDOWN_LENGTH.)
MAX_MARKDOWN_LENGTH = 10_000
MAX_LINK_OPENERS = 500


def render_markdown(text: str) -> str:
    if not text:
        return ""
    if len(text) > MAX_MARKDOWN_LENGTH or text.count("[") > MAX_LINK_OPENERS:
        html = linebreaks(text, autoescape=True)
    else:
        try:
            html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
        except RecursionError:
            # Lists or quotes nested hundreds of levels deep exceed Python's recursion limit.
            html = linebreaks(text, autoescape=True)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
