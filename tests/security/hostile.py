"""Hostile input and the checks that a page survived it.

``hostile_text()`` is a hypothesis strategy of strings a browser form or a
crafted URL can carry: control characters and NUL, 100 kB walls of text,
markup and Markdown that would run script if it reached a page unescaped,
SQL-ish fragments, absurd numbers, and bidi/zero-width characters.
``raw_query()`` builds query strings byte by byte, including percent-escapes
that are not UTF-8, which a test client ``data=`` dict cannot express.

``assert_no_executable_markup(html)`` parses a response and fails on anything
that could run script. The site itself has none of it (the Content-Security-Policy
forbids inline scripts and event handlers), so any hit came from user input.
"""

from html.parser import HTMLParser
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.hypothesis_profiles import examples

# -- payloads ---------------------------------------------------------------------

SCRIPT_PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<body onload="alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' autofocus onfocus='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "<!--<script>alert(1)</script>-->",
    "<object data=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==></object>",
]
MARKDOWN_PAYLOADS = [
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1) )",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "<javascript:alert(1)>",
    "<https://example.org/?a=<script>>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "[ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<div>\n<script>alert(1)</script>\n</div>",
    '<p onclick="alert(1)">raw html block</p>',
    '*emphasis* <span onmouseover="alert(1)">x</span>',
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | x |",
    "[x](vbscript:msgbox(1))",
    "<a href='javascript:alert(1)'>x</a>",
]
SQLISH = [
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    '" OR 1=1 --',
    "%' AND 1=0 UNION SELECT password FROM accounts_user --",
    "\\'",
    "1; SELECT pg_sleep(5)",
    "$$; SELECT 1; $$",
    "a & b | !c <-> d:*",  # tsquery syntax
    "(((((",
    ":*",
]
NUMBERS = [
    "0",
    "-1",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "9" * 400,
    "1" + "0" * 5000,
    "1e400",
    "-1e400",
    "NaN",
    "inf",
    "0x10",
    "1.5",
    "²",  # isdigit() but not int()
    "٣",  # Arabic-Indic three: int() accepts it
    "１２",  # full-width digits
    "00000000000000000001",
]
CONTROL = [
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\x01\x02\x03\x07\x08\x0b\x0c\x1b[31m",
    "\r\n\r\nX-Injected: 1",
    "\t\v\f",
    "\x7f\x85",
    "\ufeff",
    "\ufffe\uffff",
    "\ue000\ue001",  # the search highlighter's private-use delimiters
]
UNICODE = [
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d\u2060",  # zero-width
    "\u2066\u2067\u2068\u2069",
    "Z\u0351\u0352\u0353" * 50,  # combining marks
    "\U0001f4a9" * 10,
    "𝕿𝖊𝖘𝖙",
    "ﬁ",
    "İ",
    "ß",
    "\u0130\u0131",
]
LONG = [
    "a" * 100_000,
    "<script>alert(1)</script>" * 4000,
    "[x](javascript:alert(1)) " * 4000,
    "*" * 20_000,
    "[" * 10_000,
    "> " * 10_000 + "x",
]

FIXED_CORPUS = SCRIPT_PAYLOADS + MARKDOWN_PAYLOADS + SQLISH + NUMBERS + CONTROL + UNICODE
# A small, fixed selection every page or form gets at least once (deterministic sweeps).
SWEEP_VALUES = [
    "a\x00b",
    '"><script>alert(1)</script><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1)) <svg onload=alert(1)>",
    "9" * 400,
    "-1",
    "²",
    "' OR '1'='1 \u202e\u200b",
]

# Raw query-string fragments (already percent-encoded or deliberately broken).
RAW_QUERY_VALUES = [
    "%ff%fe%00",
    "%c3%28",
    "%",
    "%%",
    "%zz",
    "%e2%82",
    "%ed%a0%80",  # a UTF-16 surrogate encoded as if it were UTF-8 (CESU-8): not valid UTF-8
    "%ed%b2%a9%ed%a0%bd",
    "%f4%90%80%80",  # beyond U+10FFFF
    "%c0%af",  # overlong "/"
    "%00",
    "a%00b",
    "%uff1c",
    "+%2B+",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
]


# -- strategies ------------------------------------------------------------------------


def _no_surrogates(text: str) -> bool:
    # Lone surrogates cannot be encoded as UTF-8 at all: no client can send them as text.
    # They are sent as raw bytes instead (see RAW_QUERY_VALUES).
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def hostile_text() -> st.SearchStrategy[str]:
    payload = st.sampled_from(FIXED_CORPUS)
    random_text = st.text(
        alphabet=st.characters(codec="utf-8", categories=None, exclude_categories=("Cs",)), max_size=60
    )
    long_text = st.sampled_from(LONG)
    combined = st.tuples(payload, random_text, payload).map("".join)
    return st.one_of(payload, payload, combined, random_text, long_text).filter(_no_surrogates)


def short_hostile_text() -> st.SearchStrategy[str]:
    """Hostile text without the 100 kB walls (for query strings: URLs have a length limit)."""
    payload = st.sampled_from(FIXED_CORPUS)
    random_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
    return st.one_of(payload, payload, st.tuples(payload, random_text).map("".join), random_text)


def encode_param(name: str, value: str) -> str:
    return f"{quote(name, safe='')}={quote(value, safe='')}"


@st.composite
def raw_query(draw, names: list[str]) -> str:
    """A query string for ``names`` (plus strangers) mixing encoded text and broken escapes."""
    parts = []
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4)) if names else []
    for name in chosen + draw(st.lists(st.sampled_from(["zzz", "a\x00", "page", "next", "q"]), max_size=2)):
        if draw(st.booleans()):
            parts.append(encode_param(name, draw(short_hostile_text())))
        else:
            parts.append(f"{quote(name, safe='')}={draw(st.sampled_from(RAW_QUERY_VALUES))}")
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(RAW_QUERY_VALUES)))  # a key without "="
    return "&".join(parts)


