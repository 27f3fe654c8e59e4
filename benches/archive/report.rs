//! The steps the benchmark knows, their results, and the report: a Markdown table (printed, and
//! pasted into BENCHMARKS.md) and a JSON file with every run.

use serde::Serialize;

use crate::measure::{Sample, median};

/// A goal from the issue, checked at one archive size.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// Median time under this many milliseconds.
    Time { articles: usize, under_ms: f64 },
    /// Peak memory under this many MiB.
    Memory { articles: usize, under_mib: f64 },
    /// Median time at most this fraction of Hugo's full build on the same archive.
    HugoRatio { articles: usize, at_most: f64 },
}

/// One thing the benchmark measures.
#[derive(Debug)]
pub struct Step {
    /// Name on the command line (`--steps`) and in the JSON.
    pub id: &'static str,
    pub label: &'static str,
    pub targets: &'static [Target],
    /// Whether the time grows with the archive, so its cost per article is worth showing.
    pub scales: bool,
}

const fn step(
    id: &'static str,
    label: &'static str,
    targets: &'static [Target],
    scales: bool,
) -> Step {
    Step { id, label, targets, scales }
}

const TEN_K: usize = 10_000;

/// Every step, in the order they run and are shown.
pub const STEPS: &[Step] = &[
    step(
        "import",
        "import raw text",
        &[Target::Time { articles: TEN_K, under_ms: 10_000.0 }],
        true,
    ),
    step("annotate", "annotate", &[Target::Time { articles: TEN_K, under_ms: 10_000.0 }], true),
    step(
        "build",
        "full clean build",
        &[
            Target::HugoRatio { articles: TEN_K, at_most: 0.5 },
            Target::Memory { articles: TEN_K, under_mib: 500.0 },
            Target::Memory { articles: 100_000, under_mib: 2048.0 },
        ],
        true,
    ),
    step(
        "noop",
        "no-op rebuild (gloss build)",
        &[Target::Time { articles: TEN_K, under_ms: 50.0 }],
        false,
    ),
    step(
        "edit-article",
        "edit 1 article, gloss build",
        &[Target::Time { articles: TEN_K, under_ms: 100.0 }],
        false,
    ),
    step("edit-entity", "edit 1 entity, gloss build", &[], false),
    step("serve-start", "serve: start to first page", &[], true),
    step(
        "serve-article",
        "serve: edit 1 article → reload",
        &[Target::Time { articles: TEN_K, under_ms: 100.0 }],
        false,
    ),
    step("serve-entity", "serve: edit 1 entity → reload", &[], false),
    step("serve-css", "serve: edit CSS → css event", &[], false),
    step("hugo-build", "Hugo: full clean build", &[], true),
    step("hugo-noop", "Hugo: build again, nothing changed", &[], true),
    step("hugo-serve-start", "Hugo server: start to first page", &[], true),
    step("hugo-serve-article", "Hugo server: edit 1 article → page shows it", &[], false),
];

/// Whether `--steps` selects a step: by its id, or by a prefix group (`hugo`, `serve`, `edit`).
pub fn selected(filter: &[String], id: &str) -> bool {
    filter.is_empty()
        || filter.iter().any(|f| {
            f == id || id.strip_prefix(f.as_str()).is_some_and(|rest| rest.starts_with('-'))
        })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
}

/// The runs of one step on one archive.
#[derive(Clone, Debug, Serialize)]
pub struct StepResult {
    pub step: &'static str,
    pub articles: usize,
    pub status: Status,
    /// Wall time of each successful run.
    pub runs_ms: Vec<f64>,
    pub median_ms: Option<f64>,
    /// CPU time (user + system), median over runs; above the wall time when work ran in parallel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_median_ms: Option<f64>,
    /// Highest peak resident memory over the runs.
    pub peak_rss_mib: Option<f64>,
    /// Why it failed: the first error line of the command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StepResult {
    /// Results from measured processes; any failed run fails the step.
    pub fn from_samples(
        step: &'static str,
        articles: usize,
        runs: Vec<Result<Sample, String>>,
    ) -> StepResult {
        let cpu: Vec<f64> = runs.iter().flatten().map(|s| s.cpu.as_secs_f64() * 1e3).collect();
        let peak = runs.iter().flatten().map(|s| s.peak_rss_kib).max();
        let mut result = StepResult::from_times(
            step,
            articles,
            runs.into_iter().map(|run| run.map(|s| s.wall.as_secs_f64() * 1e3)).collect(),
            peak,
        );
        result.cpu_median_ms = median(&cpu);
        result
    }

