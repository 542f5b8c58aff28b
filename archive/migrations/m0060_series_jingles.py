"""Series intros and outros (« générique »), and where they sit in each encode.

``series.intro_sha`` / ``outro_sha`` name short originals in the store (purpose
``intro`` / ``outro``) joined to every episode of an audio series. The media
stage records, per encode, how long the joined intro (``lead``) and outro
(``trail``) are in the derivative, so chapters and transcript cues are placed
without opening any file on a rebuild.
"""

SQL = """
ALTER TABLE series ADD COLUMN intro_sha TEXT REFERENCES originals(sha256);
ALTER TABLE series ADD COLUMN outro_sha TEXT REFERENCES originals(sha256);
ALTER TABLE derivatives ADD COLUMN lead REAL NOT NULL DEFAULT 0;
ALTER TABLE derivatives ADD COLUMN trail REAL NOT NULL DEFAULT 0;
"""
