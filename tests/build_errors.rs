//! `gloss build` on bad input: clear errors with file and line, no panic, and `dist/` left as
//! it was.

mod common;

use common::Site;

#[test]
fn bad_front_matter_fails_with_file_and_line() {
    let site = Site::fixture("basic");
    site.write("content/articles/broken.md", "---\ntitle: Fine\ndate: not-a-date\n---\nBody\n");
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert!(run.stderr.contains("content/articles/broken.md:3:"), "{}", run.stderr);
    assert!(!site.dist().exists(), "a failed first build must not create dist/");
}

#[test]
fn wrong_type_in_entity_front_matter_names_the_key() {
    let site = Site::fixture("basic");
    site.write("content/entities/bad.md", "---\nname: Bad\nkind: planet\n---\n");
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert!(run.stderr.contains("content/entities/bad.md:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("planet"), "{}", run.stderr);
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let site = Site::fixture("basic");
    site.write("templates/article.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title | }}\n{% endblock content %}\n");
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert!(run.stderr.contains("templates/article.html:3:"), "{}", run.stderr);
}

#[test]
fn template_render_error_names_the_template_and_line() {
    let site = Site::fixture("basic");
    site.write(
        "templates/entity.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entity.name }}</h1>\n<p>{{ entity.no_such_field }}</p>\n{% endblock content %}\n",
    );
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert!(run.stderr.contains("templates/entity.html:4"), "{}", run.stderr);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    // One error, not one per entity page.
    assert_eq!(run.stderr.matches("no_such_field").count(), 1, "{}", run.stderr);
}

#[test]
fn a_failed_build_leaves_dist_as_it_was() {
    let site = Site::fixture("basic");
    site.build();
    let before = site.snapshot();
    site.write(
        "content/articles/market-day.md",
        "---\ntitle: Changed\n---\nNew text that must not appear.\n",
    );
    site.write("templates/page.html", "{{ broken");
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert_eq!(site.snapshot(), before, "dist/ changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gloss-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn odd_markdown_never_panics_and_never_escapes_the_site() {
    let site = Site::fixture("basic");
    site.write("content/articles/empty.md", "");
    site.write("content/articles/only-front.md", "---\ntitle: Only front matter\n---\n");
    site.write(
        "content/articles/odd.md",
        "---\ntitle: \"<script>alert('t')</script>\"\nauthors: [\"<img src=x onerror=alert(1)>\"]\n---\n\
         [[]] [[|]] [[ | x]] [[../../etc/passwd]] [[Ada Brook|]] [^] [^x [[a\n\n\
         | broken | table\n|---\n\n# \n\n###### ######\n\n[x]: javascript:alert(1)\n[y][x]\n\n\
         > [[Ferry Guild]][^n]\n>\n> - [[Lenn]]\n\n[^n]: > nested [[Brook]]\n\n\u{200b}ü🙂 [[Ada  Brook]]\n",
    );
    let run = site.gloss(&["build"]);
    assert!(run.success, "{}", run.stderr);
    let odd = site.read("articles/odd/index.html");
    assert!(!odd.contains("<script>alert"), "title became live HTML");
    assert!(!odd.contains("<img src=x"), "author became live HTML");
    assert!(!odd.contains("javascript:"), "javascript: link survived");
    assert!(!site.dist().join("etc").exists());
    assert!(common::broken_links(&site.dist()).is_empty());
}

#[test]
fn refuses_to_build_into_the_site_itself() {
    let site = Site::fixture("basic");
    let root = site.root.to_string_lossy().into_owned();
    let run = site.gloss(&["build", "--out", &root]);
    assert!(!run.success);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(site.root.join("content/articles/market-day.md").exists());
}

#[test]
fn out_flag_writes_elsewhere() {
    let site = Site::fixture("basic");
    let out = site.root.join("public");
    let run = site.gloss(&["build", "--out", &out.to_string_lossy()]);
    assert!(run.success, "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    assert!(!site.dist().exists());
    assert!(run.stderr.contains("into public/"), "{}", run.stderr);
}