    /// Results from timings taken another way (latencies), with the process's peak memory.
    pub fn from_times(
        step: &'static str,
        articles: usize,
        runs: Vec<Result<f64, String>>,
        peak_kib: Option<u64>,
    ) -> StepResult {
        let error = runs.iter().find_map(|r| r.as_ref().err().cloned());
        let runs_ms: Vec<f64> = runs.into_iter().flatten().collect();
        StepResult {
            step,
            articles,
            status: if error.is_some() { Status::Failed } else { Status::Ok },
            median_ms: if error.is_some() { None } else { median(&runs_ms) },
            runs_ms,
            cpu_median_ms: None,
            peak_rss_mib: peak_kib.map(|k| k as f64 / 1024.0),
            error,
        }
    }

    pub fn failed(step: &'static str, articles: usize, error: String) -> StepResult {
        StepResult::from_times(step, articles, vec![Err(error)], None)
    }
}

/// Everything one benchmark run found.
#[derive(Debug, Serialize)]
pub struct Report {
    pub date: String,
    pub machine: Machine,
    pub seed: u64,
    pub runs: usize,
    pub archives: Vec<crate::synth::Manifest>,
    pub results: Vec<StepResult>,
    /// Things the reader should know about this run (steps left out, and why).
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    pub uname: String,
    pub cpu: String,
    pub cores: usize,
    pub memory_mib: u64,
    /// 1, 5 and 15-minute load averages when the run began: other work on the machine skews times.
    pub load_average: String,
    pub hugo: String,
    pub gloss_commit: String,
}

impl Report {
    fn result(&self, step: &str, articles: usize) -> Option<&StepResult> {
        self.results.iter().find(|r| r.step == step && r.articles == articles)
    }

    fn sizes(&self) -> Vec<usize> {
        self.archives.iter().map(|a| a.articles).collect()
    }

    /// gloss's full build time over Hugo's on the same archive, in wall or CPU time (which
    /// other load on a shared machine disturbs less).
    pub fn hugo_ratio(&self, articles: usize, cpu: bool) -> Option<f64> {
        let time = |step| {
            let result = self.result(step, articles).filter(|r| r.status == Status::Ok)?;
            if cpu { result.cpu_median_ms } else { result.median_ms }
        };
        Some(time("build")? / time("hugo-build")?)
    }

    /// The report as Markdown: the main table, the cost per article of the steps that scale,
    /// and why steps failed.
    pub fn to_markdown(&self) -> String {
        let sizes = self.sizes();
        let mut out = format!(
            "Median of {} runs (peak resident memory of the highest run, median CPU time). {}; {} cores; load {}; Hugo {}; gloss {}.\n\n",
            self.runs,
            self.machine.cpu,
            self.machine.cores,
            self.machine.load_average,
            short_version(&self.machine.hugo),
            self.machine.gloss_commit
        );
        let mut header = vec!["step".to_string()];
        header.extend(sizes.iter().map(|n| format!("{} articles", thousands(*n))));
        header.push("target".into());
        let mut rows = vec![header];
        for step in STEPS {
            if !sizes.iter().any(|&n| self.result(step.id, n).is_some()) {
                continue;
            }
            let mut row = vec![step.label.to_string()];
            row.extend(sizes.iter().map(|&n| self.result(step.id, n).map_or("–".into(), cell)));
            row.push(self.verdicts(step));
            rows.push(row);
        }
        let ratios =
            [("gloss ÷ Hugo, full build", false), ("gloss ÷ Hugo, full build CPU time", true)];
        for (label, cpu) in ratios {
            let mut row = vec![label.to_string()];
            row.extend(
                sizes
                    .iter()
                    .map(|&n| self.hugo_ratio(n, cpu).map_or("–".into(), |r| format!("{r:.2}×"))),
            );
            row.push(String::new());
            rows.push(row);
        }
        out.push_str(&markdown_table(&rows));
        out.push_str(&self.growth_table(&sizes));
        for note in &self.notes {
            out.push_str(&format!("\n{note}\n"));
        }
        let failures = self.failures();
        if !failures.is_empty() {
            out.push_str("\nFailed steps:\n");
            out.push_str(&failures.join("\n"));
            out.push('\n');
        }
        out
    }

