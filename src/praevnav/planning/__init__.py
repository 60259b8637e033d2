"""Planning: coverage, chain view, spatial accessibility, gaps, duplicates, snapshots."""
