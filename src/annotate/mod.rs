//! annotate stage (in progress).
pub mod detect;
pub mod fold;
pub mod gazetteer;
pub mod markdown;
