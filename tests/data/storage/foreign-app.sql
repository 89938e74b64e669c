-- SPDX-License-Identifier: GPL-3.0-or-later
-- Another program's SQLite database: tables but no schema_migrations. Quince must refuse to
-- migrate into it (a wrong path in the settings), not mix its schema into theirs.
CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, title TEXT);
INSERT INTO bookmarks (url, title) VALUES ('https://example.com/', 'Example');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('version', '42');
