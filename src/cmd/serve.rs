//! `gloss serve`: build the site, serve it on loopback, rebuild on every change and reload the
//! open pages. Runs until Ctrl-C (or SIGTERM), then shuts down cleanly with exit code 0.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::Config;
use crate::serve::{self, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on. Without it, 1111, or the next free port when 1111 is busy; with it,
    /// a busy port is an error.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Address to listen on. Anything but loopback shows the site to your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Output folder to build into and serve from (default: .gloss/serve/ in the site, so the
    /// output of `gloss build` in dist/ is never touched).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Open the site in the browser.
    #[arg(long)]
    pub open: bool,
    /// The address pages link to, instead of the one served (for a proxy or another device).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Build articles and pages marked `draft: true` too (never `gloss build`).
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(config: &Config, args: &ServeArgs, ui: Ui) -> Result<Report> {
    let mut config = config.clone();
    config.drafts = args.drafts;
    let out_dir = match &args.out {
        Some(dir) => resolve_out_dir(dir)?,
        None => config.serve_out_dir(),
    };
    if config.root.starts_with(&out_dir) {
        bail!(
            "the output folder {} holds the site itself; choose a folder inside or beside it",
            out_dir.display()
        );
    }
    let base_url = args
        .base_url
        .as_ref()
        .map(|url| if url.ends_with('/') { url.clone() } else { format!("{url}/") });
    let options =
        ServeOptions { bind: args.bind, port: args.port, out_dir, base_url, open: args.open };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    let summary = runtime.block_on(serve::serve(config, options, ui, shutdown_requested()))?;
    let failed =
        if summary.failed > 0 { format!(" ({} failed)", summary.failed) } else { String::new() };
    Ok(Report {
        summary: format!(
            "stopped serving after {} build{}{failed}",
            summary.builds,
            plural(summary.builds)
        ),
        diagnostics: Vec::new(),
        failed: false,
    })
}

/// The output folder as an absolute path through real folders (the watcher compares it with
/// the real paths of changed files), whether or not it exists yet.
fn resolve_out_dir(dir: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(dir)
        .with_context(|| format!("cannot resolve the output folder {}", dir.display()))?;
    if let Ok(real) = absolute.canonicalize() {
        return Ok(real);
    }
    match (absolute.parent().and_then(|p| p.canonicalize().ok()), absolute.file_name()) {
        (Some(parent), Some(name)) => Ok(parent.join(name)),
        _ => Ok(absolute),
    }
}

/// Resolves on the first Ctrl-C (or SIGTERM). A second one ends the process at once, for a
/// build that takes too long to finish.
async fn shutdown_requested() {
    wait_for_signal().await;
    eprintln!("stopping (press Ctrl-C again to quit at once)");
    tokio::spawn(async {
        wait_for_signal().await;
        std::process::exit(130);
    });
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
