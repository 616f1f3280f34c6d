"""Clean and normalize scraped article text: pure functions on strings, no Dagster.

In data-flow order:
    unicode      repair mojibake, NFC (quote marks kept as written; quote_marks.py reads them)
    chrome       site chrome lines (patterns in data/chrome_patterns.yaml)
    captions     photo captions and credits
    metadata     byline, wire credit, publisher, dates, dateline (dates.py parses dates)
    headline     which line is the title, without breadcrumbs
    repeats      lines printed more than once
    clean        clean_article(raw_text): the above, with an audit entry per removed line
    glued_words  words that lost their space when links were stripped
    language     ISO 639-1 guess from function words
    normalize    normalize_article(cleaned): the published text and metadata
    duplicates   find_near_duplicates(texts): MinHash near-duplicate articles
"""
