//! The archive benchmark: `scripts/bench`, or `cargo bench --bench archive -- [OPTIONS]`.
//!
//! For each archive size it generates (or reuses) a synthetic archive, runs the real `gloss`
//! binary on it step by step (import, annotate, clean build, no-op build, one-file edits, and
//! `gloss serve`'s edit-to-reload latency), runs Hugo on the same archive, and prints a table
//! (median time, peak memory, targets) that it also writes as Markdown and JSON.

// `cargo bench` compiles this target with `cfg(test)` but without the test harness, so the
// modules' unit tests (run by the `bench_archive` test target) compile here without their tests.
#![cfg_attr(test, allow(unused_imports, dead_code))]

mod http;
mod hugo;
mod live;
mod measure;
mod report;
mod synth;
mod workdir;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;

use live::{Detect, EditKind, LiveEdit, Session};
use measure::{Sample, free_port, run_measured};
use report::{Report, StepResult, selected};
use synth::{Archive, Generator};

#[derive(Debug, Parser)]
#[command(about = "Times gloss and Hugo on synthetic archives and prints a table")]
struct Options {
    /// Archive sizes, in articles.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// Only the 1,000-article archive.
    #[arg(long)]
    quick: bool,
    /// Runs per step; the table quotes the median.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Steps to run (ids or groups such as `hugo`, `serve`, `edit`); all by default.
    #[arg(long, value_delimiter = ',')]
    steps: Vec<String>,
    /// Seed of the synthetic archives.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value = "target/bench-results.json")]
    json: PathBuf,
    #[arg(long, default_value = "target/bench-results.md")]
    markdown: PathBuf,
    /// The gloss binary to time (by default the release build cargo made for this bench).
    #[arg(long, default_value = env!("CARGO_BIN_EXE_gloss"))]
    gloss: PathBuf,
    /// The Hugo binary.
    #[arg(long, env = "HUGO", default_value = "hugo")]
    hugo: PathBuf,
    /// The largest archive Hugo is run on: its memory grows with the archive (2.5 GB at 10,000
    /// articles), so at 100,000 it would need more than this machine's 24 GB.
    #[arg(long, default_value_t = 10_000)]
    hugo_max: usize,
    /// Where generated archives are cached.
    #[arg(long, default_value = "target/bench-data")]
    data_dir: PathBuf,
    /// Where the tools run; logs of every command stay under `logs/`.
    #[arg(long, default_value = "target/bench-work")]
    work_dir: PathBuf,
    /// Keep the work folders (sites, outputs) after each archive, to inspect them.
    #[arg(long)]
    keep_work: bool,
    /// Build without the search index (`gloss build --no-search`), to time the rest of the
    /// build on its own.
    #[arg(long)]
    no_search: bool,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Inputs younger than `gloss build`'s 2 s window leave no build stamp; a margin on top.
const STAMP_SETTLE: Duration = Duration::from_secs(3);

/// A one-shot command may take this long before it counts as failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30 * 60);

fn main() -> Result<()> {
    let mut options = Options::parse();
    if options.quick {
        options.sizes = vec![1000];
    }
    options.runs = options.runs.max(1);
    // The tools run with the site as their working folder, so every path they get is absolute.
    options.work_dir = absolute(&options.work_dir)?;
    options.data_dir = absolute(&options.data_dir)?;
    let unknown: Vec<&String> = options
        .steps
        .iter()
        .filter(|f| !report::STEPS.iter().any(|s| selected(std::slice::from_ref(f), s.id)))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = report::STEPS.iter().map(|s| s.id).collect();
        anyhow::bail!("unknown steps {unknown:?}; known: {}", known.join(", "));
    }
    let mut report = Report {
        date: chrono::Local::now().format("%Y-%m-%d %H:%M %Z").to_string(),
        machine: machine(&options),
        seed: options.seed,
        runs: options.runs,
        archives: Vec::new(),
        results: Vec::new(),
        notes: Vec::new(),
    };
    for &articles in &options.sizes {
        match bench_archive(&options, articles, &mut report) {
            Ok(()) => {}
            Err(error) => eprintln!("bench: the {articles}-article archive failed: {error:#}"),
        }
        write_outputs(&options, &report)?;
    }
    workdir::remove(&trash_dir(&options))?;
    println!("{}", report.to_markdown());
    eprintln!("bench: wrote {} and {}", options.json.display(), options.markdown.display());
    Ok(())
}

/// Where old work folders wait to be removed, once nothing is being timed.
fn trash_dir(options: &Options) -> PathBuf {
    options.work_dir.join("trash")
}

