//! Incremental rebuilds for article files: the changed files are read again and analysed, the
//! index follows, and the pages that show something of them are listed for re-rendering.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use super::dependents::{Edit, article_dependents, term_keys};
use super::{Build, State};
use crate::diagnostics::{Category, Diagnostic, InputErrors};
use crate::load::load_article;
use crate::model::Article;
use crate::render::site_index::latest_articles;
use crate::render::{EntityLookup, Highlighter, MarkdownTools, PageKey, SiteIndex, base_path_of};

impl Build {
    /// What analyses documents again, with `lookup`'s entities (the highlighter loaded once).
    pub(super) fn markdown_tools<'a>(
        &'a mut self,
        lookup: &'a EntityLookup,
        base_path: &'a str,
    ) -> MarkdownTools<'a> {
        let Build { highlighter, config, .. } = self;
        let highlighter = highlighter.get_or_insert_with(Highlighter::new);
        MarkdownTools { lookup, highlighter, config, base_path }
    }

    /// Reads back and analyses again the articles whose pages are in `keys` (and those the
    /// feed shows) when `gloss build` let their HTML go (`State::pages_forgotten`).
    pub(super) fn recover_pages(
        &mut self,
        state: &mut State,
        keys: &BTreeSet<PageKey>,
    ) -> Result<()> {
        if !state.pages_forgotten {
            return Ok(());
        }
        let mut wanted: BTreeSet<usize> = keys
            .iter()
            .filter_map(|key| match key {
                PageKey::Article(slug) => state.index.article_by_slug.get(slug).copied(),
                _ => None,
            })
            .collect();
        if keys.contains(&PageKey::Feed) {
            wanted.extend(latest_articles(&state.site, self.config.render.feed_limit));
        }
        wanted.retain(|&i| state.analyses.articles[i].html.is_empty());
        if wanted.is_empty() {
            return Ok(());
        }
        let base_path = base_path_of(&self.config.base_url);
        let tools = self.markdown_tools(&state.lookup, &base_path);
        let recovered: Vec<(usize, crate::render::Analysis)> = wanted
            .into_par_iter()
            .map(|i| {
                let path = tools.config.root.join(&state.site.articles[i].path);
                let (article, _) =
                    load_article(tools.config, &path).map_err(|d| InputErrors(vec![d]))?;
                Ok((i, tools.analyse_article(&article)))
            })
            .collect::<Result<_>>()?;
        for (i, analysis) in recovered {
            state.analyses.articles[i] = analysis;
        }
        Ok(())
    }

    /// Reloads the changed article files. An article edited in place updates the index along its
    /// own entities and terms; an added, removed or renamed one rebuilds the index. When every
    /// change was an edit in place, `edits` gets them and this returns `true`.
    pub(super) fn apply_article_changes(
        &mut self,
        state: &mut State,
        paths: &[PathBuf],
        keys: &mut BTreeSet<PageKey>,
        edits: &mut Vec<Edit>,
    ) -> Result<bool> {
        let base_path = base_path_of(&self.config.base_url);
        // Read every file first: an error leaves the model untouched.
        let mut changes: Vec<(PathBuf, Option<usize>, Option<Article>)> = Vec::new();
        for path in paths {
            let relative = crate::diagnostics::display_path(&self.config.root, path);
            let position = state.site.articles.iter().position(|a| a.path == relative);
            let loaded = if path.exists() {
                Some(load_article(&self.config, path).map_err(|d| InputErrors(vec![d]))?)
            } else {
                None
            };
            state.load_warnings.retain(|d| d.location.as_ref().is_none_or(|l| l.file != relative));
            let article = loaded.and_then(|(article, warnings)| {
                state.load_warnings.extend(warnings);
                (!article.meta.draft).then_some(article)
            });
            let unchanged = match (position, &article) {
                (Some(i), Some(new)) => {
                    let old = &state.site.articles[i];
                    old.slug == new.slug && old.meta == new.meta && old.body == new.body
                }
                (None, None) => true,
                _ => false,
            };
            if !unchanged {
                changes.push((relative, position, article));
            }
        }
        for (_, position, article) in &changes {
            let in_place = matches!((position, article), (Some(i), Some(a)) if state.site.articles[*i].slug == a.slug);
            if let Some(i) = position
                && !in_place
            {
                article_dependents(&state.site.articles[*i].slug, &state.site, &state.index, keys);
            }
            if let Some(article) = article
                && let Some(other) = state
                    .site
                    .articles
                    .iter()
                    .find(|a| a.slug == article.slug && a.path != article.path)
            {
                return Err(InputErrors(vec![Diagnostic::error(
                    Category::DuplicateSlug,
                    Some(crate::diagnostics::Location::file(&article.path)),
                    format!(
                        "`{}` is also the slug of {}; rename one file",
                        article.slug,
                        other.path.display()
                    ),
                )])
                .into());
            }
        }
        let tools = self.markdown_tools(&state.lookup, &base_path);
        let mut edited_in_place = Vec::new();
        let mut reshaped = false;
        let mut slugs = Vec::new();
        for (relative, before, article) in changes {
            // Positions move as earlier changes add and remove articles: look again. The index
            // is not rebuilt until the end, so it still knows each article by its old position.
            let position = state.site.articles.iter().position(|a| a.path == relative);
            match (position, before, article) {
                (Some(i), Some(before), Some(article))
                    if state.site.articles[i].slug == article.slug =>
                {
                    let old_analysis = std::mem::replace(
                        &mut state.analyses.articles[i],
                        tools.analyse_article(&article),
                    );
                    let old = std::mem::replace(&mut state.site.articles[i], article);
                    edited_in_place.push(Edit {
                        index: i,
                        old,
                        old_analysis,
                        old_entities: state.index.article_entities[before].clone(),
                        old_rank: state.index.article_rank[before],
                    });
                }
                (position, _, article) => {
                    reshaped = true;
                    if let Some(i) = position {
                        state.site.articles.remove(i);
                        state.analyses.articles.remove(i);
                    }
                    if let Some(article) = article {
                        let analysis = tools.analyse_article(&article);
                        let at = state.site.articles.partition_point(|a| a.slug < article.slug);
                        slugs.push(article.slug.clone());
                        state.site.articles.insert(at, article);
                        state.analyses.articles.insert(at, analysis);
                    }
                }
            }
        }
        if reshaped {
            state.index = SiteIndex::build(&state.site, &state.analyses.articles);
            slugs.extend(edited_in_place.iter().map(|edit| edit.old.slug.clone()));
            for edit in &edited_in_place {
                // Its old lists and terms too: the new index no longer knows them.
                keys.extend(term_keys(&edit.old.meta));
                keys.extend(
                    edit.old_entities
                        .iter()
                        .map(|&e| PageKey::Entity(state.site.entities[e].id.clone())),
                );
            }
        } else {
            match edited_in_place.as_slice() {
                [edit] => {
                    state.index.update_article(&state.site, &state.analyses.articles, edit.index)
                }
                // `update_article` places one article among others in their order; with two
                // edited at once, the other's place may be out of date (its date or title
                // changed), and a search in the order would go wrong.
                _ => state.index = SiteIndex::build(&state.site, &state.analyses.articles),
            }
            for edit in &edited_in_place {
                edit.dependents(state, self.config.render.feed_limit, keys);
            }
        }
        for slug in &slugs {
            article_dependents(slug, &state.site, &state.index, keys);
        }
        if !reshaped {
            *edits = edited_in_place;
        }
        Ok(!reshaped)
    }
}
