//! serve stage (in progress).