fn write_outputs(options: &Options, report: &Report) -> Result<()> {
    for path in [&options.json, &options.markdown] {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    synth::write(&options.json, &(serde_json::to_string_pretty(report)? + "\n"))?;
    synth::write(&options.markdown, &report.to_markdown())
}

/// Where one archive's steps run, and what they edit.
struct Bench<'a> {
    options: &'a Options,
    articles: usize,
    work: PathBuf,
    logs: PathBuf,
    /// The article and entity the edit steps change (relative to the site root), and their pages.
    article: (PathBuf, String),
    entity: (PathBuf, String),
    edits_made: usize,
}

fn bench_archive(options: &Options, articles: usize, report: &mut Report) -> Result<()> {
    let archive = synth::ensure_archive(&options.data_dir, articles, options.seed)?;
    report.archives.push(archive.manifest.clone());
    let generator = Generator::new(options.seed);
    let slug = generator.article(articles / 2).slug;
    let entity = &generator.pool.entity_at_rank(0).id;
    let mut bench = Bench {
        options,
        articles,
        work: options.work_dir.join(format!("n{articles}")),
        logs: options.work_dir.join("logs").join(format!("n{articles}")),
        article: (
            PathBuf::from(format!("content/articles/{slug}.md")),
            format!("/articles/{slug}/"),
        ),
        entity: (
            PathBuf::from(format!("content/entities/{entity}.md")),
            format!("/entities/{entity}/"),
        ),
        edits_made: 0,
    };
    // The last run's work folder is removed when this run is over (see `workdir::set_aside`).
    workdir::set_aside(&bench.work, &trash_dir(options))?;
    std::fs::create_dir_all(&bench.work)?;
    workdir::fresh_dir(&bench.logs)?;
    if bench.wants_any("import") {
        report.results.push(bench.import(&archive)?);
    }
    if bench.wants_any("annotate") {
        report.results.push(bench.annotate(&archive)?);
    }
    if ["build", "noop", "edit", "serve"].iter().any(|group| bench.wants_any(group)) {
        report.results.extend(bench.gloss_site(&archive)?);
    }
    if bench.wants_any("hugo") && articles > options.hugo_max {
        report.notes.push(format!(
            "Hugo was not run on {} articles (above --hugo-max {}).",
            report::thousands(articles),
            report::thousands(options.hugo_max)
        ));
    } else if bench.wants_any("hugo") {
        let site = hugo::ensure_site(&archive, &generator)?;
        report.results.extend(bench.hugo_site(&site)?);
    }
    if !options.keep_work {
        workdir::set_aside(&bench.work, &trash_dir(options))?;
    }
    Ok(())
}

