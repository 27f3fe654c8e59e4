//! Offline full-text search for the render stage: articles, entities and pages → a Pagefind
//! index (`pagefind/` in the output), which the search page loads in the browser. It needs no
//! server code, so it works wherever `dist/` is served as static files.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::RenderInput;
use super::pages::summary_of;

/// One searchable record: its URL, title, kind and plain text.
pub struct SearchRecord {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub text: String,
}

impl RenderInput<'_> {
    pub fn search_record_count(&self) -> usize {
        self.site.articles.len() + self.site.entities.len() + self.site.pages.len()
    }

    /// The records to index: every article, entity and free page, made one at a time as the
    /// indexer takes them (all the articles' text at once would be the size of the archive).
    pub fn search_records(&self) -> impl Iterator<Item = SearchRecord> + '_ {
        let articles = self.index.article_order.iter().map(|&i| {
            let article = &self.site.articles[i];
            let mut text = article.meta.authors.join(", ");
            text.push('\n');
            text.push_str(&self.analyses[i].text);
            SearchRecord {
                url: self.article_url(&article.slug),
                title: article.meta.title.clone(),
                kind: "Article",
                date: article.meta.date.map(super::pages::format_date),
                text,
            }
        });
        let entities = self.site.entities.iter().enumerate().map(|(e, entity)| {
            let mut text = entity.meta.name.clone();
            for alias in &entity.meta.aliases {
                text.push_str(", ");
                text.push_str(alias);
            }
            text.push('\n');
            text.push_str(&summary_of(&self.descriptions[e]));
            SearchRecord {
                url: self.entity_url(&entity.id),
                title: entity.meta.name.clone(),
                kind: "Entity",
                date: None,
                text,
            }
        });
        let pages = self.site.pages.iter().enumerate().map(|(p, page)| SearchRecord {
            url: self.page_url(&page.slug),
            title: page.meta.title.clone(),
            kind: "Page",
            date: None,
            text: self.page_bodies[p].text.clone(),
        });
        articles.chain(entities).chain(pages)
    }
}

/// Files for the output folder: (path inside it, bytes).
pub type OutputFiles = Vec<(String, Vec<u8>)>;

/// Builds the Pagefind bundle for `records`: (path inside the output folder, bytes).
pub fn build_search_index(
    records: impl IntoIterator<Item = SearchRecord>,
    language: &str,
) -> Result<Vec<(String, Vec<u8>)>> {
    let files = build_search_index_unless(records, language, &|| false)?;
    Ok(files.expect("never cancelled"))
}

/// [`build_search_index`], given up (`None`) as soon as `cancelled` says so: between records,
/// so an index that is no longer wanted stops within milliseconds.
pub fn build_search_index_unless(
    records: impl IntoIterator<Item = SearchRecord>,
    language: &str,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<OutputFiles>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the search indexer")?;
    runtime.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).context("cannot set up Pagefind")?;
        for record in records {
            if cancelled() {
                return Ok(None);
            }
            let mut meta = BTreeMap::from([
                ("title".to_string(), record.title),
                ("kind".to_string(), record.kind.to_string()),
            ]);
            if let Some(date) = record.date {
                meta.insert("date".to_string(), date);
            }
            let filters = BTreeMap::from([("kind".to_string(), vec![record.kind.to_string()])]);
            index
                .add_custom_record(
                    record.url,
                    record.text,
                    language.to_string(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .context("Pagefind refused a record")?;
        }
        if cancelled() {
            return Ok(None);
        }
        let files = index.get_files().await.context("Pagefind could not build the index")?;
        Ok(Some(
            files
                .into_iter()
                .map(|file| {
                    let name = file.filename.to_string_lossy().replace('\\', "/");
                    (format!("pagefind/{name}"), file.contents)
                })
                .collect(),
        ))
    })
}
