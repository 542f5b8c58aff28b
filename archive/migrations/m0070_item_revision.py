"""Each item's revision: a number that grows with every change to it.

The build fingerprints each public page and feed entry from it instead of
hashing every field of every episode, which at 10,000 items cost more than the
whole no-op build may take (docs/design.md, "Incremental builds"). Triggers
keep it, not the code: an ``UPDATE`` of the row, or any change to its
audiences, themes or contributors, raises it, whatever the path (API, web,
import, a hand-made SQL fix). ``updated_at`` is no substitute: it has
one-second steps, and two edits in the same second must still differ.
"""

SQL = """
ALTER TABLE items ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER items_revision AFTER UPDATE ON items
WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE items SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER item_audiences_added AFTER INSERT ON item_audiences
BEGIN UPDATE items SET revision = revision + 1 WHERE id = NEW.item_id; END;
CREATE TRIGGER item_audiences_removed AFTER DELETE ON item_audiences
BEGIN UPDATE items SET revision = revision + 1 WHERE id = OLD.item_id; END;
CREATE TRIGGER item_audiences_changed AFTER UPDATE ON item_audiences
BEGIN UPDATE items SET revision = revision + 1 WHERE id IN (OLD.item_id, NEW.item_id); END;
CREATE TRIGGER item_themes_added AFTER INSERT ON item_themes
BEGIN UPDATE items SET revision = revision + 1 WHERE id = NEW.item_id; END;
CREATE TRIGGER item_themes_removed AFTER DELETE ON item_themes
BEGIN UPDATE items SET revision = revision + 1 WHERE id = OLD.item_id; END;
CREATE TRIGGER item_themes_changed AFTER UPDATE ON item_themes
BEGIN UPDATE items SET revision = revision + 1 WHERE id IN (OLD.item_id, NEW.item_id); END;
CREATE TRIGGER contributors_added AFTER INSERT ON contributors
BEGIN UPDATE items SET revision = revision + 1 WHERE id = NEW.item_id; END;
CREATE TRIGGER contributors_removed AFTER DELETE ON contributors
BEGIN UPDATE items SET revision = revision + 1 WHERE id = OLD.item_id; END;
CREATE TRIGGER contributors_changed AFTER UPDATE ON contributors
BEGIN UPDATE items SET revision = revision + 1 WHERE id IN (OLD.item_id, NEW.item_id); END;
"""
