//! Flow analysis and cycle-time metrics.
