//! The same archive as a Hugo site, to time Hugo side by side with gloss.
//!
//! Articles become `content/articles/<slug>.md` with entities, tags, authors and sources as Hugo
//! taxonomies (term pages list the articles, as gloss's entity, tag, author and source pages
//! do); `[[Name|text]]` becomes a plain link to the entity's term page; each entity gets a term
//! page with its description. Templates are comparable to gloss's: article page, home with the
//! latest articles and most-mentioned entities, list and term pages, an RSS feed, a sitemap.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::synth::names::EntitySpec;
use crate::synth::render::markdown_body;
use crate::synth::{Archive, Generator, mentions, write};

/// Bump when the emitted Hugo site changes, so a cached one is rebuilt.
const HUGO_SITE_VERSION: &str = "hugo-site-2";

/// The Hugo site of `archive`, generated unless cached beside it.
pub fn ensure_site(archive: &Archive, generator: &Generator) -> Result<PathBuf> {
    let dir = archive.dir.join("hugo");
    let marker = dir.join(".complete");
    if std::fs::read_to_string(&marker).is_ok_and(|v| v == HUGO_SITE_VERSION) {
        return Ok(dir);
    }
    eprintln!("bench: writing the Hugo site of {} articles", archive.manifest.articles);
    let partial = archive.dir.join("hugo.partial");
    crate::workdir::remove(&partial)?;
    crate::workdir::remove(&dir)?;
    write_site(&partial, generator, archive.manifest.articles)?;
    write(&partial.join(".complete"), HUGO_SITE_VERSION)?;
    std::fs::rename(&partial, &dir)
        .with_context(|| format!("cannot move {} into place", partial.display()))?;
    Ok(dir)
}

#[derive(Serialize)]
struct ArticleFrontMatter<'a> {
    title: &'a str,
    date: String,
    authors: &'a [String],
    sources: [&'a str; 1],
    tags: &'a [String],
    entities: Vec<&'a str>,
}

#[derive(Serialize)]
struct TermFrontMatter<'a> {
    title: &'a str,
    params: TermParams<'a>,
}

#[derive(Serialize)]
struct TermParams<'a> {
    kind: &'a str,
    // Not `aliases`: in Hugo that key means redirects.
    names: Vec<String>,
}

fn front_matter<T: Serialize>(meta: &T, body: &str) -> String {
    let yaml = serde_yaml::to_string(meta).expect("front matter serializes");
    format!("---\n{yaml}---\n{body}")
}

/// `[[Name|text]]` as Hugo has no wikilinks: a Markdown link to the entity's term page.
fn term_link(entity: &EntitySpec, surface: &str, out: &mut String) {
    out.push('[');
    out.push_str(surface);
    out.push_str("](/entities/");
    out.push_str(&entity.id);
    out.push_str("/)");
}

fn write_site(dir: &Path, generator: &Generator, articles: usize) -> Result<()> {
    let content = dir.join("content");
    for folder in [
        content.join("articles"),
        content.join("entities"),
        dir.join("layouts"),
        dir.join("static"),
    ] {
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    write(&dir.join("hugo.toml"), CONFIG)?;
    for (name, text) in LAYOUTS {
        write(&dir.join("layouts").join(name), text)?;
    }
    write(&dir.join("static/style.css"), STYLE)?;
    write(&content.join("articles/_index.md"), "---\ntitle: Articles\n---\n")?;
    write(&content.join("entities/_index.md"), "---\ntitle: Entities\n---\n")?;
    let pool = &generator.pool;
    let mentioned = (0..articles)
        .into_par_iter()
        .try_fold(
            || vec![false; pool.entities.len()],
            |mut mentioned, index| -> Result<Vec<bool>> {
                let article = generator.article(index);
                let meta = ArticleFrontMatter {
                    title: &article.title,
                    date: article.date.to_string(),
                    authors: &article.authors,
                    sources: [&article.source],
                    tags: &article.tags,
                    entities: article
                        .entities
                        .iter()
                        .map(|&e| pool.entities[e].id.as_str())
                        .collect(),
                };
                let body = markdown_body(&article, pool, &term_link);
                write(
                    &content.join("articles").join(format!("{}.md", article.slug)),
                    &front_matter(&meta, &body),
                )?;
                for entity in mentions(&article) {
                    mentioned[entity] = true;
                }
                Ok(mentioned)
            },
        )
        .try_reduce(
            || vec![false; pool.entities.len()],
            |a, b| Ok(a.into_iter().zip(b).map(|(x, y)| x || y).collect()),
        )?;
    for (entity, _) in pool.entities.iter().zip(mentioned).filter(|(_, m)| *m) {
        let meta = TermFrontMatter {
            title: &entity.name,
            params: TermParams { kind: entity.kind.as_str(), names: entity.aliases() },
        };
        let folder = content.join("entities").join(&entity.id);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        write(&folder.join("_index.md"), &front_matter(&meta, &format!("{}\n", entity.role)))?;
    }
    Ok(())
}

const CONFIG: &str = r#"baseURL = "https://archive.example.org/"
title = "Synthetic archive"
summaryLength = 40

[taxonomies]
author = "authors"
entity = "entities"
source = "sources"
tag = "tags"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[services.rss]
limit = 50
"#;

const STYLE: &str = "body { font-family: serif; max-width: 40rem; margin: auto; }\n";

/// Templates in Hugo's layout system (0.146 and later).
const LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        r#"<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/articles/" | relURL }}">Articles</a> <a href="{{ "/entities/" | relURL }}">Entities</a> <a href="{{ "/tags/" | relURL }}">Tags</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#,
    ),
    (
        "page.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2 January 2006" }}
{{- with .GetTerms "authors" }} · {{ range $i, $a := . }}{{ if $i }}, {{ end }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}
{{- with .GetTerms "sources" }} · {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
{{ with .GetTerms "entities" }}<aside><h2>Mentioned</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <small>{{ .Params.kind }}</small></li>{{ end }}</ul></aside>{{ end }}
{{ with .GetTerms "tags" }}<p class="tags">{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
</article>
{{ end }}
"#,
    ),
    (
        "home.html",
        r#"{{ define "main" }}
<h2>Latest articles</h2>
<ul>{{ range first 30 (where site.RegularPages "Section" "articles").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
<h2>Most mentioned</h2>
<ul>{{ range first 30 site.Taxonomies.entities.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "section.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "taxonomy.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "term.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Params.names }}<p>Also: {{ delimit . ", " }}</p>{{ end }}
{{ $entity := eq .Data.Plural "entities" }}
<ul>{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Date.Format "2006-01-02" }}{{ if $entity }}<p>{{ .Summary }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
"#,
    ),
];
