//! gloss: a static site generator for archives of annotated articles.
//!
//! The pipeline, one module per stage, with plain data passed between them:
//! `import` (raw text → Markdown articles) → `annotate` (names → entities and `[[links]]`) →
//! `load` (content/ → [`model::Site`]) → `render` (site → HTML and other output files) →
//! `write` (output files → `dist/`, atomically). `serve` and `check` sit beside them.

pub mod annotate;
pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod import;
pub mod ledger;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod write;
