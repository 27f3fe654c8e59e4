//! annotate stage (in progress).
pub mod classify;
pub mod detect;
pub mod fold;
pub mod gazetteer;
pub mod markdown;
pub mod resolve;
