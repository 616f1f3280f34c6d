import pytest

from pipeline.text.captions import looks_like_uncredited_caption, parse_caption


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        ("© Alamy / Piotr Nowak", "", "Alamy / Piotr Nowak"),
        ("Photo: Lena Kraus", "", "Lena Kraus"),
        ("Firefighters at the depot (AP Photo/Rui Costa)", "Firefighters at the depot", "AP Photo/Rui Costa"),
        ("The minister in Lisbon (EPA / Rui Costa) (RUI COSTA /)", "The minister in Lisbon", "EPA / Rui Costa"),
        ("Smoke over the port. Photo: Lina Haddad/Gulf Images", "Smoke over the port", "Lina Haddad/Gulf Images"),
        ("Crowds in the square | Photo by Omar Said", "Crowds in the square", "Omar Said"),
        ("Voters queue in Tartu (Getty Images)", "Voters queue in Tartu", "Getty Images"),
    ],
)
def test_captions_and_credits(line, caption, credit):
    assert parse_caption(line) == {"caption": caption, "credit": credit}


@pytest.mark.parametrize(
    "line",
    [
        "The talks ended without agreement, officials said (Reuters).",
        "© 2024 Lakeside Daily. All rights reserved.",
        "He posted a photo: the square was empty.",
        "The minister said the budget would pass next week.",
        "Prices rose 3% (year on year) in May.",
    ],
)
def test_prose_is_not_a_caption(line):
    assert parse_caption(line) is None


def test_uncredited_caption_needs_a_picture_verb_and_no_full_stop():
    assert looks_like_uncredited_caption("Prime Minister Ana Ruiz meets farmers at the cooperative in Jaén")
    assert not looks_like_uncredited_caption("Prime Minister Ana Ruiz meets farmers at the cooperative in Jaén.")
    assert not looks_like_uncredited_caption("Budget talks resume in parliament")
