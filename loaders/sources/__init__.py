"""One module per official source: fetch, parse and normalise its releases."""
