use super::*;

#[test]
fn a_years_archive_holds_that_year_and_is_never_merged_by_scope() {
    let (_, mut p, files) = school(9, 12);
    // A class of the year before, and a student who was in it then.
    let old = portfolio_core::records::school::ClassForm {
        name: "1 А".into(),
        year: 2025,
        teacher_id: String::new(),
    }
    .parse(
        Id::fixed("old-class"),
        &p.classes,
        portfolio_core::Revision::builtin(),
    )
    .unwrap();
    p.classes.push(old.clone());
    let sid = p.students.keys().next().unwrap().clone();
    {
        let r = std::sync::Arc::make_mut(p.students.get_mut(&sid).unwrap());
        r.student
            .former_classes
            .push(portfolio_core::records::student::Membership {
                class_id: old.id.clone(),
                until: chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap(),
            });
    }
    let scope = Scope::Archive { start_year: 2025 };
    let env = parse(&to_json(
        &export(&p, &scope, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    assert_eq!(env.scope, scope);
    assert_eq!(env.data.classes.len(), 1);
    assert_eq!(env.data.students.len(), 1);
    let r = &env.data.students[0];
    assert_eq!(r.student.class_id, old.id);
    // The generated records are all of 2026/2027: none belongs to 2025/2026.
    assert!(r.achievements.is_empty() && r.rewards.is_empty() && r.observations.is_empty());
    assert!(env.data.deleted.is_empty() && env.data.lost.is_empty());
    // This year's archive: every class of 2026, all their students and records.
    let env = parse(&to_json(
        &export(
            &p,
            &Scope::Archive { start_year: 2026 },
            Some(&files),
            &writer(),
        )
        .unwrap(),
    ))
    .unwrap();
    assert_eq!(env.data.classes.len(), 3);
    assert_eq!(env.data.students.len(), p.students.len());
    let docs: usize = env
        .data
        .students
        .iter()
        .map(|r| r.documents().count())
        .sum();
    assert_eq!(
        docs,
        p.students
            .values()
            .map(|r| r.documents().count())
            .sum::<usize>()
    );
    // A year with nobody in it is refused with a message.
    let e = export(&p, &Scope::Archive { start_year: 2020 }, None, &writer()).unwrap_err();
    assert!(e.contains("2020/2021"), "{e}");
    // A file saying it is an archive but holding another year's class is refused.
    let text = to_json(&export(&p, &Scope::Archive { start_year: 2026 }, None, &writer()).unwrap());
    let bad = text.replacen("\"start_year\":2026", "\"start_year\":2024", 1);
    assert!(parse(&bad).unwrap_err().contains("класс другого года"));
}
