import pytest

from pipeline.text.clean import clean_article
from pipeline.text.glued_words import ArticleWords, split_glued_words
from pipeline.text.normalize import normalize_article

CONTEXT = "Minister Ilse Varhaug met Tomas Rindler in Oslo. Varhaug and Rindler spoke later. "


@pytest.mark.parametrize(
    "glued, split",
    [
        ("Varhaugsaid the talks went well.", "Varhaug said the talks went well."),
        ("She met rindlerand his aides.", "She met rindler and his aides."),
        ("The ministersagreed on a text.", "The ministers agreed on a text."),
        ("It ended in March.while talks go on.", "It ended in March. while talks go on."),
        ("Prices rose,while wages fell.", "Prices rose, while wages fell."),
        ("He called it “a mistake”but agreed.", "He called it “a mistake” but agreed."),
        ("She was ‘ready to talk’with anyone.", "She was ‘ready to talk’ with anyone."),
        ("He said \"no\"and left.", "He said \"no\" and left."),
        ("They met inOslo on Friday.", "They met in Oslo on Friday."),
        ("Talks continued withVarhaug present.", "Talks continued with Varhaug present."),
        ("Varhaugheld talks with envoys.", "Varhaug held talks with envoys."),
        ("Tariffs rose underTrump last year.", "Tariffs rose under Trump last year."),
    ],
)
def test_glued_words_are_split(glued, split):
    text, changes = split_glued_words(CONTEXT + glued)
    assert text == CONTEXT + split
    assert len(changes) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Varhaug and Rindler met again.",  # names the text uses
        "Mayor Kaljurand opened the Stonewood bridge.",  # unknown names, seen once
        "The Brightwater district voted.",
        "Serbia’s minister said it’s the Balkans’ turn.",  # apostrophes are not quotes
        "Details are on example.org and www.site-news.com today.",
        "Write to press@newsdesk.org or see file_name.pdf now.",
        "The peacebuilding mission was underreported.",  # real words
        "NATO, the UN and KFOR agreed.",  # acronyms
        "Ms Varhaug's iPhone and McDonald were mentioned.",
        "The choir is led by Odile Casteran, a retired teacher.",  # no "Caster an," before a comma
        "Volunteers run WordCamps and MeetUps in the region.",  # CamelCase product names
        "Settings are read from django.conf and os.path first.",  # dotted identifiers
        "Caucusgoers lined up; the caucusgoers cheered.",  # a coinage used twice
        "The nonpaper was an antitax pitch to ultrawealthy donors.",  # prefixed coinages
        "The vote was a megadeal for the cashierless shop.",
        "A pinballing, bashable and watermelonish campaign barnstorms the state.",  # suffixed
        "Officials said the gloves were upsampled and unwearable.",
        "Judge Henna Failor and Ola Penwell spoke.",  # names ending like a short word
        "The 1970’s and HB2’s sponsors backed Trump‘s and the Jewels‘ plans; they don‘t agree.",
    ],
)
def test_real_words_and_names_stay_whole(sentence):
    assert split_glued_words(CONTEXT + sentence) == (CONTEXT + sentence, [])


def test_a_word_repeated_in_other_paragraphs_stays_whole():
    """Each paragraph is split alone, but a word the article writes twice is never glue."""
    article = "The pollwatcher came at dawn.\n\nBy noon the pollwatcher had gone."
    paragraph = article.split("\n\n")[1]
    assert split_glued_words(paragraph)[0] == "By noon the poll watcher had gone."  # seen alone
    assert split_glued_words(paragraph, ArticleWords.of(article)) == (paragraph, [])


def test_a_function_word_is_split_off_a_prefix_and_off_a_capitalised_function_word():
    text, _ = split_glued_words(CONTEXT + "Thesewere the terms, and the fees rose overwhich they argued.")
    assert text == CONTEXT + "These were the terms, and the fees rose over which they argued."


def test_word_list_follows_the_language():
    german = "Die Ministerin sagte, dass die Regierung handeln werde."
    assert split_glued_words(german, language="de") == (german, [])


def test_quotes_are_restored_even_without_a_word_list():
    text, changes = split_glued_words("Il a dit «non»puis il est parti.", language="xx")
    assert text == "Il a dit «non» puis il est parti."


def test_an_article_splits_no_word_it_writes_in_several_paragraphs():
    raw = (
        "A pollwatcher at every booth\n\n"
        "The pollwatcher came at dawn to the harbour school, watched by hundreds of voters.\n\n"
        "By noon the pollwatcher had gone and the queue drifted home along the front.\n"
    )
    article = normalize_article(clean_article(raw))
    assert article["text"].count("pollwatcher") == 2
    assert not [entry for entry in article["audit"] if entry["reason"].startswith("glued_word:")]
