"""Sources: fetch listings from the network into listings/ (before ingest).

`fetch` writes one Hugging Face `api/daily_papers` file per day; `resolve` looks
up arXiv ids for titles that have none and writes them as a listing of our own
format. Builds never touch the network: they read what these wrote.
"""
