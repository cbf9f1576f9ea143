//! Graph validation of a document (rules under `rules/`).
