use super::*;

#[test]
fn a_version_1_file_still_opens() {
    // The worked example as version 1 wrote it (docs/export-example.json
    // before version 2), kept so every later version must still read it.
    let env = parse(include_str!("../fixtures/export-v1.json")).unwrap();
    assert_eq!(env.version, 1);
    assert_eq!(env.data.students.len(), 1);
    assert_eq!(env.data.files.len(), 1);
    assert_eq!(
        env.data.class_position.as_ref().unwrap().describe(),
        "1-е место из 1 по числу достижений"
    );
    // Its records merge into an empty device with version 2's defaults.
    let p = to_portfolio(&env.data);
    let r = p.students.values().next().unwrap();
    assert!(r.student.former_classes.is_empty());
    assert!(r.achievements.iter().all(|a| !a.remote && !a.team));
    assert_eq!(p.school.as_ref().unwrap().rating, Default::default());
    // Written again, it is today's version and reads back the same.
    let again = parse(&to_json(
        &export(&p, &Scope::School, None, &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(again.version, WHOLE_VERSION);
    assert_eq!(to_portfolio(&again.data).students, p.students);
}

#[test]
fn the_documented_example_is_a_valid_file_of_this_version() {
    // docs/export-example.json is written by `cargo run -p portfolio-core
    // --example export_example`.
    let env = parse(include_str!("../../../docs/export-example.json")).unwrap();
    assert_eq!(env.version, WHOLE_VERSION);
    let r = &env.data.students[0];
    assert_eq!(r.rewards.len(), 1);
    assert_eq!(r.observations.len(), 1);
    assert!(r.achievements[0].gto.as_ref().unwrap().sign.is_some());
    let pos = env.data.class_position.as_ref().unwrap();
    assert!(pos.basis.is_some(), "a child's place says what it is by");
}

#[test]
fn a_file_without_documents_merges_its_records_and_leaves_unknown_documents_out() {
    let (_, p, _) = school(21, 8);
    let text = to_json(&export(&p, &Scope::School, None, &writer()).unwrap());
    let env = parse(&text).unwrap();
    let mut incoming = to_portfolio(&env.data);
    let n: usize = p.students.values().map(|r| r.documents().count()).sum();
    assert!(n > 0);
    // On an empty device none of the documents' bytes exist: they are left out.
    assert_eq!(
        portfolio_core::exchange::drop_missing_documents(&mut incoming, &Portfolio::default()),
        n
    );
    // On the device that has them, nothing is left out.
    let mut again = to_portfolio(&env.data);
    assert_eq!(
        portfolio_core::exchange::drop_missing_documents(&mut again, &p),
        0
    );
    assert!(portfolio_core::exchange::new_files(&env.data, &Portfolio::default()).is_empty());
    let name = portfolio_core::exchange::file_name(
        &p,
        &Scope::School,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    );
    assert_eq!(name, "Портфолио_школа_2026-11-23.json");
}

#[test]
fn one_reading_tells_a_plain_file_from_an_encrypted_one() {
    use portfolio_core::exchange::{open, Opened};
    let text = sample();
    match open(&text) {
        Ok(Opened::Plain(env)) => assert_eq!(*env, parse(&text).unwrap()),
        _ => panic!("a plain export is read whole"),
    }
    // The same rules as `parse`, with the same messages.
    let broken = &text[..text.len() / 2];
    assert_eq!(
        open(broken).err().map(|e| e.to_string()),
        parse(broken).err()
    );
}

#[test]
fn a_version_2_childs_file_of_the_previous_release_opens() {
    // Written by the release before format 3 (commit ce709ca, generator in
    // fixtures/stored_v2.rs.txt): a child's file with a ГТО tick and a document.
    let env = parse(include_str!("../fixtures/export-v2.json")).unwrap();
    assert_eq!(env.version, 2);
    assert_eq!(env.data.files.len(), 1);
    let p = to_portfolio(&env.data);
    let r = p.students.values().next().unwrap();
    assert!(r.rewards.is_empty() && r.observations.is_empty());
    let tick = r
        .achievements
        .iter()
        .find(|a| a.title == "Сдача норм ГТО")
        .unwrap();
    assert_eq!(
        tick.gto.as_ref().unwrap().describe(),
        "знак ГТО (вид не указан)"
    );
    assert_eq!(p.catalogues.list(CatalogueKind::RewardKinds).len(), 6);
    // Its document's bytes are intact.
    let files = embedded_files(&env.data);
    let d = r.documents().next().unwrap();
    assert!(d.matches(&files[&portfolio_core::stored::file_key(&d.id)]));
    // Written again it is today's version and reads back the same.
    let again = parse(&to_json(
        &export(&p, &env.scope, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(again.version, WHOLE_VERSION);
    assert_eq!(to_portfolio(&again.data).students, p.students);
    assert_eq!(embedded_files(&again.data), files);
}

#[test]
fn older_files_of_generated_schools_migrate_with_nothing_lost() {
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 12);
        let text = full_export(&p, &files);
        let old = as_older(&text, 2);
        let env = parse(&old).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(env.version, 2);
        let got = to_portfolio(&env.data);
        // What the old file held is all there: the records without the
        // newer kinds, each ГТО badge as a badge of unknown sign.
        let mut expected = p.clone();
        for r in expected.students.values_mut() {
            let r = std::sync::Arc::make_mut(r);
            r.rewards.clear();
            r.observations.clear();
            for a in &mut r.achievements {
                if a.gto.is_some() {
                    a.gto = Some(Default::default());
                }
            }
        }
        assert_eq!(got, expected, "seed {seed}");
        // Every document of those records keeps its bytes.
        let bytes = embedded_files(&env.data);
        for d in got.students.values().flat_map(|r| r.documents()) {
            assert!(
                d.matches(&bytes[&portfolio_core::stored::file_key(&d.id)]),
                "seed {seed}"
            );
        }
        // Migrated and written again, it round-trips exactly.
        let again = to_json(&export(&got, &Scope::School, None, &writer()).unwrap());
        assert_eq!(
            to_portfolio(&parse(&again).unwrap().data),
            got,
            "seed {seed}"
        );
    }
}