# -- the check ------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
# Inline SVG is legitimate here (the charts); what runs inside it is caught by the attribute checks.
DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "math", "foreignobject"}
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def _scheme_of(url: str) -> str:
    # Browsers ignore whitespace and control characters inside the scheme.
    return "".join(ch for ch in url if ch > " " and ch != "\x7f").lower()


class _MarkupAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag == "script":
            kind = (dict(attrs).get("type") or "").lower()
            # A JSON data block (json_script, allauth's i18n) is never executed.
            self._in_script = kind not in DATA_BLOCK_TYPES
            src = dict(attrs).get("src") or ""
            if self._in_script and not src.startswith("/static/"):
                self.problems.append(f"<script> not from /static/: {attrs!r}")
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in ("style",):
                self.problems.append(f"inline style on <{tag}>")
            if name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(BAD_SCHEMES):
                self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            if name == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")


def executable_markup(html: str) -> list[str]:
    audit = _MarkupAudit()
    audit.feed(html)
    audit.close()
    return audit.problems


def assert_no_executable_markup(response, where: str = "") -> None:
    content_type = response.get("Content-Type", "")
    if "html" not in content_type or getattr(response, "streaming", False):
        return
    html = response.content.decode(response.charset or "utf-8", errors="replace")
    problems = executable_markup(html)
    assert not problems, f"{where}: executable markup in the page: {problems[:5]}"


# -- hypothesis settings ------------------------------------------------------------------


def fuzz_settings(max_examples: int):
    """Settings for these tests: ``max_examples`` in the thorough hypothesis profile, about a third
    in the fast default one (tests/hypothesis_profiles.py); LC_FUZZ_SCALE=10 runs ten times as many.

    Examples of one test share its transaction and its world: hostile rows stored
    by one example are displayed by the next, which is intended. Not a global
    profile, so other hypothesis users in the suite keep their own defaults.
    """
    return settings(
        max_examples=examples(max_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        print_blob=True,
    )