    /// One line per distinct error, naming the steps and sizes it stopped.
    fn failures(&self) -> Vec<String> {
        let mut errors: Vec<(&str, Vec<String>)> = Vec::new();
        for result in &self.results {
            let Some(error) = &result.error else { continue };
            let place = format!("{} at {}", result.step, thousands(result.articles));
            match errors.iter_mut().find(|(e, _)| e == error) {
                Some((_, places)) => places.push(place),
                None => errors.push((error, vec![place])),
            }
        }
        errors
            .into_iter()
            .map(|(error, places)| format!("- {}: {error}", places.join(", ")))
            .collect()
    }

    /// Time per 1,000 articles for the steps that scale: flat means linear growth.
    fn growth_table(&self, sizes: &[usize]) -> String {
        let mut header = vec!["time per 1,000 articles".to_string()];
        header.extend(sizes.iter().map(|n| format!("{} articles", thousands(*n))));
        let mut rows = vec![header];
        for step in STEPS.iter().filter(|s| s.scales) {
            let per_thousand: Vec<Option<f64>> = sizes
                .iter()
                .map(|&n| Some(self.result(step.id, n)?.median_ms? * 1000.0 / n as f64))
                .collect();
            if per_thousand.iter().any(Option::is_some) {
                let mut row = vec![step.label.to_string()];
                row.extend(per_thousand.iter().map(|t| t.map_or("–".into(), format_ms)));
                rows.push(row);
            }
        }
        if rows.len() == 1 { String::new() } else { format!("\n{}", markdown_table(&rows)) }
    }

    /// Each target of a step, met (✓) or missed (✗) or not measured (?).
    fn verdicts(&self, step: &Step) -> String {
        let verdicts: Vec<String> = step
            .targets
            .iter()
            .map(|target| {
                let (text, met) = match *target {
                    Target::Time { articles, under_ms } => (
                        format!("< {} at {}", format_ms(under_ms), short_count(articles)),
                        self.result(step.id, articles)
                            .and_then(|r| r.median_ms)
                            .map(|t| t < under_ms),
                    ),
                    Target::Memory { articles, under_mib } => (
                        format!("< {} at {}", format_mib(under_mib), short_count(articles)),
                        self.result(step.id, articles)
                            .and_then(|r| r.peak_rss_mib)
                            .map(|m| m < under_mib),
                    ),
                    Target::HugoRatio { articles, at_most } => (
                        format!("≤ {at_most}× Hugo at {}", short_count(articles)),
                        self.hugo_ratio(articles, false).map(|r| r <= at_most),
                    ),
                };
                let mark = match met {
                    Some(true) => "✓",
                    Some(false) => "✗",
                    None => "?",
                };
                format!("{text} {mark}")
            })
            .collect();
        verdicts.join("; ")
    }
}

fn cell(result: &StepResult) -> String {
    match (result.status, result.median_ms) {
        (Status::Ok, Some(ms)) => {
            let details: Vec<String> = result
                .peak_rss_mib
                .map(format_mib)
                .into_iter()
                .chain(result.cpu_median_ms.map(|cpu| format!("CPU {}", format_ms(cpu))))
                .collect();
            if details.is_empty() {
                format_ms(ms)
            } else {
                format!("{} ({})", format_ms(ms), details.join(", "))
            }
        }
        _ => "failed".into(),
    }
}

pub fn format_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1e3)
    } else if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1e3)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn format_mib(mib: f64) -> String {
    if mib >= 1024.0 { format!("{:.2} GiB", mib / 1024.0) } else { format!("{mib:.0} MiB") }
}

pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "hugo v0.168.0-e27a…+extended linux/amd64 …" → "v0.168.0".
fn short_version(version: &str) -> &str {
    let is_version = |t: &&str| {
        t.strip_prefix('v').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    let token = version.split_whitespace().find(is_version).unwrap_or(version);
    token.split(['-', '+']).next().unwrap_or(token)
}

fn short_count(n: usize) -> String {
    if n.is_multiple_of(1000) { format!("{}k", n / 1000) } else { n.to_string() }
}

/// A Markdown pipe table with padded columns, readable as plain text too.
fn markdown_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let pad =
        |text: &str, width: usize| format!("{text}{}", " ".repeat(width - text.chars().count()));
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(&line(
            (0..columns).map(|c| pad(row.get(c).map_or("", String::as_str), widths[c])).collect(),
        ));
        if i == 0 {
            out.push_str(&line(widths.iter().map(|&w| "-".repeat(w)).collect()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_groups_select_by_prefix() {
        let filter = vec!["hugo".to_string(), "build".to_string()];
        assert!(selected(&filter, "hugo-serve-article"));
        assert!(selected(&filter, "build"));
        assert!(!selected(&filter, "serve-article"));
        assert!(selected(&[], "import"));
    }

    #[test]
    fn failed_run_fails_the_step_and_keeps_its_reason() {
        let result =
            StepResult::from_times("build", 10, vec![Ok(5.0), Err("boom".into()), Ok(7.0)], None);
        assert_eq!(result.status, Status::Failed);
        assert_eq!(result.median_ms, None);
        assert_eq!(result.error.as_deref(), Some("boom"));
        assert_eq!(cell(&result), "failed");
    }

    fn manifest(articles: usize) -> crate::synth::Manifest {
        crate::synth::Manifest {
            generator_version: 0,
            seed: 1,
            articles,
            entities: 0,
            markdown_bytes: 0,
            raw_bytes: 0,
            words: 0,
            mentions: 0,
            generate_seconds: 0.0,
        }
    }

    #[test]
    fn table_shows_ratio_targets_growth_and_grouped_failures() {
        let machine = Machine {
            uname: String::new(),
            cpu: "CPU".into(),
            cores: 2,
            memory_mib: 0,
            load_average: "0.1".into(),
            hugo: "hugo v0.168.0-abc".into(),
            gloss_commit: "abc".into(),
        };
        let timed = |step, articles, ms: f64, mib: u64| {
            StepResult::from_times(step, articles, vec![Ok(ms)], Some(mib * 1024))
        };
        let report = Report {
            date: String::new(),
            machine,
            seed: 1,
            runs: 1,
            archives: vec![manifest(1000), manifest(10_000)],
            results: vec![
                timed("build", 1000, 500.0, 100),
                timed("build", 10_000, 4_000.0, 400),
                timed("hugo-build", 10_000, 16_000.0, 1600),
                StepResult::failed("noop", 1000, "error: not built yet".into()),
                StepResult::failed("noop", 10_000, "error: not built yet".into()),
            ],
            notes: Vec::new(),
        };
        let table = report.to_markdown();
        let build_row = table.lines().find(|l| l.starts_with("| full clean build")).unwrap();
        assert!(
            build_row.contains("500 ms (100 MiB)") && build_row.contains("4.00 s (400 MiB)"),
            "{build_row}"
        );
        assert!(
            build_row.contains("≤ 0.5× Hugo at 10k ✓")
                && build_row.contains("< 2.00 GiB at 100k ?"),
            "{build_row}"
        );
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("| gloss ÷ Hugo, full build ") && l.contains("0.25×")),
            "{table}"
        );
        assert!(
            table.contains("| full clean build ") && table.contains("400 ms"),
            "per-1,000 growth row: {table}"
        );
        assert!(table.contains("- noop at 1,000, noop at 10,000: error: not built yet"), "{table}");
    }

    #[test]
    fn formats_times_and_counts() {
        assert_eq!(format_ms(12_345.0), "12.3 s");
        assert_eq!(format_ms(1_234.0), "1.23 s");
        assert_eq!(format_ms(45.4), "45 ms");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(short_version("hugo v0.168.0-e27a6760+extended linux/amd64"), "v0.168.0");
        assert_eq!(short_version("unknown"), "unknown");
    }
}
