from pipeline.text.duplicates import find_near_duplicates

STORY = (
    "Heavy rain flooded the lower town on Tuesday, forcing the evacuation of two schools and a care "
    "home, the fire service said. Water reached a metre in some streets near the river, and the "
    "regional government opened three shelters for families who had to leave their homes overnight."
)
OTHER = (
    "The football club announced a new coach on Wednesday after a season in which the team narrowly "
    "avoided relegation, saying the appointment would bring stability to a young squad."
)


def test_same_story_from_two_outlets_points_to_the_earlier_one():
    texts = {"b_outlet": STORY + " More updates to follow.", "a_outlet": STORY, "c_other": OTHER}
    assert find_near_duplicates(texts) == {"a_outlet": None, "b_outlet": "a_outlet", "c_other": None}


def test_rescrape_chain_points_to_the_earliest():
    texts = {"003": STORY, "001": STORY, "002": STORY}
    assert find_near_duplicates(texts) == {"001": None, "002": "001", "003": "001"}


def test_deterministic_and_threshold_respected():
    texts = {"x": STORY, "y": STORY[: len(STORY) // 2] + OTHER}
    first = find_near_duplicates(texts)
    assert first == find_near_duplicates(dict(reversed(texts.items())))
    assert first["y"] is None
    assert find_near_duplicates({"x": "", "y": ""}) == {"x": None, "y": None}