impl Bench<'_> {
    fn wanted(&self, id: &str) -> bool {
        selected(&self.options.steps, id)
    }

    /// Whether any selected step is `group` or in it (`serve` → `serve-start`, `serve-css`, ...).
    fn wants_any(&self, group: &str) -> bool {
        report::STEPS.iter().any(|s| {
            (s.id == group || s.id.strip_prefix(group).is_some_and(|rest| rest.starts_with('-')))
                && self.wanted(s.id)
        })
    }

    fn gloss(&self, site: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(&self.options.gloss);
        command.args(args).arg("--root").arg(site).current_dir(site);
        if self.options.no_search && args.first() == Some(&"build") {
            command.arg("--no-search");
        }
        command
    }

    /// Runs `prepare` then the measured command, `runs` times.
    fn measure(
        &self,
        step: &'static str,
        mut prepare: impl FnMut() -> Result<Command>,
        check: impl Fn() -> Result<(), String>,
    ) -> Result<StepResult> {
        let mut runs = Vec::new();
        for run in 0..self.options.runs {
            let mut command = prepare()?;
            let log = self.logs.join(format!("{step}-{run}"));
            let sample =
                run_measured(&mut command, &log, COMMAND_TIMEOUT).and_then(|s| check().map(|()| s));
            eprintln!(
                "bench: [{}] {step} run {}/{}: {}",
                self.articles,
                run + 1,
                self.options.runs,
                show(&sample)
            );
            runs.push(sample);
        }
        Ok(StepResult::from_samples(step, self.articles, runs))
    }

    fn import(&self, archive: &Archive) -> Result<StepResult> {
        let site = self.work.join("import");
        let sources = absolute(&site.join("content/sources"))?;
        let trash = trash_dir(self.options);
        self.measure(
            "import",
            || {
                // The last run's site goes aside, not away (see `What is measured`).
                workdir::set_aside(&site, &trash)?;
                workdir::mirror(&archive.raw_dir(), &site, &[])?;
                Ok(self.gloss(&site, &["import", &sources.to_string_lossy()]))
            },
            || Ok(()),
        )
    }

    fn annotate(&self, archive: &Archive) -> Result<StepResult> {
        let site = self.work.join("annotate");
        let trash = trash_dir(self.options);
        self.measure(
            "annotate",
            || {
                workdir::set_aside(&site, &trash)?;
                // A full copy: annotate rewrites the articles.
                workdir::copy(&archive.plain_dir(), &site)?;
                Ok(self.gloss(&site, &["annotate"]))
            },
            || Ok(()),
        )
    }

    /// Build, rebuild and serve steps on the annotated site.
    fn gloss_site(&mut self, archive: &Archive) -> Result<Vec<StepResult>> {
        let site = self.work.join("site");
        workdir::mirror(
            &archive.site_dir(),
            &site,
            &[self.article.0.clone(), self.entity.0.clone()],
        )?;
        // A build whose inputs were just written leaves no build stamp (see `wait_until_older`):
        // the archive's manifest is its last file written.
        workdir::wait_until_older(&archive.dir.join("manifest.json"), STAMP_SETTLE)?;
        let dist = site.join("dist");
        let trash = trash_dir(self.options);
        let mut results = Vec::new();
        if self.wanted("build") {
            results.push(self.measure(
                "build",
                || {
                    workdir::set_aside(&dist, &trash)?;
                    Ok(self.gloss(&site, &["build"]))
                },
                || Ok(()),
            )?);
        }
        if self.wanted("noop") {
            results.push(self.measure("noop", || Ok(self.gloss(&site, &["build"])), || Ok(()))?);
        }
        for (step, kind) in [("edit-article", EditKind::Article), ("edit-entity", EditKind::Entity)]
        {
            if !self.wanted(step) {
                continue;
            }
            let (file, page) =
                if kind == EditKind::Article { self.article.clone() } else { self.entity.clone() };
            let output = dist.join(page.trim_start_matches('/')).join("index.html");
            let first = self.edits_made;
            let numbers = std::cell::Cell::new(first);
            results.push(self.measure(
                step,
                || {
                    numbers.set(numbers.get() + 1);
                    match kind {
                        EditKind::Article => {
                            workdir::edit_article(&site.join(&file), numbers.get())?
                        }
                        _ => workdir::edit_entity(&site.join(&file), numbers.get())?,
                    };
                    Ok(self.gloss(&site, &["build"]))
                },
                || shows_edit(&output, numbers.get()),
            )?);
            self.edits_made = numbers.get();
        }
        if self.wants_any("serve") {
            results.extend(self.gloss_serve(&site, &trash)?);
        }
        Ok(results)
    }

    fn gloss_serve(&mut self, site: &Path, trash: &Path) -> Result<Vec<StepResult>> {
        let css = install_theme_css(site)?;
        let edits: Vec<LiveEdit> = [
            (
                "serve-article",
                EditKind::Article,
                Ok(site.join(&self.article.0)),
                Some(self.article.1.clone()),
            ),
            (
                "serve-entity",
                EditKind::Entity,
                Ok(site.join(&self.entity.0)),
                Some(self.entity.1.clone()),
            ),
            ("serve-css", EditKind::Css, css, None),
        ]
        .into_iter()
        .filter(|(step, ..)| self.wanted(step))
        .map(|(step, kind, file, page)| LiveEdit { step, kind, file, page })
        .collect();
        // Without an output folder, `GET /` answers only once serve's first build is done: the
        // start time covers that build, and no edit is made while it runs (its reload event
        // would be taken for the edit's).
        workdir::set_aside(&site.join("dist"), trash)?;
        let port = free_port()?;
        let session = self.session("serve-start", &edits, Detect::Events, port);
        let command = self.gloss(site, &["serve", "--port", &port.to_string()]);
        let results = session.run(command, &self.logs.join("serve"));
        self.edits_made += edits.len() * self.options.runs;
        Ok(results.into_iter().filter(|r| self.wanted(r.step)).collect())
    }

    fn session<'e>(
        &self,
        start_step: &'static str,
        edits: &'e [LiveEdit],
        detect: Detect,
        port: u16,
    ) -> Session<'e> {
        Session {
            articles: self.articles,
            runs: self.options.runs,
            port,
            start_step,
            edits,
            detect,
            ready_timeout: Duration::from_secs(60)
                + Duration::from_millis(5 * self.articles as u64),
            first_edit_number: self.edits_made,
        }
    }

    fn hugo_site(&mut self, hugo_site: &Path) -> Result<Vec<StepResult>> {
        let site = self.work.join("hugo");
        workdir::mirror(hugo_site, &site, std::slice::from_ref(&self.article.0))?;
        let (public, cache) = (site.join("public"), self.work.join("hugo-cache"));
        let hugo = |extra: &[&str]| {
            let mut command = Command::new(&self.options.hugo);
            command
                .args(extra)
                .arg("--source")
                .arg(&site)
                .arg("--cacheDir")
                .arg(absolute(&cache)?)
                .current_dir(&site);
            Ok(command)
        };
        let mut results = Vec::new();
        if self.wanted("hugo-build") {
            results.push(self.measure(
                "hugo-build",
                || {
                    for dir in [&public, &site.join("resources"), &cache] {
                        workdir::remove(dir)?;
                    }
                    hugo(&["--quiet"])
                },
                || Ok(()),
            )?);
        }
        if self.wanted("hugo-noop") {
            results.push(self.measure("hugo-noop", || hugo(&["--quiet"]), || Ok(()))?);
        }
        if self.wants_any("hugo-serve") {
            let edits: Vec<LiveEdit> = vec![LiveEdit {
                step: "hugo-serve-article",
                kind: EditKind::Article,
                file: Ok(site.join(&self.article.0)),
                page: Some(self.article.1.clone()),
            }];
            let port = free_port()?;
            let session = self.session("hugo-serve-start", &edits, Detect::Poll, port);
            let command = hugo(&["server", "--port", &port.to_string(), "--bind", "127.0.0.1"])?;
            results.extend(
                session
                    .run(command, &self.logs.join("hugo-serve"))
                    .into_iter()
                    .filter(|r| self.wanted(r.step)),
            );
            self.edits_made += self.options.runs;
        }
        Ok(results)
    }
}

