from pipeline.evaluation.boilerplate import label_lines, split_of, visible_lines

PAGE = """<html><head><title>Flood | The Courier</title><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>River floods <b>old town</b></h1>
<script>var tracking = 1;</script>
<p>The river burst its banks on Sunday, flooding the old town.<br>Shops were closed.</p>
<footer>Privacy</footer></body></html>"""


def test_visible_text_is_what_a_careless_scraper_saves():
    lines, heading = visible_lines(PAGE)
    assert lines == [
        "Home World",
        "River floods old town",
        "The river burst its banks on Sunday, flooding the old town.",
        "Shops were closed.",
        "Privacy",
    ]
    assert heading == "River floods old town"


def test_lines_are_labelled_by_the_gold_article():
    lines, heading = visible_lines(PAGE)
    gold = "The river burst its banks on Sunday, flooding the old town.\n\nShops were closed."
    labels = label_lines(lines + ["Shops were closed."], gold, heading)
    assert labels == ["boilerplate", "headline", "news", "news", "boilerplate", "boilerplate"]


def test_the_split_depends_only_on_the_name():
    names = [f"page-{i}" for i in range(40)]
    assert [split_of(n) for n in names] == [split_of(n) for n in names]
    assert {split_of(n) for n in names} == {"tune", "heldout"}
