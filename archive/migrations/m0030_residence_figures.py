"""Residence figures: what a residence did (pupils, schools, interventions…), as counts.

One row per residence and figure; a figure not recorded has no row (which is
not the same as 0). Counts only: there is no column that could hold a name.
"""

SQL = """
CREATE TABLE residence_figures (
    residence_id INTEGER NOT NULL REFERENCES residences(id) ON DELETE CASCADE,
    figure       TEXT NOT NULL,
    value        INTEGER NOT NULL CHECK (typeof(value) = 'integer' AND value >= 0),
    PRIMARY KEY (residence_id, figure)
);
"""