/// The built page must carry the edit (a build that skipped it would look fast).
fn shows_edit(output: &Path, number: usize) -> Result<(), String> {
    match std::fs::read_to_string(output) {
        Ok(html) if html.contains(&workdir::marker(number)) => Ok(()),
        Ok(_) => Err(format!("the build left {} without the edit", output.display())),
        Err(e) => Err(format!("the build did not write {}: {e}", output.display())),
    }
}

/// Copies the default theme's first stylesheet into the site's own theme folder, for the CSS
/// edit step; `Err` says why there is none.
fn install_theme_css(site: &Path) -> Result<Result<PathBuf, String>> {
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    let mut sheets: Vec<PathBuf> = std::fs::read_dir(&static_dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "css"))
                .collect()
        })
        .unwrap_or_default();
    sheets.sort();
    let Some(sheet) = sheets.first() else {
        return Ok(Err(format!("no stylesheet in {} to edit", static_dir.display())));
    };
    let target = site.join("themes/default/static").join(sheet.file_name().expect("a file"));
    std::fs::create_dir_all(target.parent().expect("has a parent"))?;
    std::fs::copy(sheet, &target).with_context(|| format!("cannot copy {}", sheet.display()))?;
    Ok(Ok(target))
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))
}

fn show(sample: &Result<Sample, String>) -> String {
    match sample {
        Ok(s) => format!(
            "{} ({} MiB)",
            report::format_ms(s.wall.as_secs_f64() * 1e3),
            s.peak_rss_kib / 1024
        ),
        Err(error) => format!("failed: {error}"),
    }
}

/// The machine the numbers come from.
fn machine(options: &Options) -> report::Machine {
    let output = |program: &Path, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or("").trim().to_string()
            })
            .unwrap_or_else(|| "unknown".into())
    };
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split(':').nth(1))
            .map(|v| v.trim().to_string())
    };
    let dirty = !output(Path::new("git"), &["status", "--porcelain", "--untracked-files=no"])
        .is_empty()
        && output(Path::new("git"), &["status", "--porcelain", "--untracked-files=no"])
            != "unknown";
    report::Machine {
        uname: output(Path::new("uname"), &["-a"]),
        cpu: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown CPU".into()),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        memory_mib: field(&meminfo, "MemTotal")
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kib| kib / 1024),
        load_average: std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        hugo: output(&options.hugo, &["version"]),
        gloss_commit: output(Path::new("git"), &["rev-parse", "--short", "HEAD"])
            + if dirty { "+changes" } else { "" },
    }
}
