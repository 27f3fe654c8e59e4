//! annotate stage (in progress).
pub mod fold;
pub mod gazetteer;
pub mod markdown;
