//! annotate stage (in progress).
