//! The real build, as `gloss serve` runs it, with a record of every call the serve loop made,
//! so tests can count rebuilds and see which paths reached the build.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use gloss::build::BuildOutcome;
use gloss::serve::SiteBuilder;

/// One finished call: `None` for a full build, else the paths the loop passed.
pub type Call = Option<Vec<PathBuf>>;

/// Every finished call so far, shared with the test.
pub type Calls = Arc<Mutex<Vec<Call>>>;

pub struct Recorded<B> {
    pub inner: B,
    pub calls: Calls,
}

impl<B: SiteBuilder> SiteBuilder for Recorded<B> {
    fn full(&mut self) -> Result<BuildOutcome> {
        let outcome = self.inner.full();
        self.calls.lock().unwrap().push(None);
        outcome
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let outcome = self.inner.rebuild(changed);
        self.calls.lock().unwrap().push(Some(changed.to_vec()));
        outcome
    }

    fn write_deferred(&mut self, cancelled: &dyn Fn() -> bool) -> Result<Option<BuildOutcome>> {
        self.inner.write_deferred(cancelled)
    }
}
