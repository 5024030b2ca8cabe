//! `docs/rules/` is generated from the rules' own documentation (`src/checks/rules/<rule>.md`,
//! the text `migguard rule NAME` prints): this test fails when it is stale. Regenerate with
//! `MIGGUARD_UPDATE_DOCS=1 cargo test --test rule_docs`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use migguard::checks::RULES;

fn expected_files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut index = String::from(
        "# migguard rules\n\nGenerated from `src/checks/rules/*.md` (`migguard rule --all`); do not edit.\n\n| rule | severity | categories | on by default | fix | finds |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for rule in RULES {
        let categories: Vec<&str> = rule.categories.iter().map(|c| c.as_str()).collect();
        index.push_str(&format!(
            "| [`{name}`]({name}.md) | {} | {} | {} | {} | {} |\n",
            rule.severity,
            if categories.is_empty() {
                "—".to_string()
            } else {
                categories.join(", ")
            },
            if rule.default_enabled {
                "yes"
            } else {
                "no (opt-in)"
            },
            if rule.has_fix { "yes" } else { "no" },
            rule.summary,
            name = rule.name,
        ));
        files.insert(format!("{}.md", rule.name), rule.doc.to_string());
    }
    files.insert("README.md".to_string(), index);
    files
}

#[test]
fn docs_rules_is_generated_from_the_rules() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let expected = expected_files();
    if std::env::var_os("MIGGUARD_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for entry in std::fs::read_dir(&dir).expect("docs/rules") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).expect("remove stale doc");
            }
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).expect("write doc");
        }
    }
    let mut actual = BTreeMap::new();
    for entry in
        std::fs::read_dir(&dir).expect("docs/rules exists (MIGGUARD_UPDATE_DOCS=1 to generate)")
    {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        actual.insert(name, std::fs::read_to_string(&path).expect("read doc"));
    }
    let stale: Vec<&String> = expected
        .keys()
        .chain(actual.keys())
        .filter(|name| expected.get(*name) != actual.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({stale:?}): run MIGGUARD_UPDATE_DOCS=1 cargo test --test rule_docs"
    );
    println!("docs/rules: {} rule pages up to date", RULES.len());
}
