//! The embedded CSTO base: it loads cleanly, and its interval queries answer
//! the dossier's questions.

use factline_core::facts::{self, FactBase, LoadOptions, model::Value};
use jiff::civil::{Date, date};
use std::path::Path;

fn base() -> FactBase {
    let loaded = facts::load_embedded(&LoadOptions::default());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    loaded.base
}

/// Ids of the subjects for which `relation` to `value` holds on `day`, sorted.
fn subjects_on(base: &FactBase, relation: &str, value: &str, day: Date) -> Vec<String> {
    let (rel, value) = (
        base.relation(relation).unwrap(),
        base.entity(value).unwrap(),
    );
    let mut ids: Vec<String> = base
        .subjects_on(rel, value, day)
        .into_iter()
        .map(|e| base.entity_of(e).id.to_string())
        .collect();
    ids.sort();
    ids
}

fn members_on(base: &FactBase, org: &str, day: Date) -> Vec<String> {
    subjects_on(base, "member_of", org, day)
}

fn holder_on(base: &FactBase, subject: &str, relation: &str, day: Date) -> Vec<String> {
    let (s, r) = (
        base.entity(subject).unwrap(),
        base.relation(relation).unwrap(),
    );
    base.values_on(s, r, day)
        .into_iter()
        .map(|id| match &base.statement_of(id).value {
            Value::Entity(e) => base.entity_of(*e).id.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn membership_counts_follow_the_intervals() {
    let base = base();
    let members = members_on(&base, "csto", date(2010, 6, 1));
    assert_eq!(members.len(), 7, "{members:?}");
    assert!(members.contains(&"uzbekistan".to_string()));
    assert_eq!(members_on(&base, "csto", date(2026, 11, 23)).len(), 6);
    assert_eq!(members_on(&base, "csto", date(2004, 1, 1)).len(), 6);
    // `until` is the last day held: seven members on 2012-12-18, six from the next day.
    assert_eq!(members_on(&base, "csto", date(2012, 12, 18)).len(), 7);
    assert_eq!(members_on(&base, "csto", date(2012, 12, 19)).len(), 6);
    assert!(
        members_on(&base, "csto", date(2012, 12, 20))
            .iter()
            .all(|m| m != "uzbekistan")
    );
    assert!(
        members_on(&base, "csto", date(2001, 1, 1)).is_empty(),
        "no organization before 2002"
    );
}

#[test]
fn treaty_parties_over_time() {
    let base = base();
    let count = |d| subjects_on(&base, "party_to", "cst", d).len();
    assert_eq!(count(date(1993, 1, 1)), 6);
    assert_eq!(count(date(1995, 1, 1)), 9);
    assert_eq!(count(date(2000, 1, 1)), 6);
    // Uzbekistan's return (2006) was to the organization; a second treaty-party interval
    // has no dossier support and is kept unconfirmed.
    assert_eq!(count(date(2010, 6, 1)), 6);
}

#[test]
fn office_holders_on_a_date() {
    let base = base();
    assert_eq!(
        holder_on(&base, "csto", "secretary_general", date(2024, 5, 1)),
        ["tasmagambetov"]
    );
    assert_eq!(
        holder_on(&base, "csto", "secretary_general", date(2021, 3, 1)),
        ["zas"]
    );
    assert_eq!(
        holder_on(&base, "csto", "secretary_general", date(2026, 11, 23)),
        ["masadykov"]
    );
    assert_eq!(
        holder_on(
            &base,
            "joint_staff",
            "chief_of_joint_staff",
            date(2023, 8, 28)
        ),
        ["sidorov"]
    );
    // The handover day belongs to the successor.
    assert_eq!(
        holder_on(
            &base,
            "joint_staff",
            "chief_of_joint_staff",
            date(2023, 11, 23)
        ),
        ["serdyukov"]
    );
    assert_eq!(
        holder_on(&base, "csto", "chair", date(2026, 6, 1)),
        ["russia"]
    );
    assert_eq!(
        holder_on(&base, "csto", "chair", date(2025, 6, 1)),
        ["kyrgyzstan"]
    );
    assert_eq!(
        holder_on(&base, "csto_pa", "chair", date(2022, 5, 18)),
        ["volodin"]
    );
}

#[test]
fn seed_errors_are_kept_as_deprecated_and_disputed() {
    let base = base();
    let wrong = base.statement("csto_1992").unwrap();
    assert!(base.statement_of(wrong).is_deprecated());
    let dispute = base.disputes_of(wrong).next().expect("founding dispute");
    assert_eq!(dispute.id.as_ref(), "founding");
    // A deprecated statement is never evidence.
    let founded = holder_on(&base, "csto", "founded", date(2020, 1, 1));
    assert_eq!(founded.len(), 1);
    assert!(founded[0].contains("year: 2002"), "{founded:?}");
    let az = base.statement("az_cst_1997").unwrap();
    assert!(
        base.disputes_of(az)
            .any(|d| d.id.as_ref() == "nonrenewal_year")
    );
}

#[test]
fn aliases_and_closed_world() {
    let base = base();
    let csto = base.entity("csto").unwrap();
    assert_eq!(base.entities_named("ODKB"), [csto]);
    assert_eq!(
        base.entities_named("collective security treaty organisation"),
        [csto]
    );
    let crrf = base.entity("crrf").unwrap();
    assert_eq!(
        base.entities_named("Collective Rapid Response Force"),
        [crrf]
    );
    let member_of = base.relation_of(base.relation("member_of").unwrap());
    assert!(member_of.is_complete_for(csto));
    assert!(!member_of.is_complete_for(crrf));
}

#[test]
fn every_statement_cites_a_source() {
    let base = base();
    assert!(base.statements.iter().all(|s| !s.citations.is_empty()));
    assert!(base.stats().statements >= 90);
}

/// The acceptance check, whenever the seed texts are beside the repo.
#[test]
fn seed_quotes_verify_against_the_seed_texts() {
    let seeds = Path::new("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    }
    let options = LoadOptions {
        sources_dir: Some(seeds.to_path_buf()),
        ..Default::default()
    };
    let loaded = facts::load_files(&["facts/csto.facts".to_string()], &options);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let stats = loaded.base.stats();
    assert!(stats.quotes >= 20);
    assert_eq!(stats.quotes_verified, stats.quotes);
}

#[test]
fn embedded_files_are_named_as_embedded_never_as_disk_paths() {
    // A server started in a notes folder must not take `facts/csto.facts` there for the
    // embedded file (go to definition would open a file that does not exist).
    let base = base();
    assert!(!base.files.is_empty());
    for file in &base.files {
        assert!(
            file.path.starts_with(facts::embedded::PREFIX),
            "{}",
            file.path
        );
    }
}

/// Armenia's funding stop (dossier F076, D22): one withholding from May 2024, restated in
/// March 2025, so a claim of funding after it is false and either date of refusal holds.
#[test]
fn armenia_withholds_its_funding_from_may_2024() {
    let base = base();
    let withholding = |d| subjects_on(&base, "withholds_funding", "csto", d);
    assert!(withholding(date(2024, 4, 1)).is_empty());
    assert_eq!(withholding(date(2024, 5, 1)), ["armenia"]);
    assert_eq!(withholding(date(2025, 3, 31)), ["armenia"]);
    let engine = factline_core::check::Engine::new(base);
    let note = "---\nas_of: 2026-06-01\n---\nArmenia funds the CSTO.\n\n\
                Armenia stopped funding the CSTO in 2024.\n\n\
                In March 2025 Armenia refused to finance the CSTO.\n\n\
                Armenia stopped funding the CSTO in 2022.\n";
    let report = factline_core::check::check(&engine, note, &Default::default());
    let lines = factline_core::text::LineIndex::new(note);
    let found: Vec<(usize, &str)> = report
        .findings
        .iter()
        .filter(|f| f.claim.is_some() && f.verdict != factline_core::verdict::Verdict::Uncited)
        .map(|f| (lines.line_of(f.range.start) + 1, f.verdict.code()))
        .collect();
    assert_eq!(
        found,
        [(4, "contradicted"), (6, "supported"), (10, "contradicted")]
    );
}
