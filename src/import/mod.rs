//! import stage (in progress).
