"""News-curation pipeline: scraped news articles in, a validated and versioned Parquet dataset out."""
