-- A copied hub must be a sound SQLite database before it is kept or restored.
PRAGMA quick_check;
