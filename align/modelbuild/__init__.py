"""The recipe of align's default embedding model (``align build-model``) and its benchmark.

data (:mod:`.data`, :mod:`.domain`) → vocabulary (:mod:`.vocab`) → ``tokenizer.json``
(:mod:`.tokenizer`) → initial vectors (:mod:`.init`) → contrastive training (:mod:`.train`) →
model folder and card (:mod:`.build`, :mod:`.card`); :mod:`.bench` measures any model.
"""
