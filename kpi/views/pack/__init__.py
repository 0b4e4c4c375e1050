"""The evidence pack, as one description: built (build) from the explore views through one adapter (inputs), with
its tables (tables) and the council's action plan (plan). reports/ draws and writes it."""
